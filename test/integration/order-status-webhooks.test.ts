import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { orders, staffQueue, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { recordOrderStatus } from '../../src/usecases/orders/order-status.usecases';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';

/**
 * A status change asks for webhook deliveries only when it queued some: for a dealer with no
 * endpoint (most dealers) the change is one UPDATE, and the activity has nothing to start.
 */
let db: DbHandle;
beforeAll(() => {
  db = connectDb(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => db?.close());

describe('order status changes and webhook deliveries', () => {
  it('asks for nothing without an endpoint; with one, queues a delivery and asks for it to be started', async () => {
    const { dealerId } = await freshDealerLike(db.db, 'postpay@demo.sid');
    const order = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], dealerId });

    expect(await recordOrderStatus(db.db, { orderId: order.orderId, status: 'keys_received' }, 'http://sid.test')).toBeNull();
    const [row] = await db.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.orderId));
    expect(row!.status).toBe('keys_received');

    // Disabled endpoints and endpoints for other events take nothing either.
    await db.db.insert(webhookEndpoints).values([
      { dealerId, url: 'https://dealer.example/disabled', secretEncrypted: 'unused', disabledAt: new Date() },
      { dealerId, url: 'https://dealer.example/other-events', secretEncrypted: 'unused', events: ['invoice.paid'] },
    ]);
    // A vendor staff were told was stuck delivered after all: shipping closes the task.
    const [stuck] = await db.db.insert(staffQueue).values({ kind: 'stuck_fulfilment', reference: `${order.orderNumber}/DRWEB`, summary: 'stuck' }).returning({ id: staffQueue.id });
    const snapshot = { progress: { status: 'shipped', timeline: [{ step: 'shipped', at: '2026-01-15T10:00:00.000Z' }], awaiting: null }, version: 7 };
    expect(await recordOrderStatus(db.db, { orderId: order.orderId, status: 'shipped', snapshot }, 'http://sid.test')).toBeNull();
    const [shipped] = await db.db.select({ status: orders.status, shippedAt: orders.shippedAt, progress: orders.progress, version: orders.progressVersion }).from(orders).where(eq(orders.id, order.orderId));
    expect(shipped).toEqual({ status: 'shipped', shippedAt: expect.any(Date), progress: snapshot.progress, version: 7 });
    const [task] = await db.db.select({ status: staffQueue.status }).from(staffQueue).where(eq(staffQueue.id, stuck!.id));
    expect(task!.status).toBe('resolved');

    const [endpoint] = await db.db.insert(webhookEndpoints).values({ dealerId, url: 'https://dealer.example/hook', secretEncrypted: 'unused' }).returning({ id: webhookEndpoints.id });
    expect(await recordOrderStatus(db.db, { orderId: order.orderId, status: 'completed' }, 'http://sid.test')).toEqual({ dealerId, eventKey: `${order.orderNumber}/completed` });
    const deliveries = await db.db
      .select({ endpointId: webhookDeliveries.endpointId, eventKey: webhookDeliveries.eventKey, status: webhookDeliveries.status, payload: webhookDeliveries.payload })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookEndpoints.dealerId, dealerId));
    expect(deliveries).toEqual([{ endpointId: endpoint!.id, eventKey: `${order.orderNumber}/completed`, status: 'pending', payload: expect.objectContaining({ data: expect.objectContaining({ status: 'completed', previousStatus: 'shipped' }) }) }]);
    const [completed] = await db.db.select({ status: orders.status, version: orders.progressVersion }).from(orders).where(eq(orders.id, order.orderId));
    expect(completed).toEqual({ status: 'completed', version: 7 });
  });
});
