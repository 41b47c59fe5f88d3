import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { acts, invoices, onecExchangeLog, orders } from '../../db/schema';
import { onecExchangeLogFor } from '../../src/usecases/billing/onec-exchange-log.usecases';
import { insertOrder } from '../support/orders';

/**
 * Staff search the 1C exchange log by what 1C speaks of: an order number finds the calls about
 * the order's invoice and act, by SID's id (1C numbering them) or by their number (1C paying).
 */
let db: DbHandle;
beforeAll(() => {
  db = connectDb(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => db?.close());

describe('the staff 1C exchange log', () => {
  it('finds an order by its invoice and act, whichever way 1C named them, and nothing else', async () => {
    const order = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], status: 'shipped' });
    const [{ dealerId }] = (await db.db.select({ dealerId: orders.dealerId }).from(orders).where(eq(orders.id, order.orderId))) as [{ dealerId: string }];
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const invoiceNumber = `СЧ-${tag}`;
    const [invoice] = await db.db
      .insert(invoices)
      .values({ dealerId, orderId: order.orderId, purpose: 'postpay', number: invoiceNumber, amountKopecks: 100, termBankingDays: 3, status: 'issued', workflowId: `test-invoice-${tag}` })
      .returning({ id: invoices.id });
    const [act] = await db.db.insert(acts).values({ dealerId, orderId: order.orderId, workflowId: `test-act-${tag}` }).returning({ id: acts.id });

    const log = (endpoint: string, requestBody: string | null) =>
      db.db.insert(onecExchangeLog).values({ direction: 'in', endpoint, clientId: 'test-1c', statusCode: 200, requestBody }).returning({ id: onecExchangeLog.id });
    const [numbered] = await log('POST /api/1c/invoices/number', JSON.stringify({ invoiceId: invoice!.id, number: invoiceNumber }));
    const [paid] = await log('POST /api/1c/payments', JSON.stringify({ invoiceNumber, amountKopecks: 100 }));
    const [actNumbered] = await log(`POST /api/1c/acts/${act!.id}/number`, null);
    const [other] = await log('POST /api/1c/payments', JSON.stringify({ invoiceNumber: `СЧ-OTHER-${tag}` }));

    // The order's number as staff type it, in any case.
    const found = (await onecExchangeLogFor(db.db, order.orderNumber.toLowerCase())).items.map((i) => i.id);
    expect(found).toEqual([actNumbered!.id, paid!.id, numbered!.id]);
    expect(found).not.toContain(other!.id);

    // A number typed directly finds its own calls; LIKE's wildcards are taken literally.
    expect((await onecExchangeLogFor(db.db, invoiceNumber)).items.map((i) => i.id)).toEqual([paid!.id, numbered!.id]);
    expect((await onecExchangeLogFor(db.db, `СЧ-${tag}%`)).items).toEqual([]);

    // Without a search, every entry, newest first (other test files may log meanwhile).
    const newest = (await onecExchangeLogFor(db.db, undefined)).items;
    expect(newest.map((i) => i.id)).toEqual([...newest.map((i) => i.id)].sort((a, b) => b - a));
    expect(newest.find((i) => i.id === other!.id)).toMatchObject({ direction: 'in', statusCode: 200 });
  });
});
