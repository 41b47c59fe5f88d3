import { condition, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  invoiceNumberAssignedSignal,
  invoicePaymentsChangedSignal,
  invoiceStateQuery,
  type InvoiceNumber,
  type InvoiceResult,
  type InvoiceState,
  type InvoiceWorkflowInput,
} from './invoice.contract';

const billing = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });
/**
 * Registration is one short database transaction: as a local activity it runs inside the workflow
 * task that asks for it, sparing the server an activity task and a workflow task per invoice
 * (the month-end close starts thousands at once). Retried like the others, and idempotent.
 */
const localBilling = proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', localRetryThreshold: '10 seconds' });

/** `patched()` ids of deliberate changes to the invoice workflow (histories recorded before them still replay). */
export const INVOICE_PATCHES = {
  /** The invoice is registered by a local activity (no activity task on the server). */
  localRegistration: 'invoice-local-registration',
} as const;

/** How long 1C may take to number a document before staff are asked to look at the exchange. */
const NUMBERING_SLA = '1 day';

/**
 * One invoice, the same for every scheme: register it with 1C, wait for 1C's number, issue it
 * (due date by the production calendar, PDF for the dealer), then wait for payment until it falls due. An unpaid prepay invoice expires; an unpaid postpay
 * or monthly invoice goes overdue (the dealer is put on credit hold) and is still awaited.
 * Money is counted in PostgreSQL; signals only tell the workflow to look again.
 */
export async function invoice(input: InvoiceWorkflowInput): Promise<InvoiceResult> {
  const state: InvoiceState = { status: 'awaiting_number', invoiceId: null, number: null, dueDate: null, amountKopecks: null, paidKopecks: 0 };
  let assigned: InvoiceNumber | null = null;
  let paymentsChanged = false;
  setHandler(invoiceStateQuery, () => state);
  setHandler(invoiceNumberAssignedSignal, (number) => {
    assigned ??= number; // 1C may send the same number twice; the first one stands.
  });
  setHandler(invoicePaymentsChangedSignal, () => {
    paymentsChanged = true;
  });

  const registration = { ...input, workflowId: workflowInfo().workflowId };
  const registered = patched(INVOICE_PATCHES.localRegistration) ? await localBilling.registerInvoice(registration) : await billing.registerInvoice(registration);
  state.invoiceId = registered.invoiceId;
  state.amountKopecks = registered.amountKopecks;

  // 1C numbers documents within hours; a day without a number means the exchange is stuck.
  if (!(await condition(() => assigned !== null, NUMBERING_SLA))) {
    await billing.escalateUnnumberedDocument({ documentType: input.purpose === 'monthly' ? 'consolidated_invoice' : 'invoice', documentId: registered.invoiceId, workflowId: workflowInfo().workflowId });
    await condition(() => assigned !== null);
  }
  const signalled = assigned!;
  const issued = await billing.issueInvoice({ invoiceId: registered.invoiceId, number: signalled.number, date: signalled.date, termBankingDays: input.termBankingDays });
  // The number 1C recorded, whatever the signal said (results recorded before this carry none).
  const number = { number: issued.number ?? signalled.number };
  Object.assign(state, { status: 'issued', number: number.number, dueDate: issued.dueDate });
  await billing.renderInvoiceDocument({ invoiceId: registered.invoiceId });

  const settled = async (): Promise<boolean> => {
    const balance = await billing.readInvoiceBalance({ invoiceId: registered.invoiceId });
    state.paidKopecks = balance.paidKopecks;
    if (balance.paidKopecks < balance.amountKopecks) {
      if (balance.paidKopecks > 0 && state.status === 'issued') state.status = 'partially_paid';
      return false;
    }
    if (!(await billing.settleInvoice({ invoiceId: registered.invoiceId })).settled) return false;
    state.status = 'paid';
    return true;
  };
  /** Waits for payments with no deadline left; re-reads the books daily in case a wake-up was lost. */
  const awaitFullPayment = async () => {
    while (!(await settled())) {
      await condition(() => paymentsChanged, '1 day');
      paymentsChanged = false;
    }
  };
  const result = (outcome: InvoiceResult['outcome']): InvoiceResult => ({ outcome, invoiceId: registered.invoiceId, number: number.number });

  // Until the due date passes: wake on every payment.
  for (;;) {
    const untilDue = Date.parse(issued.overdueAt) - Date.now();
    const woken = untilDue > 0 && (await condition(() => paymentsChanged, untilDue));
    if (!woken) break;
    paymentsChanged = false;
    if (await settled()) return result('paid');
  }

  // Due date passed. A payment recorded just now wins over expiry: the activities decide in one
  // database statement, so the answer is the same as the books'.
  if (input.purpose === 'prepay') {
    const { expired } = await billing.expireInvoice({ invoiceId: registered.invoiceId });
    if (expired) {
      state.status = 'expired';
      return result('expired');
    }
    await awaitFullPayment();
    return result('paid');
  }
  const { overdue } = await billing.markInvoiceOverdue({ invoiceId: registered.invoiceId });
  if (overdue) state.status = 'overdue';
  await awaitFullPayment();
  return result('paid');
}
