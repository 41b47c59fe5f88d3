/**
 * The only place an order's status changes after it was placed. The order workflow's activities,
 * the dealer admin's approval routes and the monthly statement call these. A change that dealers
 * hear of (an `order.status_changed` webhook) returns what to send once its transaction commits.
 */
import { and, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { orders, webhookEndpoints } from '../../../db/schema';
import type { OrderStatus } from '../../domain/order';
import type { RecordedTimelineEntry } from '../../domain/order-timeline';
import type { RecordedWait } from '../../domain/order-waiting';
import { orderLog } from '../../infra/order-log';
import { audit } from '../audit/audit.usecases';
import { resolveStaffTasks } from '../staff-queue/staff-queue.usecases';
import { enqueueOrderStatusWebhooks, takesOrderStatusChanges, type OrderStatusChange } from '../webhooks/webhook-deliveries.usecases';

/** The webhook deliveries a committed change asks for (`startWebhookDeliveries(db, temporal, this)`); null when it queued none. */
export type PendingWebhooks = { dealerId: string; eventKey: string } | null;

/** The order as a status change tells it, read and locked inside the change's transaction. */
async function lockedOrder(tx: Tx, orderId: string) {
  const [row] = await tx
    .select({ orderNumber: orders.orderNumber, dealerId: orders.dealerId, settlementScheme: orders.settlementScheme, status: orders.status, netKopecks: orders.netKopecks, vatKopecks: orders.vatKopecks, grossKopecks: orders.grossKopecks, grossCents: orders.grossCents })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for('update');
  return row;
}

function statusChange(before: NonNullable<Awaited<ReturnType<typeof lockedOrder>>>, status: OrderStatus): OrderStatusChange {
  return {
    orderNumber: before.orderNumber,
    dealerId: before.dealerId,
    settlementScheme: before.settlementScheme,
    status,
    // A retried activity sees its own status here; its deliveries were inserted the first time.
    previousStatus: before.status === status ? null : before.status,
    totals: { netKopecks: Number(before.netKopecks), vatKopecks: Number(before.vatKopecks), grossKopecks: Number(before.grossKopecks), grossCents: Number(before.grossCents) },
  };
}

/**
 * The order workflow's progress (its status, timeline and what it waits for), as the workflow holds
 * it at one moment, numbered: the order page shows the newest one written. Snapshots may arrive out
 * of order (a retried activity, a local activity beside a status change), so an older one never
 * replaces a newer one.
 */
export interface ProgressSnapshot {
  progress: RecordedProgress;
  version: number;
}

/**
 * The order workflow's progress as recorded (`OrderProgress` of the order's contract): rows written
 * before the workflow kept codes hold its sentences, which the readers in src/domain still take.
 */
export interface RecordedProgress {
  status: string;
  timeline: RecordedTimelineEntry[];
  awaiting: RecordedWait;
}

/**
 * A snapshot with one more step, for an activity that records the step it brings about before the
 * workflow notes it (the workflow's next record carries the same step with the workflow's time).
 */
export function withStep(snapshot: ProgressSnapshot, step: string, detail: string): ProgressSnapshot {
  return { ...snapshot, progress: { ...snapshot.progress, timeline: [...snapshot.progress.timeline, { step, at: new Date().toISOString(), detail }] } };
}

/** The columns a snapshot writes, unless the row already holds a newer one. */
const progressColumns = (snapshot: ProgressSnapshot) => ({
  progress: sql`case when coalesce(${orders.progressVersion}, -1) < ${snapshot.version} then ${JSON.stringify(snapshot.progress)}::jsonb else ${orders.progress} end`,
  progressVersion: sql`greatest(coalesce(${orders.progressVersion}, -1), ${snapshot.version})`,
});

/** The workflow's progress changed between status changes: one statement, no lock (the version decides). */
export async function recordOrderProgress(db: Db, input: { orderId: string } & ProgressSnapshot): Promise<void> {
  await db
    .update(orders)
    .set({ progress: sql`${JSON.stringify(input.progress)}::jsonb`, progressVersion: input.version })
    .where(and(eq(orders.id, input.orderId), sql`coalesce(${orders.progressVersion}, -1) < ${input.version}`));
}

/**
 * The workflow reached a step: the projection lists and filters read follows it, and dealers hear
 * of it. The workflow's progress at that step (`snapshot`) is written in the same statement.
 *
 * A dealer with no webhook endpoint for status changes (most dealers) hears of nothing: then the
 * change is that one UPDATE, which checks for endpoints itself, with no transaction around it (the
 * order workflow records three statuses per order; this was five round trips each). Only when an
 * endpoint takes the event is the order locked and read first, in a transaction that queues the
 * deliveries with the change (the previous status they carry is read under the lock).
 */
export async function recordOrderStatus(
  db: Db,
  input: { orderId: string; status: OrderStatus; snapshot?: ProgressSnapshot },
  publicUrl: string,
): Promise<PendingWebhooks> {
  const columns = {
    status: input.status,
    updatedAt: sql`now()`,
    ...(input.status === 'shipped' ? { shippedAt: sql`coalesce(${orders.shippedAt}, now())` } : {}),
    ...(input.snapshot ? progressColumns(input.snapshot) : {}),
  };
  const [unheard] = await db
    .update(orders)
    .set(columns)
    .where(and(eq(orders.id, input.orderId), notExists(db.select({ one: sql`1` }).from(webhookEndpoints).where(takesOrderStatusChanges(orders.dealerId)))))
    .returning({ orderNumber: orders.orderNumber });
  if (unheard) {
    await afterStatusRecorded(db, unheard.orderNumber, input.status);
    return null;
  }
  return db.transaction(async (tx) => {
    const before = await lockedOrder(tx, input.orderId);
    if (!before) return null;
    await tx.update(orders).set(columns).where(eq(orders.id, input.orderId));
    await afterStatusRecorded(tx, before.orderNumber, input.status);
    const eventKey = await enqueueOrderStatusWebhooks(tx, statusChange(before, input.status), publicUrl);
    return eventKey ? { dealerId: before.dealerId, eventKey } : null;
  });
}

async function afterStatusRecorded(db: Db | Tx, orderNumber: string, status: OrderStatus): Promise<void> {
  if (status === 'shipped') {
    // Every vendor delivered: a fulfilment staff were told was stuck (a vendor down past its
    // SLA, then back) needs nothing more from them.
    const closed = await resolveStaffTasks(db, { kinds: ['stuck_fulfilment'], reference: `${orderNumber}/` });
    if (closed.length > 0) orderLog(orderNumber).info('stuck fulfilment closed: the order shipped', { references: closed });
  }
  orderLog(orderNumber).info('order status recorded', { status });
}

/** An order that cannot go on (its prepay invoice expired): cancelled, on record, and the dealer told. */
export async function cancelOrder(db: Db, input: { orderId: string; reason: string; snapshot?: ProgressSnapshot }, publicUrl: string): Promise<PendingWebhooks> {
  return db.transaction(async (tx) => {
    const before = await lockedOrder(tx, input.orderId);
    if (!before) return null;
    await tx
      .update(orders)
      .set({ status: 'cancelled', updatedAt: sql`now()`, ...(input.snapshot ? progressColumns(input.snapshot) : {}) })
      .where(eq(orders.id, input.orderId));
    await audit(tx, { action: 'order.cancelled', subjectType: 'order', subjectId: before.orderNumber, details: { reason: input.reason, dealerId: before.dealerId } });
    orderLog(before.orderNumber).info('order cancelled', { status: 'cancelled', reason: input.reason });
    const eventKey = await enqueueOrderStatusWebhooks(tx, statusChange(before, 'cancelled'), publicUrl);
    return eventKey ? { dealerId: before.dealerId, eventKey } : null;
  });
}

interface AdminDecision {
  orderId: string;
  orderNumber: string;
  actorUserId: string;
  ip?: string;
}

/**
 * A dealer admin lets an order above the dealer's threshold go: it becomes an ordinary submitted
 * order. False when it no longer awaits approval (another admin was quicker).
 */
export async function approveOrder(db: Db, decision: AdminDecision & { grossKopecks: number }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(orders)
      .set({ status: 'submitted', approvedByUserId: decision.actorUserId, approvedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(orders.id, decision.orderId), eq(orders.status, 'awaiting_approval')))
      .returning({ id: orders.id });
    if (row) await audit(tx, { actorUserId: decision.actorUserId, action: 'order.approved', subjectType: 'order', subjectId: decision.orderNumber, details: { grossKopecks: decision.grossKopecks }, ip: decision.ip });
    return row !== undefined;
  });
}

