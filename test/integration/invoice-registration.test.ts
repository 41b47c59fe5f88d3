import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { onecOutbox, orders } from '../../db/schema';
import { createInvoiceActivities } from '../../src/activities/billing/invoices.activities';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { insertOrder } from '../support/orders';

/**
 * Registering an invoice writes the invoice and its 1C outbox entry in one transaction. Every
 * query of it must run on the transaction's own connection: found by the benchmark, where ten
 * such transactions held the worker's ten connections while each waited for an eleventh.
 */
let db: DbHandle;
beforeAll(() => {
  db = connectDb(inject('databaseUrl'), { max: 1 }); // one connection: a query outside the transaction waits forever
});
afterAll(async () => db?.close());

describe('invoice registration', () => {
  it('needs no second connection while its transaction is open', async () => {
    const order = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 2 }] });
    const [row] = await db.db.select({ dealerId: orders.dealerId }).from(orders).where(eq(orders.id, order.orderId));
    const activities = createInvoiceActivities({ db: db.db, calendar: await loadProductionCalendar() });
    const registered = await Promise.race([
      activities.registerInvoice({ purpose: 'postpay', dealerId: row!.dealerId, orderId: order.orderId, orderNumber: order.orderNumber, termBankingDays: 3, workflowId: `invoice-${order.orderNumber}` }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('registerInvoice waited for a second connection')), 5_000)),
    ]);
    expect(registered.amountKopecks).toBe(100);
    const [outbox] = await db.db.select().from(onecOutbox).where(eq(onecOutbox.documentId, registered.invoiceId));
    expect(outbox?.payload).toMatchObject({ orderNumber: order.orderNumber, amountKopecks: 100 });
  });
});
