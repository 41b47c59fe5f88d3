import { ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  cancelFulfillmentSignal,
  DEFAULT_SLA_HOURS,
  keysEnteredSignal,
  retryFulfillmentSignal,
  switchToManualSignal,
  vendorOrderReadySignal,
  type VendorFulfillmentInput,
  type VendorFulfillmentResult,
} from '../orders/order.contract';

// Vendor calls retry with backoff through 5xx, 429 and timeouts; a rejected request does not retry.
// The start-to-close timeout bounds one HTTP exchange, so a worker that died mid-call is noticed soon.
const vendorApi = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['VendorRejected'] },
});

// Sending mail retries through an unreachable relay; a vendor without an order-desk address does not retry.
const vendorMail = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['AdapterMisconfigured'] },
});

// Most vendors issue keys within seconds, some take hours: poll soon, then back off to a minute.
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 60_000;
/** About three hours of polling at the slowest pace per run, a few hundred history events. */
const POLLS_PER_RUN = 200;

const staffWork = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/** Changes to running fulfilments, in force until no run started before them is open (docs/workflow-versioning.md). */
export const VENDOR_FULFILLMENT_PATCHES = {
  /**
   * A vendor call retries for as long as the vendor is down, with no end (vendorApi above). Staff
   * used to hear of it only between polls, so an outage during placement or a poll was never
   * escalated: now the SLA timer runs beside the call, and the SLA counts from the first attempt.
   */
  escalateDuringOutage: 'vendor-fulfillment-escalate-during-outage',
} as const;

