/**
 * Settlement terms. The schemes differ in when they invoice, not in how an invoice is numbered,
 * paid or chased; the terms below are banking days counted from the invoice's 1C date.
 */

/** Postpay: the invoice is due in 3 banking days (the distributor's dealer agreement). */
export const POSTPAY_TERM_BANKING_DAYS = 3;
/** Prepay: an unpaid invoice expires after this many banking days unless configured otherwise. */
export const DEFAULT_PREPAY_VALIDITY_BANKING_DAYS = 5;
/** Monthly: the consolidated invoice for a month is due in this many banking days. */
export const MONTHLY_TERM_BANKING_DAYS = 5;

export interface CreditCheck {
  creditLimitKopecks: number;
  outstandingKopecks: number;
  orderKopecks: number;
}

/** Postpay and monthly dealers buy on credit: what they owe plus the new order must fit the limit. */
export function fitsCreditLimit({ creditLimitKopecks, outstandingKopecks, orderKopecks }: CreditCheck): boolean {
  return outstandingKopecks + orderKopecks <= creditLimitKopecks;
}
