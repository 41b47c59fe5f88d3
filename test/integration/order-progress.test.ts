import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { orders } from '../../db/schema';
import { createOrderActivities } from '../../src/activities/orders/orders.activities';
import type { RecordedProgress } from '../../src/usecases/orders/order-status.usecases';
import { insertOrder } from '../support/orders';

/**
 * The order page reads the order workflow's progress from the order's row. Snapshots reach it out
 * of order (a local activity beside a status change, a retried activity): the newest one stays.
 */
let db: DbHandle;
beforeAll(() => {
  db = connectDb(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => db?.close());

// Timeline times are the workflow's clock, written as given: any fixed instant serves.
const at = '2026-01-15T10:00:00.000Z';
const progress = (status: string, steps: string[], awaiting: string | null = null): RecordedProgress => ({
  status,
  timeline: steps.map((step) => ({ step, at })),
  awaiting,
});

describe('the order progress projection', () => {
  it('keeps the newest snapshot, whichever activity brings it and in whatever order', async () => {
    const order = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }] });
    const activities = createOrderActivities({ db: db.db });
    const row = async () => (await db.db.select({ status: orders.status, progress: orders.progress, version: orders.progressVersion }).from(orders).where(eq(orders.id, order.orderId)))[0]!;

    const fulfilling = progress('fulfilling', ['submitted', 'sent_to_vendor'], 'ключи от DRWEB');
    await activities.recordOrderStatus({ orderId: order.orderId, status: 'fulfilling', snapshot: { progress: fulfilling, version: 2 } });
    expect(await row()).toEqual({ status: 'fulfilling', progress: fulfilling, version: 2 });

    // An older snapshot arriving late changes nothing.
    await activities.recordOrderProgress({ orderId: order.orderId, progress: progress('submitted', ['submitted']), version: 1 });
    expect((await row()).progress).toEqual(fulfilling);

    // A status record whose snapshot is older than the row's still records the status.
    const keysIn = progress('fulfilling', ['submitted', 'sent_to_vendor', 'keys_received']);
    await activities.recordOrderProgress({ orderId: order.orderId, progress: keysIn, version: 4 });
    await activities.recordOrderStatus({ orderId: order.orderId, status: 'keys_received', snapshot: { progress: progress('keys_received', ['submitted']), version: 3 } });
    expect(await row()).toEqual({ status: 'keys_received', progress: keysIn, version: 4 });

    const cancelled = progress('cancelled', ['submitted', 'cancelled']);
    await activities.cancelOrder({ orderId: order.orderId, reason: 'test', snapshot: { progress: cancelled, version: 5 } });
    expect(await row()).toEqual({ status: 'cancelled', progress: cancelled, version: 5 });
  });
});
