/** Invoice and accounting-document vocabulary, shared by the database, the API, the workflows and the UI. */
import { SETTLEMENT_SCHEMES } from './order';

export const INVOICE_STATUSES = ['awaiting_number', 'issued', 'partially_paid', 'paid', 'overdue', 'expired', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Statuses in which an invoice still waits for money. */
export const UNPAID_INVOICE_STATUSES = ['awaiting_number', 'issued', 'partially_paid', 'overdue'] as const satisfies readonly InvoiceStatus[];

/** An invoice is issued for one settlement scheme's reason: a prepayment, a postpay order, a month's statement. */
export const INVOICE_PURPOSES = SETTLEMENT_SCHEMES;
export type InvoicePurpose = (typeof INVOICE_PURPOSES)[number];

/** `upd` is the УПД's printed form (PDF), `upd_xml` the same document as ФНС's 5.03 XML file. */
export const DOCUMENT_KINDS = ['invoice', 'act', 'consolidated_invoice', 'key_archive', 'reconciliation', 'upd', 'upd_xml'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Whether a date 1C gives an invoice or an act can be right: not more than one banking day ahead
 * of today in Moscow (1C may date a document for the next banking day, never next week), and not
 * before the earliest day the document could exist (the order's day; for a month's consolidated
 * invoice, the month's first day). Codes only: the locale words them.
 */
export type DocumentDateProblem = { code: 'document_date.too_far_ahead'; latest: string } | { code: 'document_date.before_order'; earliest: string };

export function checkDocumentDate(
  calendar: { nextBankingDay(date: string): string },
  input: { date: string; today: string; earliest: string },
): DocumentDateProblem | null {
  const latest = calendar.nextBankingDay(input.today);
  if (input.date > latest) return { code: 'document_date.too_far_ahead', latest };
  if (input.date < input.earliest) return { code: 'document_date.before_order', earliest: input.earliest };
  return null;
}
