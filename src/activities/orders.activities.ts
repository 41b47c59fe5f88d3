import { and, eq, like, sql } from 'drizzle-orm';
import { orders, staffQueue } from '../../db/schema';
import type { OrderStatus } from '../domain/order';
import { orderLog } from '../infra/order-log';
import type { ActivityDeps } from './deps';
import { enqueueOrderStatusWebhooks, startWebhookDeliveries, type OrderStatusChange } from './webhooks/webhook-deliveries';
import { audit } from '../usecases/audit/audit.usecases';

/** Without a Temporal client (tests of the projection alone) webhook deliveries are recorded, not sent. */
type OrderActivityDeps = Pick<ActivityDeps, 'db'> & Partial<Pick<ActivityDeps, 'temporal' | 'publicUrl'>>;

export function createOrderActivities({ db, temporal, publicUrl = '' }: OrderActivityDeps) {
  /** The order as a status change tells it, read inside the change's transaction before the update. */
  const orderBefore = async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], orderId: string) => {
    const [row] = await tx
      .select({ orderNumber: orders.orderNumber, dealerId: orders.dealerId, settlementScheme: orders.settlementScheme, status: orders.status, netKopecks: orders.netKopecks, vatKopecks: orders.vatKopecks, grossKopecks: orders.grossKopecks, grossCents: orders.grossCents })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for('update');
    return row;
  };
  const statusChange = (before: NonNullable<Awaited<ReturnType<typeof orderBefore>>>, status: OrderStatus): OrderStatusChange => ({
    orderNumber: before.orderNumber,
    dealerId: before.dealerId,
    settlementScheme: before.settlementScheme,
    status,
    // A retried activity sees its own status here; its deliveries were inserted the first time.
    previousStatus: before.status === status ? null : before.status,
    totals: { netKopecks: Number(before.netKopecks), vatKopecks: Number(before.vatKopecks), grossKopecks: Number(before.grossKopecks), grossCents: Number(before.grossCents) },
  });
  /** Dealers' webhooks, after the commit: the workflow ids are deterministic, so a retry sends nothing twice. */
  const sendWebhooks = async (change: { dealerId: string; eventKey: string } | null) => {
    if (change && temporal) await startWebhookDeliveries(db, temporal, change);
  };

  return {
    /** Keeps the orders projection (what lists and filters read) in step with the workflow. */
    async recordOrderStatus(input: { orderId: string; status: OrderStatus }): Promise<void> {
      const webhooks = await db.transaction(async (tx) => {
        const before = await orderBefore(tx, input.orderId);
        const [row] = await tx
          .update(orders)
          .set({
            status: input.status,
            updatedAt: sql`now()`,
            ...(input.status === 'shipped' ? { shippedAt: sql`coalesce(${orders.shippedAt}, now())` } : {}),
          })
          .where(eq(orders.id, input.orderId))
          .returning({ orderNumber: orders.orderNumber });
        if (!row || !before) return null;
        if (input.status === 'shipped') {
          // Every vendor delivered: a fulfilment staff were told was stuck (a vendor down past its
          // SLA, then back) needs nothing more from them.
          const closed = await tx
            .update(staffQueue)
            .set({ status: 'resolved', resolvedAt: sql`now()` })
            .where(and(eq(staffQueue.kind, 'stuck_fulfilment'), like(staffQueue.reference, `${row.orderNumber}/%`), eq(staffQueue.status, 'open')))
            .returning({ reference: staffQueue.reference });
          if (closed.length > 0) orderLog(row.orderNumber).info('stuck fulfilment closed: the order shipped', { references: closed.map((c) => c.reference) });
        }
        orderLog(row.orderNumber).info('order status recorded', { status: input.status });
        return { dealerId: before.dealerId, eventKey: await enqueueOrderStatusWebhooks(tx, statusChange(before, input.status), publicUrl) };
      });
      await sendWebhooks(webhooks);
    },

    /** An order that cannot go on (prepay invoice expired): cancelled, and the dealer told. */
    async cancelOrder(input: { orderId: string; reason: string }): Promise<void> {
      const webhooks = await db.transaction(async (tx) => {
        const before = await orderBefore(tx, input.orderId);
        const [row] = await tx
          .update(orders)
          .set({ status: 'cancelled', updatedAt: sql`now()` })
          .where(eq(orders.id, input.orderId))
          .returning({ orderNumber: orders.orderNumber, dealerId: orders.dealerId });
        await audit(tx, { action: 'order.cancelled', subjectType: 'order', subjectId: row!.orderNumber, details: { reason: input.reason, dealerId: row!.dealerId } });
        orderLog(row!.orderNumber).info('order cancelled', { status: 'cancelled', reason: input.reason });
        return { dealerId: before!.dealerId, eventKey: await enqueueOrderStatusWebhooks(tx, statusChange(before!, 'cancelled'), publicUrl) };
      });
      await sendWebhooks(webhooks);
    },
  };
}
