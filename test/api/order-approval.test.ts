import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders } from '../../db/schema';
import { createOrderStarter } from '../../src/api/orders/order-starter';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * A dealer's admins approve its users' large orders before anything happens to them. Through the
 * real API, Temporal dev server and PostgreSQL, for a postpay dealer of this test's own with an
 * admin and a user.
 */
let system: RunningSystem;
let admin: ApiSession;
let buyer: ApiSession;
let otherAdmin: ApiSession;
let partNumber: string;

beforeAll(async () => {
  system = await startSystem();
  const mine = await freshDealerLike(system.db.db, 'postpay@demo.sid', ['dealer_admin', 'dealer_user']);
  const other = await freshDealerLike(system.db.db, 'postpay@demo.sid');
  admin = await ApiSession.login(system.baseUrl, mine.people[0]!.login, mine.password);
  buyer = await ApiSession.login(system.baseUrl, mine.people[1]!.login, mine.password);
  otherAdmin = await ApiSession.login(system.baseUrl, other.people[0]!.login, other.password);
  partNumber = (await buyer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => system?.stop());

const statusOf = async (orderNumber: string) => (await system.db.db.select({ s: orders.status }).from(orders).where(eq(orders.orderNumber, orderNumber)))[0]!.s;

describe('orders above the dealer’s approval threshold', () => {
  it('only the dealer’s admins set the threshold, and a bad one is refused', async () => {
    expect((await buyer.json('PUT', '/api/dealer/settings', { orderApprovalThresholdKopecks: 1 })).status).toBe(403);
    const bad = await admin.json('PUT', '/api/dealer/settings', { orderApprovalThresholdKopecks: 10.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('orderApprovalThresholdKopecks');
    expect((await admin.json('PUT', '/api/dealer/settings', { orderApprovalThresholdKopecks: 100_00 })).status).toBe(200);
    expect((await admin.json('GET', '/api/dealer/settings')).body).toEqual({ orderApprovalThresholdKopecks: 100_00 });
  });

  it('a user’s order above it waits, starts nothing, and ships once an admin approves it', async () => {
    const placed = await buyer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }] });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ status: 'awaiting_approval', message: expect.stringContaining('ждёт одобрения') });
    const { orderNumber } = placed.body;
    // Not started, and the order starter leaves it alone too.
    const starter = createOrderStarter({ db: system.db.db, temporal: system.env.client, prepayValidityBankingDays: 5 });
    expect((await starter.startStranded({ olderThanMs: 0 })).started).not.toContain(orderNumber);
    expect((await buyer.json('GET', `/api/orders/${orderNumber}`)).body).toMatchObject({ status: 'awaiting_approval', progress: null });

    // The user cannot approve it, another dealer's admin cannot see it.
    expect((await buyer.json('POST', `/api/orders/${orderNumber}/approve`)).status).toBe(403);
    expect((await otherAdmin.json('POST', `/api/orders/${orderNumber}/approve`)).status).toBe(404);

    const approved = await admin.json('POST', `/api/orders/${orderNumber}/approve`);
    expect(approved.status).toBe(200);
    await waitFor('the approved order shipped', async () => ['shipped', 'completed'].includes(await statusOf(orderNumber)));
    expect((await admin.json('POST', `/api/orders/${orderNumber}/approve`)).status).toBe(409);
    const [row] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(row!.approvedAt).not.toBeNull();
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'order.approved'), eq(auditLog.subjectId, orderNumber)));
    expect(audit).toBeDefined();
  });

  it('an admin declines with a reason; the admin’s own orders and small ones need no approval', async () => {
    const placed = await buyer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }] });
    const { orderNumber } = placed.body;
    expect((await admin.json('POST', `/api/orders/${orderNumber}/decline`, { reason: ' ' })).status).toBe(400);
    const declined = await admin.json('POST', `/api/orders/${orderNumber}/decline`, { reason: 'Бюджет квартала исчерпан' });
    expect(declined.body).toEqual({ orderNumber, status: 'cancelled' });
    expect(await statusOf(orderNumber)).toBe('cancelled');

    const own = await admin.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }] });
    expect(own.status).toBe(201);
    expect((await admin.json('PUT', '/api/dealer/settings', { orderApprovalThresholdKopecks: null })).status).toBe(200);
    expect((await buyer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }] })).status).toBe(201);
  });
});
