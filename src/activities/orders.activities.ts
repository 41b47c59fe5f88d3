import { and, eq, like, sql } from 'drizzle-orm';
import { auditLog, orders, staffQueue } from '../../db/schema';
import type { OrderStatus } from '../domain/order';
import { orderLog } from '../infra/order-log';
import type { ActivityDeps } from './index';

export function createOrderActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** Keeps the orders projection (what lists and filters read) in step with the workflow. */
    async recordOrderStatus(input: { orderId: string; status: OrderStatus }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(orders)
          .set({
            status: input.status,
            updatedAt: sql`now()`,
            ...(input.status === 'shipped' ? { shippedAt: sql`coalesce(${orders.shippedAt}, now())` } : {}),
          })
          .where(eq(orders.id, input.orderId))
          .returning({ orderNumber: orders.orderNumber });
        if (!row) return;
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
      });
    },

    /** An order that cannot go on (prepay invoice expired): cancelled, and the dealer told. */
    async cancelOrder(input: { orderId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(orders)
          .set({ status: 'cancelled', updatedAt: sql`now()` })
          .where(eq(orders.id, input.orderId))
          .returning({ orderNumber: orders.orderNumber, dealerId: orders.dealerId });
        await tx.insert(auditLog).values({ action: 'order.cancelled', subjectType: 'order', subjectId: row!.orderNumber, details: { reason: input.reason, dealerId: row!.dealerId } });
        orderLog(row!.orderNumber).info('order cancelled', { status: 'cancelled', reason: input.reason });
      });
    },
  };
}
