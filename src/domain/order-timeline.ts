/**
 * The order's timeline as the order workflow keeps it (its progress's `timeline`): steps, and for
 * the steps a person or a deadline brought about, why, as a code with parameters (codes in, words
 * out: the web app words them). Runs and `orders.progress` rows from before the codes carry the
 * workflow's Russian sentence in `detail` instead; `readTimelineEntry` reads both.
 */

/** Every step the order workflow notes on its timeline, in the usual order. */
export const ORDER_TIMELINE_STEPS = [
  'submitted',
  'invoice_requested',
  'paid',
  'sent_to_vendor',
  'keys_received',
  'shipped',
  /** The letter with the key archive went out (orders started before this step existed lack it). */
  'keys_mailed',
  'act_issued',
  'joined_statement',
  /** The order no longer passed the licence policy check before going to vendors; staff decide. */
  'policy_hold',
  'policy_hold_released',
  'cancelled',
  'failed',
] as const;
export type TimelineStep = (typeof ORDER_TIMELINE_STEPS)[number];

/**
 * Why the order workflow cancels an order: the `reason` it passes to the cancelOrder activity
 * (which the audit log keeps as `order.cancelled`'s reason) and the code of its timeline's
 * `cancelled` step.
 */
export const ORDER_CANCEL_REASONS = ['invoice_expired', 'policy_hold_cancelled', 'policy_hold_cancelled_after_payment'] as const;
export type OrderCancelReason = (typeof ORDER_CANCEL_REASONS)[number];

/** What staff decide about an order held by the licence policy re-check. */
export const POLICY_HOLD_DECISIONS = ['proceed', 'cancel'] as const;
export type PolicyHoldDecisionCode = (typeof POLICY_HOLD_DECISIONS)[number];

/** The codes a timeline entry's `reason` can carry. */
export const TIMELINE_REASONS = [...ORDER_CANCEL_REASONS, 'staff_decision'] as const;
export type TimelineReasonCode = (typeof TIMELINE_REASONS)[number];

/** Why a step came about: `cancelled` (a cancel reason) and `policy_hold_released` (who decided what). */
export type TimelineReason =
  | { code: 'invoice_expired'; invoiceNumber: string }
  | { code: 'policy_hold_cancelled' | 'policy_hold_cancelled_after_payment' }
  | { code: 'staff_decision'; decision: PolicyHoldDecisionCode; login: string };

export interface TimelineEntry {
  step: TimelineStep;
  /** The workflow's clock, ISO 8601. */
  at: string;
  /**
   * A value the step concerns: a vendor's code (sent_to_vendor, keys_received), an invoice or act
   * number (paid, act_issued), the statement month (joined_statement), the findings as the policy
   * re-check worded them (policy_hold) or a failure's message (failed). Never a sentence of the
   * workflow's own: what it would say goes in `reason`.
   */
  detail?: string;
  /** Why the step came about, as a code with parameters (cancelled, policy_hold_released). */
  reason?: TimelineReason;
}

/** A timeline entry as recorded: new runs hold codes, older runs and rows the workflow's sentences in `detail`. */
export interface RecordedTimelineEntry {
  step: string;
  at: string;
  detail?: string;
  reason?: TimelineReason;
}

/** The sentences the order workflow wrote into `detail` before it wrote codes, as running workflows and recorded rows still carry them. */
const LEGACY_STAFF_CANCEL = 'отменён сотрудником';
const LEGACY_INVOICE_EXPIRED = /^счёт (.+) не оплачен в срок$/;
const LEGACY_DECISION = /^(продолжить|отменить) \((.*)\)$/;

/** The entry with its reason as a code, whichever form it was recorded in; a detail it does not know stays as it was. */
export function readTimelineEntry<E extends RecordedTimelineEntry>(entry: E): E {
  if (entry.reason || entry.detail === undefined) return entry;
  const { detail, ...rest } = entry;
  if (entry.step === 'cancelled') {
    if (detail === LEGACY_STAFF_CANCEL) return { ...rest, reason: { code: 'policy_hold_cancelled' } } as E;
    const expired = LEGACY_INVOICE_EXPIRED.exec(detail);
    if (expired) return { ...rest, reason: { code: 'invoice_expired', invoiceNumber: expired[1]! } } as E;
  }
  if (entry.step === 'policy_hold_released') {
    const decided = LEGACY_DECISION.exec(detail);
    if (decided) return { ...rest, reason: { code: 'staff_decision', decision: decided[1] === 'продолжить' ? 'proceed' : 'cancel', login: decided[2]! } } as E;
  }
  return entry;
}
