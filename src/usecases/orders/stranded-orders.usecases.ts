/**
 * Orders recorded at submit whose workflow never started (Temporal could not be reached then):
 * the API's order starter sweeps them every few seconds and starts each one.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/schema';

/** The numbers of orders recorded at least `olderThanMs` ago that have no workflow yet, oldest first. */
export async function strandedOrderNumbers(db: Db, { olderThanMs, limit }: { olderThanMs: number; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ orderNumber: orders.orderNumber })
    .from(orders)
    .where(
      and(
        isNull(orders.workflowStartedAt),
        // Only an order nothing has moved on yet: one waiting for approval, declined, or written
        // by anything but a submit (a data import, a test's fixture) is not to be started.
        eq(orders.status, 'submitted'),
        lt(orders.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(limit);
  return rows.map((row) => row.orderNumber);
}
