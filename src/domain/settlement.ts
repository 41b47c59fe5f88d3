/**
 * Settlement terms. The schemes differ in when they invoice, not in how an invoice is numbered,
 * paid or chased; the terms below are banking days counted from the invoice's 1C date.
 */
import type { BankingCalendar, IsoDate } from './banking-calendar';
import { moscowDayEnd } from './moscow-time';

/** Postpay: the invoice is due in 3 banking days (the distributor's dealer agreement). */
export const POSTPAY_TERM_BANKING_DAYS = 3;
/** Prepay: an unpaid invoice expires after this many banking days unless configured otherwise. */
export const DEFAULT_PREPAY_VALIDITY_BANKING_DAYS = 5;
/** Monthly: the consolidated invoice for a month is due in this many banking days. */
export const MONTHLY_TERM_BANKING_DAYS = 5;

/**
 * When an invoice falls due, for every scheme: the last banking day of its term counted from the
 * 1C date (the day after it is day 1, Civil Code art. 191), and overdue from the next Moscow
 * midnight. Throws the calendar's error for a date it cannot count from.
 */
export function invoiceDue(calendar: BankingCalendar, numberDate: IsoDate, termBankingDays: number): { dueDate: IsoDate; overdueAt: Date } {
  const dueDate = calendar.addBankingDays(numberDate, termBankingDays);
  return { dueDate, overdueAt: moscowDayEnd(dueDate) };
}

export interface CreditCheck {
  creditLimitKopecks: number;
  outstandingKopecks: number;
  orderKopecks: number;
}

/** Postpay and monthly dealers buy on credit: what they owe plus the new order must fit the limit. */
export function fitsCreditLimit({ creditLimitKopecks, outstandingKopecks, orderKopecks }: CreditCheck): boolean {
  return outstandingKopecks + orderKopecks <= creditLimitKopecks;
}

/**
 * What a dealer on credit owes for the credit check: its balance by the books (shipment documents
 * less payments, the reconciliation statement's closing balance today) plus its credit orders
 * not yet under a numbered shipment document, which will be debt once shipped. An advance (a
 * negative balance) counts in the dealer's favour; the result is never below zero.
 */
export function creditExposure({ balanceKopecks, unshippedKopecks }: { balanceKopecks: number; unshippedKopecks: number }): number {
  return Math.max(0, balanceKopecks + unshippedKopecks);
}

/** What a dealer on credit may still order for: the limit less what the credit check counts, never below zero. */
export function creditLeft({ creditLimitKopecks, outstandingKopecks }: { creditLimitKopecks: number; outstandingKopecks: number }): number {
  return Math.max(0, creditLimitKopecks - outstandingKopecks);
}
