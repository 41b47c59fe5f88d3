/**
 * What an order waits for, as a code the page words (codes in, words out). The order workflow
 * states it in its progress (`awaiting`) as a `WorkflowWait`: a code of ORDER_WAITS, with the
 * vendors for vendor_keys. Runs and `orders.progress` rows from before the codes hold the
 * workflow's Russian text instead; `readWorkflowWait` reads both. The invoice decides between
 * waiting for 1C's number and waiting for the money: the workflow says `payment` from the moment
 * it asks for an invoice that 1C has not numbered yet.
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

/** The waits the order workflow states itself (invoice_number is the reader's finding, other an unknown text's). */
export type WorkflowWaitCode = Exclude<OrderWaitCode, 'invoice_number' | 'other'>;
/** What the order workflow holds in its progress's `awaiting` while it waits. */
export type WorkflowWait = { code: 'vendor_keys'; vendors: string[] } | { code: Exclude<WorkflowWaitCode, 'vendor_keys'> };
/** `awaiting` as recorded: a code from new runs, the workflow's text from older ones, null when it waits for nothing. */
export type RecordedWait = WorkflowWait | string | null;

/** The order workflow's `awaiting` texts before it stated codes, as running workflows and recorded rows carry them. */
const WORKFLOW_TEXTS: Record<string, Exclude<WorkflowWaitCode, 'vendor_keys'>> = {
  'оплата счёта': 'payment',
  'номер акта от 1С': 'act_number',
  'решение сотрудника по лицензионным правилам': 'staff_decision',
  'разбор сотрудником': 'staff_review',
};
const VENDOR_KEYS_PREFIX = 'ключи от ';

const WORKFLOW_WAITS: ReadonlySet<string> = new Set(ORDER_WAITS.filter((code) => code !== 'invoice_number' && code !== 'other'));

/** The workflow's wait as a code, whichever form it was recorded in; a text this function does not know is `other`. */
export function readWorkflowWait(awaiting: RecordedWait): WorkflowWait | { code: 'other'; text: string } | null {
  if (awaiting === null || awaiting === undefined) return null;
  if (typeof awaiting !== 'string') {
    if (awaiting.code === 'vendor_keys') return { code: 'vendor_keys', vendors: Array.isArray(awaiting.vendors) ? awaiting.vendors : [] };
    return WORKFLOW_WAITS.has(awaiting.code) ? { code: awaiting.code } : { code: 'other', text: String(awaiting.code) };
  }
  if (awaiting.startsWith(VENDOR_KEYS_PREFIX)) return { code: 'vendor_keys', vendors: awaiting.slice(VENDOR_KEYS_PREFIX.length).split(', ').filter(Boolean) };
  const code = WORKFLOW_TEXTS[awaiting];
  return code ? { code } : { code: 'other', text: awaiting };
}

export function orderWaiting(
  awaiting: RecordedWait,
  timeline: ReadonlyArray<{ step: string; detail?: string }>,
  invoice: { number: string | null; dueDate: string | null; status: InvoiceStatus } | null,
): OrderWaiting | null {
  const wait = readWorkflowWait(awaiting);
  if (wait === null) return null;
  const none = { vendors: [], invoiceNumber: null, dueDate: null, text: null };
  switch (wait.code) {
    case 'vendor_keys': {
      const received = new Set(timeline.filter((e) => e.step === 'keys_received').map((e) => e.detail));
      return { ...none, code: 'vendor_keys', vendors: wait.vendors.filter((code) => !received.has(code)) };
    }
    case 'payment':
      if (!invoice?.number || invoice.status === 'awaiting_number') return { ...none, code: 'invoice_number' };
      // A postpay order paid before its act is numbered still says `payment` until both are done.
      if (invoice.status === 'paid') return timeline.some((e) => e.step === 'act_issued') ? null : { ...none, code: 'act_number' };
      return { ...none, code: 'payment', invoiceNumber: invoice.number, dueDate: invoice.dueDate };
    case 'other':
      return { ...none, code: 'other', text: wait.text };
    default:
      return { ...none, code: wait.code };
  }
}
