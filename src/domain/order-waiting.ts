/**
 * What an order waits for, as a code the page words (codes in, words out). The order workflow
 * states it as text in its progress (`awaiting`); running workflows and recorded histories keep
 * that text, so it is read here rather than changed there. The invoice decides between waiting for
 * 1C's number and waiting for the money: the workflow says «оплата счёта» from the moment it asks
 * for an invoice that 1C has not numbered yet.
 */
import type { InvoiceStatus } from './invoice';

export const ORDER_WAITS = ['invoice_number', 'payment', 'vendor_keys', 'act_number', 'staff_decision', 'staff_review', 'other'] as const;
export type OrderWaitCode = (typeof ORDER_WAITS)[number];

export interface OrderWaiting {
  code: OrderWaitCode;
  /** Vendor codes whose keys have not arrived (vendor_keys). */
  vendors: string[];
  /** The invoice being paid (payment). */
  invoiceNumber: string | null;
  dueDate: string | null;
  /** The workflow's own words, for a wait this function does not know (other). */
  text: string | null;
}

/** The order workflow's `awaiting` texts (src/workflows/orders/order.ts), as running and recorded workflows carry them. */
const WORKFLOW_TEXTS: Record<string, Exclude<OrderWaitCode, 'vendor_keys' | 'invoice_number' | 'other'>> = {
  'оплата счёта': 'payment',
  'номер акта от 1С': 'act_number',
  'решение сотрудника по лицензионным правилам': 'staff_decision',
  'разбор сотрудником': 'staff_review',
};
const VENDOR_KEYS_PREFIX = 'ключи от ';

export function orderWaiting(
  awaiting: string | null,
  timeline: ReadonlyArray<{ step: string; detail?: string }>,
  invoice: { number: string | null; dueDate: string | null; status: InvoiceStatus } | null,
): OrderWaiting | null {
  if (awaiting === null) return null;
  const none = { vendors: [], invoiceNumber: null, dueDate: null, text: null };
  if (awaiting.startsWith(VENDOR_KEYS_PREFIX)) {
    const received = new Set(timeline.filter((e) => e.step === 'keys_received').map((e) => e.detail));
    const vendors = awaiting.slice(VENDOR_KEYS_PREFIX.length).split(', ').filter((code) => code && !received.has(code));
    return { ...none, code: 'vendor_keys', vendors };
  }
  const code = WORKFLOW_TEXTS[awaiting];
  if (code === 'payment') {
    if (!invoice?.number || invoice.status === 'awaiting_number') return { ...none, code: 'invoice_number' };
    // A postpay order paid before its act is numbered still says «оплата счёта» until both are done.
    if (invoice.status === 'paid') return timeline.some((e) => e.step === 'act_issued') ? null : { ...none, code: 'act_number' };
    return { ...none, code, invoiceNumber: invoice.number, dueDate: invoice.dueDate };
  }
  return code ? { ...none, code } : { ...none, code: 'other', text: awaiting };
}
