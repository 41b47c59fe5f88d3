import { eq, sql } from 'drizzle-orm';
import { auditLog, orders } from '../../db/schema';
import type { OrderStatus } from '../domain/order';
import type { ActivityDeps } from './index';

export function createOrderActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** Keeps the orders projection (what lists and filters read) in step with the workflow. */
    async recordOrderStatus(input: { orderId: string; status: OrderStatus }): Promise<void> {
      await db
        .update(orders)
        .set({
          status: input.status,
          updatedAt: sql`now()`,
          ...(input.status === 'shipped' ? { shippedAt: sql`coalesce(${orders.shippedAt}, now())` } : {}),
        })
        .where(eq(orders.id, input.orderId));
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
      });
    },
  };
}
