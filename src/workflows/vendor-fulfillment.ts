import { ApplicationFailure, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  cancelFulfillmentSignal,
  DEFAULT_SLA_HOURS,
  keysEnteredSignal,
  type VendorFulfillmentInput,
  type VendorFulfillmentResult,
} from './order.contract';

// Vendor calls retry with backoff through 5xx, 429 and timeouts; a rejected request does not retry.
const vendorApi = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['VendorRejected'] },
});

// Most vendors issue keys within seconds, some take hours: poll soon, then back off to a minute.
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 60_000;
/** About three hours of polling at the slowest pace per run, a few hundred history events. */
const POLLS_PER_RUN = 200;

const staffWork = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/** Gets the keys for one vendor's part of an order, the way that vendor hands them over. */
export async function vendorFulfillment(input: VendorFulfillmentInput): Promise<VendorFulfillmentResult> {
  const { vendor } = input;
  let keysEntered = false;
  let cancelled: string | null = null;
  setHandler(keysEnteredSignal, () => {
    keysEntered = true;
  });
  setHandler(cancelFulfillmentSignal, ({ reason }) => {
    cancelled = reason;
  });
  switch (vendor.adapterKind) {
    case 'api': {
      // A continued run resumes polling the vendor order it already placed.
      const vendorOrderId =
        input.resume?.vendorOrderId ??
        (
          await vendorApi.placeVendorOrder({
            orderId: input.orderId,
            orderNumber: input.orderNumber,
            vendorId: vendor.vendorId,
            vendorCode: vendor.vendorCode,
            lines: vendor.lines,
          })
        ).vendorOrderId;
      const placedAt = input.resume?.placedAt ?? Date.now();
      let escalated = input.resume?.escalated ?? false;
      const slaMs = (vendor.slaHours ?? DEFAULT_SLA_HOURS) * 60 * 60 * 1000;
      let delay = input.resume ? MAX_POLL_MS : FIRST_POLL_MS;
      for (let poll = 1; ; poll++, delay = Math.min(delay * 2, MAX_POLL_MS)) {
        if (cancelled !== null) throw ApplicationFailure.nonRetryable(`staff cancelled ${vendor.vendorCode}: ${cancelled}`, 'FulfillmentCancelled');
        const collected = await vendorApi.collectVendorKeys({ vendorId: vendor.vendorId, vendorOrderId, lines: vendor.lines });
        if (collected.state === 'completed') return { vendorCode: vendor.vendorCode, vendorOrderId, keyCount: collected.keyCount };
        if (!escalated && Date.now() - placedAt >= slaMs) {
          escalated = true;
          const task = { orderId: input.orderId, orderNumber: input.orderNumber, vendorId: vendor.vendorId, vendorCode: vendor.vendorCode, lines: vendor.lines };
          await staffWork.escalateStuckFulfillment({ ...task, slaHours: vendor.slaHours ?? DEFAULT_SLA_HOURS });
        }
        // A vendor may take days: keep the history small by starting afresh now and then.
        if (poll >= POLLS_PER_RUN) return continueAsNew<typeof vendorFulfillment>({ ...input, resume: { vendorOrderId, placedAt, escalated } });
        await condition(() => cancelled !== null, delay);
      }
    }
    case 'manual': {
      // Staff type or upload the keys; past the SLA the task is escalated, and still awaited.
      const task = { orderId: input.orderId, orderNumber: input.orderNumber, vendorId: vendor.vendorId, vendorCode: vendor.vendorCode, lines: vendor.lines };
      await staffWork.requestManualKeys(task);
      const slaMs = (vendor.slaHours ?? DEFAULT_SLA_HOURS) * 60 * 60 * 1000;
      let escalated = false;
      // Staff may have entered the keys before this fulfilment started (a prepay order awaiting payment).
      const early = await staffWork.checkEnteredKeys({ lines: vendor.lines });
      if (early.complete) return { vendorCode: vendor.vendorCode, vendorOrderId: 'manual', keyCount: early.keyCount };
      const staffActed = () => keysEntered || cancelled !== null;
      for (;;) {
        // Within the SLA the wait has a deadline; once escalated it waits for staff without one.
        if (escalated) {
          await condition(staffActed);
        } else if (!(await condition(staffActed, slaMs))) {
          escalated = true;
          await staffWork.escalateStuckFulfillment({ ...task, slaHours: vendor.slaHours ?? DEFAULT_SLA_HOURS });
          continue;
        }
        if (cancelled !== null) throw ApplicationFailure.nonRetryable(`staff cancelled ${vendor.vendorCode}: ${cancelled}`, 'FulfillmentCancelled');
        keysEntered = false;
        const entered = await staffWork.checkEnteredKeys({ lines: vendor.lines });
        if (entered.complete) return { vendorCode: vendor.vendorCode, vendorOrderId: 'manual', keyCount: entered.keyCount };
      }
    }
    case 'email':
      // The API refuses these vendors until the e-mail adapter exists (issue 4); reaching here is a bug.
      throw ApplicationFailure.nonRetryable(`the ${vendor.adapterKind} adapter of vendor ${vendor.vendorCode} is not available yet`, 'AdapterUnavailable');
  }
}
