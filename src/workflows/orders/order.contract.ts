/**
 * The order workflow's contract: ids, task queue, input and query shapes. The API and tests
 * import these; nobody builds a workflow id by hand.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AdapterKind, OrderStatus, SettlementScheme } from '../../domain/order';
import type { PolicyHoldDecisionCode, TimelineEntry } from '../../domain/order-timeline';
import type { WorkflowWait } from '../../domain/order-waiting';

export const ORDER_TASK_QUEUE = 'sid-orders';

export const orderWorkflowId = (orderNumber: string) => `order-${orderNumber}`;
export const vendorFulfillmentWorkflowId = (orderNumber: string, vendorCode: string) =>
  `order-${orderNumber}-vendor-${vendorCode}`;

export interface FulfillmentLine {
  orderLineId: string;
  partNumber: string;
  quantity: number;
}

export interface VendorPart {
  vendorId: number;
  vendorCode: string;
  adapterKind: AdapterKind;
  lines: FulfillmentLine[];
  /** How long keys may take before staff are alerted (manual and e-mail vendors). */
  slaHours?: number;
}

export interface OrderWorkflowInput {
  orderId: string;
  orderNumber: string;
  dealerId: string;
  scheme: SettlementScheme;
  vendors: VendorPart[];
  /** Prepay only: banking days an unpaid invoice stays valid (configured, locked at submit). */
  prepayValidityBankingDays?: number;
}

/** The timeline's vocabulary is the domain's (src/domain/order-timeline.ts), as is the waits' (src/domain/order-waiting.ts). */
export type { TimelineEntry, TimelineReason, TimelineStep } from '../../domain/order-timeline';

export interface OrderProgress {
  status: OrderStatus;
  timeline: TimelineEntry[];
  /**
   * What the order waits for right now, as a code of the domain's ORDER_WAITS (with the vendors
   * for vendor_keys); null when it waits for nothing. Runs from before the codes answered the
   * workflow's Russian text: readers take both (src/domain/order-waiting.ts#readWorkflowWait).
   */
  awaiting: WorkflowWait | null;
}

export interface OrderResult {
  status: OrderStatus;
  archiveDocumentId: string | null;
  keyCount: number;
  invoiceNumber: string | null;
}

export interface VendorFulfillmentInput {
  orderId: string;
  orderNumber: string;
  vendor: VendorPart;
  /** Set when a long wait for an API vendor continues as a new run. */
  resume?: { vendorOrderId: string; placedAt: number; escalated: boolean };
}

export interface VendorFulfillmentResult {
  vendorCode: string;
  vendorOrderId: string;
  keyCount: number;
}

export const orderProgressQuery = defineQuery<OrderProgress>('orderProgress');
/** Staff entered keys for a manual vendor's lines; the fulfilment re-checks what is complete. */
export const keysEnteredSignal = defineSignal('keysEntered');
/** An API vendor announced (by a signed callback) that its order is ready: collect now, not at the next poll. */
export const vendorOrderReadySignal = defineSignal<[{ vendorOrderId: string }]>('vendorOrderReady');
/** Staff want another attempt now: poll the API vendor again, or re-send the e-mail request. */
export const retryFulfillmentSignal = defineSignal('retryFulfillment');
/** Staff take the vendor's lines over by hand: the fulfilment stops waiting for the vendor and awaits staff keys. */
export const switchToManualSignal = defineSignal<[{ reason: string }]>('switchToManual');
/** Staff gave up on a vendor's part of the order. */
export const cancelFulfillmentSignal = defineSignal<[{ reason: string }]>('cancelFulfillment');
/** Default SLA before a stuck manual or e-mail fulfilment is escalated to staff. */
export const DEFAULT_SLA_HOURS = 48;
/** 1C numbered the order's act of transfer of rights (sent by the exchange API). */
/** What staff decide about an order held by the licence policy re-check. */
export interface PolicyHoldDecision {
  decision: PolicyHoldDecisionCode;
  /** The staff user, for the audit log and the timeline. */
  decidedBy: { userId: string; login: string };
}

/**
 * Staff release an order held by the policy re-check. An update, so the caller learns at once
 * whether its decision was taken: an order that is not on hold (or already decided) refuses it.
 */
export const releasePolicyHoldUpdate = defineUpdate<void, [PolicyHoldDecision]>('releasePolicyHold');
/** The failure type a refused decision carries, for the API to tell it from other errors. */
export const NOT_ON_POLICY_HOLD = 'NotOnPolicyHold';

export const actNumberAssignedSignal = defineSignal<[{ number: string; date: string }]>('actNumberAssigned');

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const orderWorkflowType = 'order';
export type OrderWorkflow = (input: OrderWorkflowInput) => Promise<OrderResult>;
