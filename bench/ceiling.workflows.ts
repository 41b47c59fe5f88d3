/**
 * The engine's ceiling for the order benchmark: workflows of the same shape as a postpay order
 * (src/workflows/orders/order.ts with its vendorFulfillment and invoice children, as a real order's
 * history in the benchmark shows it), whose activities do nothing. What SID adds on top of Temporal
 * is the difference between the two runs. `npm run bench` counts both histories and says so when
 * they differ: change this file with the order workflow.
 *
 * The shape, to "shipped" and after it as far as an order goes without 1C:
 * - order: policy re-check, status, one vendor child, status, archive, status ("shipped": the
 *   benchmark's clock stops here), licences, key letter and a local progress record beside the
 *   invoice child, a local progress record, act registration, then it waits for the act's number;
 * - vendor child: placement and collection, each with the SLA timer beside it, and the vendor's
 *   "ready" callback as a signal;
 * - invoice child: registration (a local activity, as `invoice` registers under patch
 *   `invoice-local-registration`), then it waits for 1C's number with a timer;
 * - not a child, so not in the counted shape: the licence's renewal workflow, which the licences
 *   step starts through the client and which waits for the reminder date with a timer (the
 *   benchmark's no-op `recordLicenses` starts `ceilingRenewal` the same way).
 */
import { condition, defineSignal, executeChild, proxyActivities, proxyLocalActivities, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';

export interface NoopActivities {
  noop(step: string): Promise<void>;
}
const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });

/** Sent by the benchmark's no-op placement, as the vendor simulator's callback reaches a real fulfilment. */
export const ceilingVendorReadySignal = defineSignal('vendorOrderReady');
/** Never sent in the benchmark, as 1C is not there: the invoice and the order wait for it. */
const numberAssigned = defineSignal('numberAssigned');

/** An activity with the fulfilment's SLA timer beside it (a condition with a timeout). */
async function withSlaTimer(step: string): Promise<void> {
  let answered = false;
  const call = noop(step).then(() => {
    answered = true;
  });
  await condition(() => answered, '48 hours');
  await call;
}

export async function ceilingVendor(): Promise<void> {
  setHandler(ceilingVendorReadySignal, () => {});
  await withSlaTimer('placeVendorOrder');
  await withSlaTimer('collectVendorKeys');
}

export async function ceilingRenewal(): Promise<void> {
  await sleep('60 days');
}

export async function ceilingInvoice(): Promise<void> {
  let numbered = false;
  setHandler(numberAssigned, () => {
    numbered = true;
  });
  await local.noop('registerInvoice');
  await condition(() => numbered, '3 days');
}

export async function ceilingOrder(vendors: number): Promise<void> {
  let actNumbered = false;
  setHandler(numberAssigned, () => {
    actNumbered = true;
  });
  await noop('recheckOrderPolicy');
  await noop('recordOrderStatus:fulfilling');
  await Promise.all(Array.from({ length: vendors }, (_, i) => executeChild(ceilingVendor, { workflowId: `${workflowInfo().workflowId}-vendor-${i}` })));
  await noop('recordOrderStatus:keys_received');
  await noop('buildOrderArchive');
  await noop('recordOrderStatus:shipped');
  await noop('recordLicenses');
  const keysMailed = noop('mailKeyArchive').then(() => local.noop('recordOrderProgress:keys_mailed'));
  const invoice = startChild(ceilingInvoice, { workflowId: `${workflowInfo().workflowId}-invoice` });
  void local.noop('recordOrderProgress:invoice_requested');
  await noop('registerAct');
  await Promise.all([invoice, keysMailed]);
  await condition(() => actNumbered);
}
