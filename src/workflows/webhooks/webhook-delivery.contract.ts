/** The webhook-delivery workflow's contract: one event sent to one dealer endpoint until it lands or is refused. */
export const webhookDeliveryWorkflowId = (deliveryId: string) => `webhook-${deliveryId}`;

/** Event types a dealer endpoint may subscribe to; `ping` is sent on request only. */
export const WEBHOOK_EVENTS = ['order.status_changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | 'ping';

/** Headers of every webhook request (lower case, as Node's fetch sends them). */
export const WEBHOOK_HEADERS = { event: 'x-sid-event', delivery: 'x-sid-delivery', signature: 'x-sid-signature' } as const;

/** An order status change is one event per order and status: a retried activity adds nothing. */
export const orderStatusEventKey = (orderNumber: string, status: string) => `${orderNumber}/${status}`;

export interface WebhookDeliveryInput {
  deliveryId: string;
}

export type WebhookDeliveryOutcome = { status: 'delivered' | 'failed'; attempts: number };

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const webhookDeliveryWorkflowType = 'webhookDelivery';
export type WebhookDeliveryWorkflow = (input: WebhookDeliveryInput) => Promise<WebhookDeliveryOutcome>;