/** Gets the keys for one vendor's part of an order, the way that vendor hands them over. */
export async function vendorFulfillment(input: VendorFulfillmentInput): Promise<VendorFulfillmentResult> {
  const { vendor } = input;
  const task = { orderId: input.orderId, orderNumber: input.orderNumber, vendorId: vendor.vendorId, vendorCode: vendor.vendorCode, lines: vendor.lines };
  const slaHours = vendor.slaHours ?? DEFAULT_SLA_HOURS;
  let keysArrived = false;
  let vendorReady = false;
  let retryRequested = false;
  let cancelled: string | null = null;
  let switchedToManual: string | null = null;
  setHandler(keysEnteredSignal, () => {
    keysArrived = true;
  });
  setHandler(vendorOrderReadySignal, () => {
    vendorReady = true;
  });
  setHandler(retryFulfillmentSignal, () => {
    retryRequested = true;
  });
  setHandler(switchToManualSignal, ({ reason }) => {
    switchedToManual ??= reason;
  });
  setHandler(cancelFulfillmentSignal, ({ reason }) => {
    cancelled = reason;
  });
  const throwIfCancelled = () => {
    if (cancelled !== null) throw ApplicationFailure.nonRetryable(`staff cancelled ${vendor.vendorCode}: ${cancelled}`, 'FulfillmentCancelled');
  };

  /**
   * Waits until every line has its keys, whoever stores them (mail ingestion or staff). Past the SLA
   * the task is escalated once and still awaited; `onRetry` runs when staff ask for another attempt.
   */
  async function awaitStoredKeys(vendorOrderId: string, onRetry?: () => Promise<void>): Promise<VendorFulfillmentResult> {
    const slaMs = slaHours * 60 * 60 * 1000;
    let escalated = false;
    // Keys may be stored before the wait starts (staff ahead of a prepay payment, a fast vendor reply).
    const early = await staffWork.checkEnteredKeys({ lines: vendor.lines });
    if (early.complete) return { vendorCode: vendor.vendorCode, vendorOrderId, keyCount: early.keyCount };
    let staffAsked = vendorOrderId === 'manual';
    const switchPending = () => switchedToManual !== null && !staffAsked;
    const somethingHappened = () => keysArrived || retryRequested || switchPending() || cancelled !== null;
    for (;;) {
      if (escalated) {
        await condition(somethingHappened);
      } else if (!(await condition(somethingHappened, slaMs))) {
        escalated = true;
        await staffWork.escalateStuckFulfillment({ ...task, slaHours });
        continue;
      }
      throwIfCancelled();
      if (switchPending()) {
        // Staff may type the keys of an e-mail vendor any time; switching just puts the task on their list.
        staffAsked = true;
        await staffWork.requestManualKeys({ ...task, reason: switchedToManual ?? '' });
      }
      if (retryRequested) {
        retryRequested = false;
        await onRetry?.();
      }
      if (keysArrived) {
        keysArrived = false;
        const stored = await staffWork.checkEnteredKeys({ lines: vendor.lines });
        if (stored.complete) return { vendorCode: vendor.vendorCode, vendorOrderId, keyCount: stored.keyCount };
      }
    }
  }

  /** Staff took the lines over: they get a task and the fulfilment waits for their keys. */
  async function fulfilByStaff(reason: string): Promise<VendorFulfillmentResult> {
    await staffWork.requestManualKeys({ ...task, ...(reason ? { reason } : {}) });
    return awaitStoredKeys('manual');
  }

  switch (vendor.adapterKind) {
    case 'api': {
      const outageAware = patched(VENDOR_FULFILLMENT_PATCHES.escalateDuringOutage);
      const slaMs = slaHours * 60 * 60 * 1000;
      const startedAt = input.resume?.placedAt ?? Date.now();
      let escalated = input.resume?.escalated ?? false;
      /**
       * Awaits a vendor call that retries until the vendor answers. The order waits through an
       * outage of any length; if the SLA runs out meanwhile, staff are told once while it goes on.
       */
      const whileVendorAnswers = async <T>(call: Promise<T>): Promise<T> => {
        if (!outageAware || escalated) return call;
        let answered = false;
        call.then(
          () => (answered = true),
          () => (answered = true),
        );
        const leftMs = startedAt + slaMs - Date.now();
        const inTime = leftMs > 0 && (await condition(() => answered, leftMs));
        if (!inTime && !answered) {
          escalated = true;
          await staffWork.escalateStuckFulfillment({ ...task, slaHours });
        }
        return call;
      };
      // A continued run resumes polling the vendor order it already placed.
      const vendorOrderId = input.resume?.vendorOrderId ?? (await whileVendorAnswers(vendorApi.placeVendorOrder(task))).vendorOrderId;
      const placedAt = outageAware ? startedAt : (input.resume?.placedAt ?? Date.now());
      let delay = input.resume ? MAX_POLL_MS : FIRST_POLL_MS;
      for (let poll = 1; ; poll++, delay = Math.min(delay * 2, MAX_POLL_MS)) {
        throwIfCancelled();
        if (switchedToManual !== null) return fulfilByStaff(switchedToManual);
        vendorReady = false;
        retryRequested = false;
        const collected = await whileVendorAnswers(vendorApi.collectVendorKeys({ orderNumber: input.orderNumber, vendorId: vendor.vendorId, vendorOrderId, lines: vendor.lines }));
        if (collected.state === 'completed') return { vendorCode: vendor.vendorCode, vendorOrderId, keyCount: collected.keyCount };
        if (!escalated && Date.now() - placedAt >= slaMs) {
          escalated = true;
          await staffWork.escalateStuckFulfillment({ ...task, slaHours });
        }
        // A vendor may take days: keep the history small by starting afresh now and then.
        if (poll >= POLLS_PER_RUN) return continueAsNew<typeof vendorFulfillment>({ ...input, resume: { vendorOrderId, placedAt, escalated } });
        // A signed callback or a staff retry cuts the wait short.
        await condition(() => cancelled !== null || switchedToManual !== null || vendorReady || retryRequested, delay);
      }
    }
    case 'email': {
      // The request e-mail carries a Message-ID derived from order and vendor: replies are matched by it.
      const sent = await vendorMail.sendVendorOrderRequest(task);
      return awaitStoredKeys(sent.messageId, async () => {
        await vendorMail.sendVendorOrderRequest({ ...task, resend: true });
      });
    }
    case 'manual':
      return fulfilByStaff('');
  }
}