/** A dealer admin turns an order down: cancelled before anything started. False when it no longer awaits approval. */
export async function declineOrder(db: Db, decision: AdminDecision & { reason: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(orders)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(and(eq(orders.id, decision.orderId), eq(orders.status, 'awaiting_approval')))
      .returning({ id: orders.id });
    if (row) await audit(tx, { actorUserId: decision.actorUserId, action: 'order.declined', subjectType: 'order', subjectId: decision.orderNumber, details: { reason: decision.reason }, ip: decision.ip });
    return row !== undefined;
  });
}

/** The month's consolidated invoice is paid: that month's shipped orders of the dealer are complete. */
export async function completeStatementOrders(db: Db, input: { dealerId: string; month: string }): Promise<string[]> {
  const completed = await db
    .update(orders)
    .set({ status: 'completed', updatedAt: sql`now()` })
    .where(and(eq(orders.dealerId, input.dealerId), eq(orders.statementMonth, input.month), inArray(orders.status, ['shipped'])))
    .returning({ orderNumber: orders.orderNumber });
  for (const { orderNumber } of completed) orderLog(orderNumber).info('order completed: its monthly statement is paid', { status: 'completed', month: input.month });
  return completed.map((c) => c.orderNumber);
}

/** The order's workflow is running: the order starter leaves it alone from now on. */
export async function markWorkflowStarted(db: Db, orderId: string): Promise<void> {
  await db.update(orders).set({ workflowStartedAt: sql`now()` }).where(and(eq(orders.id, orderId), isNull(orders.workflowStartedAt)));
}
