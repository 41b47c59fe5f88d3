import { ApplicationFailure, condition, executeChild, patched, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { OrderStatus } from '../../domain/order';
import { DEFAULT_PREPAY_VALIDITY_BANKING_DAYS, POSTPAY_TERM_BANKING_DAYS } from '../../domain/settlement';
import { invoice } from '../billing/invoice';
import { invoiceWorkflowId, type InvoiceWorkflowInput } from '../billing/invoice.contract';
import {
  actNumberAssignedSignal,
  orderProgressQuery,
  NOT_ON_POLICY_HOLD,
  releasePolicyHoldUpdate,
  type PolicyHoldDecision,
  vendorFulfillmentWorkflowId,
  type OrderProgress,
  type OrderResult,
  type OrderWorkflowInput,
  type TimelineReason,
  type TimelineStep,
} from './order.contract';
import type { OrderCancelReason } from '../../domain/order-timeline';
import type { WorkflowWait } from '../../domain/order-waiting';
import { OrderStatusKey } from '../search-attributes';
import { vendorFulfillment } from '../fulfilment/vendor-fulfillment';

/** The innermost message of a failure chain: "vendor rejected …", not "Child Workflow execution failed". */
function rootCause(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

const { recordOrderStatus, cancelOrder, joinMonthlyStatement, registerAct, recheckOrderPolicy, recordLicenses, confirmPolicyHoldDecision } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
// Letters retry for hours through a mail relay that is down; the order does not wait for them to fail.
const { mailKeyArchive, mailOrderCancelled, mailActDocuments } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
const { buildOrderArchive, issueAct } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes' });
// The order page's copy of the progress between status changes: one UPDATE in the worker itself. A
// write that fails is left to the next one (each carries the whole progress).
const { recordOrderProgress } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

/**
 * Patches of this workflow still in force (docs/workflow-versioning.md). Each name stays until no
 * run that started before it can be open, then goes through deprecatePatch() before removal.
 */
export const ORDER_PATCHES = {
  /** The timeline shows when the key letter went out. */
  keysMailedStep: 'order-keys-mailed-step',
  /** The licence policy is checked again before anything goes to a vendor. */
  policyRecheck: 'order-policy-recheck',
  /** Shipped lines with a term become licences, each with its renewal workflow. */
  licenseTerms: 'order-license-terms',
  /** A policy-hold decision stands only once the activity found its decider to be active staff. */
  checkedPolicyDecision: 'order-checked-policy-decision',
  /** The numbered act (and the UPD) is mailed to the dealer, who got the keys before it existed. */
  actMailed: 'order-act-mailed',
  /**
   * The progress is projected into PostgreSQL for the order page (which no longer queries the
   * workflow): between status changes, a local activity records it where the order starts to wait.
   */
  progressProjection: 'order-progress-projection',
} as const;

/**
 * One dealer order, from submit to keys in the dealer's hands, branching on the settlement scheme
 * the order was placed under:
 * - prepay: invoice, wait for payment (an expired invoice cancels the order), then fulfil and ship;
 * - postpay: fulfil and ship at once, then the invoice is due in 3 banking days;
 * Every shipped order gets its act of transfer of rights, numbered by 1C and added to the key archive.
 * - monthly: fulfil and ship at once, and join the dealer's statement for the month.
 */
export async function order(input: OrderWorkflowInput): Promise<OrderResult> {
  const progress: OrderProgress = { status: 'submitted', timeline: [], awaiting: null };
  let actNumber: { number: string; date: string } | null = null;
  let onPolicyHold = false;
  let policyDecision: PolicyHoldDecision | null = null;
  setHandler(orderProgressQuery, () => progress);
  const projected = patched(ORDER_PATCHES.progressProjection);
  let progressVersion = 0;
  /** The progress as it is now, numbered, for the activity that records it (passing it changes no command). */
  const snapshot = () => ({ progress: { ...progress, timeline: [...progress.timeline] }, version: ++progressVersion });
  /** Records the progress where the order is about to wait without a status change that would carry it. */
  const saveProgress = (): Promise<void> =>
    projected ? recordOrderProgress({ orderId: input.orderId, ...snapshot() }).catch(() => undefined) : Promise.resolve();
  setHandler(
    releasePolicyHoldUpdate,
    (decision) => {
      policyDecision = decision;
    },
    {
      validator: (_decision: PolicyHoldDecision) => {
        if (!onPolicyHold || policyDecision) throw ApplicationFailure.nonRetryable('the order is not waiting for a policy decision', NOT_ON_POLICY_HOLD);
      },
    },
  );
  setHandler(actNumberAssignedSignal, (number) => {
    actNumber ??= number; // 1C may send the same number twice; the first one stands.
  });

  // Codes, never sentences: the web app words them (codes in, words out).
  const note = (step: TimelineStep, detail?: string, reason?: TimelineReason) =>
    progress.timeline.push({ step, at: new Date().toISOString(), ...(detail ? { detail } : {}), ...(reason ? { reason } : {}) });
  const advance = async (status: OrderStatus, awaiting: WorkflowWait | null) => {
    progress.status = status;
    progress.awaiting = awaiting;
    upsertSearchAttributes([{ key: OrderStatusKey, value: status }]);
    await recordOrderStatus({ orderId: input.orderId, status, snapshot: snapshot() });
  };
  const billOrder = (args: Pick<InvoiceWorkflowInput, 'purpose' | 'termBankingDays'>) => {
    note('invoice_requested');
    void saveProgress();
    return executeChild(invoice, {
      workflowId: invoiceWorkflowId.forOrder(input.orderNumber),
      args: [{ ...args, dealerId: input.dealerId, orderId: input.orderId, orderNumber: input.orderNumber }],
      typedSearchAttributes: workflowInfo().typedSearchAttributes,
    });
  };

  let keysMailed: Promise<unknown> = Promise.resolve();

  /**
   * `reason` goes on the timeline and, as its code, to the activity (and the audit log). `tell` runs
   * between the cancellation and the status change, where the dealer's letter always was (replay).
   */
  const cancelled = async (reason: Extract<TimelineReason, { code: OrderCancelReason }>, invoiceNumber: string | null, tell?: () => Promise<void>): Promise<OrderResult> => {
    note('cancelled', undefined, reason);
    progress.status = 'cancelled';
    progress.awaiting = null;
    await cancelOrder({ orderId: input.orderId, reason: reason.code, snapshot: snapshot() });
    await tell?.();
    upsertSearchAttributes([{ key: OrderStatusKey, value: 'cancelled' }]);
    return { status: 'cancelled', archiveDocumentId: null, keyCount: 0, invoiceNumber };
  };

  /**
   * The last check before vendors are asked: the policy or the dealer may have changed since the
   * order was submitted. A failing order waits for staff; false means they cancelled it.
   */
  const passesPolicyRecheck = async (): Promise<boolean> => {
    if (!patched(ORDER_PATCHES.policyRecheck)) return true;
    const { problems } = await recheckOrderPolicy({ orderId: input.orderId, snapshot: snapshot() });
    if (problems.length === 0) return true;
    note('policy_hold', problems.join('; '));
    progress.awaiting = { code: 'staff_decision' };
    onPolicyHold = true;
    void saveProgress();
    await condition(() => policyDecision !== null);
    // Anyone who reaches Temporal can send the update: a decision not made by staff is dropped.
    while (patched(ORDER_PATCHES.checkedPolicyDecision) && !(await confirmPolicyHoldDecision({ orderId: input.orderId, decision: policyDecision! })).confirmed) {
      policyDecision = null;
      await condition(() => policyDecision !== null);
    }
    onPolicyHold = false;
    const { decision, decidedBy } = policyDecision!;
    note('policy_hold_released', undefined, { code: 'staff_decision', decision, login: decidedBy.login });
    progress.awaiting = null;
    return decision === 'proceed';
  };

  /** Each vendor in its own child workflow; one archive once all have delivered. */
  const fulfilAndShip = async () => {
    // Noted before the status is recorded, so that the record carries them to the order page.
    for (const vendor of input.vendors) note('sent_to_vendor', vendor.vendorCode);
    await advance('fulfilling', { code: 'vendor_keys', vendors: input.vendors.map((v) => v.vendorCode) });
    let vendorsLeft = input.vendors.length;
    const results = await Promise.all(
      input.vendors.map(async (vendor) => {
        const result = await executeChild(vendorFulfillment, {
          workflowId: vendorFulfillmentWorkflowId(input.orderNumber, vendor.vendorCode),
          args: [{ orderId: input.orderId, orderNumber: input.orderNumber, vendor }],
          typedSearchAttributes: workflowInfo().typedSearchAttributes,
        });
        note('keys_received', vendor.vendorCode);
        // The last vendor's keys go to the page with the status change that follows.
        if (--vendorsLeft > 0) void saveProgress();
        return result;
      }),
    );
    await advance('keys_received', null);
    const archive = await buildOrderArchive({ orderId: input.orderId, orderNumber: input.orderNumber });
    note('shipped');
    // Recorded here for every scheme: the shipping time decides a monthly order's statement.
    await advance('shipped', null);
    // One activity records the licences and starts their renewal workflows through the client:
    // one new command here, whatever the number of lines, and the renewals outlive the order.
    if (patched(ORDER_PATCHES.licenseTerms)) await recordLicenses({ orderId: input.orderId });
    const keyCount = results.reduce((sum, r) => sum + r.keyCount, 0);
    // The letter goes alongside billing: a mail relay that is down must not hold up the invoice.
    keysMailed = mailKeyArchive({ orderId: input.orderId, keyCount }).then(() => {
      if (patched(ORDER_PATCHES.keysMailedStep)) note('keys_mailed');
      void saveProgress();
    });
    return { archiveDocumentId: archive.documentId, keyCount };
  };

  /** The act of transfer of rights: registered with 1C, numbered there, then printed into the archive. */
  const deliverAct = async () => {
    const { actId } = await registerAct({ orderId: input.orderId, workflowId: workflowInfo().workflowId });
    await condition(() => actNumber !== null);
    const issuedAct = await issueAct({ actId, ...actNumber! });
    await buildOrderArchive({ orderId: input.orderId, orderNumber: input.orderNumber });
    // The number 1C recorded, whatever the signal said (results recorded before this carry none).
    note('act_issued', issuedAct.number ?? actNumber!.number);
    void saveProgress();
    // Like the key letter, it goes alongside: the order completes once both letters are out.
    if (patched(ORDER_PATCHES.actMailed)) {
      const actMailed = mailActDocuments({ orderId: input.orderId });
      const keys = keysMailed;
      keysMailed = Promise.all([keys, actMailed]);
    }
  };

  note('submitted');
  try {
    switch (input.scheme) {
      case 'prepay': {
        await advance('awaiting_payment', { code: 'payment' });
        const billed = await billOrder({ purpose: 'prepay', termBankingDays: input.prepayValidityBankingDays ?? DEFAULT_PREPAY_VALIDITY_BANKING_DAYS });
        if (billed.outcome === 'expired') {
          return cancelled({ code: 'invoice_expired', invoiceNumber: billed.number }, billed.number, () =>
            mailOrderCancelled({ orderId: input.orderId, invoiceNumber: billed.number }),
          );
        }
        note('paid', billed.number);
        if (!(await passesPolicyRecheck())) return cancelled({ code: 'policy_hold_cancelled_after_payment' }, billed.number);
        const shipped = await fulfilAndShip();
        progress.awaiting = { code: 'act_number' };
        void saveProgress();
        await deliverAct();
        await keysMailed;
        await advance('completed', null);
        return { status: 'completed', ...shipped, invoiceNumber: billed.number };
      }
      case 'postpay': {
        if (!(await passesPolicyRecheck())) return cancelled({ code: 'policy_hold_cancelled' }, null);
        const shipped = await fulfilAndShip();
        progress.awaiting = { code: 'payment' };
        const [billed] = await Promise.all([billOrder({ purpose: 'postpay', termBankingDays: POSTPAY_TERM_BANKING_DAYS }), deliverAct()]);
        note('paid', billed.number);
        await keysMailed;
        await advance('completed', null);
        return { status: 'completed', ...shipped, invoiceNumber: billed.number };
      }
      case 'monthly': {
        if (!(await passesPolicyRecheck())) return cancelled({ code: 'policy_hold_cancelled' }, null);
        const shipped = await fulfilAndShip();
        progress.awaiting = { code: 'act_number' };
        // The activity records the step it brings about, so the page shows it with the statement month.
        const { month } = await joinMonthlyStatement({ orderId: input.orderId, orderNumber: input.orderNumber, dealerId: input.dealerId, snapshot: snapshot() });
        note('joined_statement', month);
        void saveProgress();
        await deliverAct();
        await keysMailed;
        progress.awaiting = null;
        // No status change ends a monthly order here: its last progress is recorded on its own.
        await saveProgress();
        return { status: 'shipped', ...shipped, invoiceNumber: null };
      }
    }
  } catch (err) {
    note('failed', rootCause(err));
    await advance('failed', { code: 'staff_review' });
    throw err;
  }
}
