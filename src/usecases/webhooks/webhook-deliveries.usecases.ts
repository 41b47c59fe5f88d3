import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, arrayContains, eq, inArray, isNull, type AnyColumn } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import type { OrderStatus } from '../../domain/order';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { orderStatusEventKey, webhookDeliveryWorkflowId, webhookDeliveryWorkflowType, type WebhookDeliveryWorkflow } from '../../workflows/webhooks/webhook-delivery.contract';


/** What an `order.status_changed` event tells: the order, where it was and where it is, its totals. */
export interface OrderStatusChange {
  orderNumber: string;
  dealerId: string;
  settlementScheme: string;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  totals: { netKopecks: number; vatKopecks: number; grossKopecks: number; grossCents: number };
}

export function orderStatusPayload(change: OrderStatusChange, publicUrl: string, occurredAt = new Date()) {
  const base = publicUrl.replace(/\/$/, '');
  return {
    // The event's own key: the same on every endpoint and every attempt.
    id: orderStatusEventKey(change.orderNumber, change.status),
    type: 'order.status_changed',
    occurredAt: occurredAt.toISOString(),
    data: {
      orderNumber: change.orderNumber,
      status: change.status,
      previousStatus: change.previousStatus,
      settlementScheme: change.settlementScheme,
      totals: change.totals,
      links: { self: `${base}/api/orders/${change.orderNumber}`, web: `${base}/#/orders/${change.orderNumber}` },
    },
  };
}

/** The dealer's endpoints that take order status changes: not disabled, and subscribed to them. */
export const takesOrderStatusChanges = (dealerId: string | AnyColumn) =>
  and(eq(webhookEndpoints.dealerId, dealerId), isNull(webhookEndpoints.disabledAt), arrayContains(webhookEndpoints.events, ['order.status_changed']));

/**
 * Inside the status change's transaction: one pending delivery per active endpoint of the dealer
 * that subscribed to order status changes. The event key is unique per endpoint, so a retried
 * activity inserts nothing new. Returns the event key, for `startWebhookDeliveries`; null when
 * no endpoint of the dealer takes the event (most dealers have none), so there is nothing to start
 * and the query for pending deliveries after the commit is left out. A delivery a first attempt
 * queued for an endpoint that has since been disabled or unsubscribed is not started by a retry.
 */
export async function enqueueOrderStatusWebhooks(tx: Tx, change: OrderStatusChange, publicUrl: string): Promise<string | null> {
  const eventKey = orderStatusEventKey(change.orderNumber, change.status);
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(takesOrderStatusChanges(change.dealerId));
  if (endpoints.length === 0) return null;
  const payload = orderStatusPayload(change, publicUrl);
  await tx
    .insert(webhookDeliveries)
    .values(endpoints.map((e) => ({ endpointId: e.id, event: 'order.status_changed', eventKey, payload })))
    .onConflictDoNothing();
  return eventKey;
}

/**
 * Starts a `webhook-<deliveryId>` workflow for each pending delivery of the event, after its
 * transaction committed. The id is deterministic and duplicates are rejected, so a retried
 * activity (or a second call) never sends one delivery twice.
 */
export async function startWebhookDeliveries(db: Db, temporal: Client, where: { dealerId: string; eventKey: string } | { deliveryIds: string[] }): Promise<string[]> {
  const pending = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        'deliveryIds' in where ? inArray(webhookDeliveries.id, where.deliveryIds) : and(eq(webhookEndpoints.dealerId, where.dealerId), eq(webhookDeliveries.eventKey, where.eventKey)),
      ),
    );
  for (const { id } of pending) {
    try {
      await temporal.workflow.start<WebhookDeliveryWorkflow>(webhookDeliveryWorkflowType, {
        taskQueue: ORDER_TASK_QUEUE,
        workflowId: webhookDeliveryWorkflowId(id),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ deliveryId: id }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return pending.map((p) => p.id);
}
