/** Invoice and accounting-document vocabulary, shared by the database, the API, the workflows and the UI. */
import { SETTLEMENT_SCHEMES } from './order';

export const INVOICE_STATUSES = ['awaiting_number', 'issued', 'partially_paid', 'paid', 'overdue', 'expired', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Statuses in which an invoice still waits for money. */
export const UNPAID_INVOICE_STATUSES = ['awaiting_number', 'issued', 'partially_paid', 'overdue'] as const satisfies readonly InvoiceStatus[];

/** An invoice is issued for one settlement scheme's reason: a prepayment, a postpay order, a month's statement. */
export const INVOICE_PURPOSES = SETTLEMENT_SCHEMES;
export type InvoicePurpose = (typeof INVOICE_PURPOSES)[number];

export const DOCUMENT_KINDS = ['invoice', 'act', 'consolidated_invoice', 'key_archive', 'reconciliation'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
