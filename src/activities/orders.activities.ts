import { eq, sql } from 'drizzle-orm';
import { orders } from '../../db/schema';
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
  };
}
