import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The staff order page's process in business terms (issue 17): steps, waits, retries and who
// decided what, from the Temporal history through the client and the audit log.
let system: RunningSystem;
let staff: ApiSession;
let dealer: ApiSession;
let dealerLogin: string;
let orderNumber: string;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
  dealerLogin = own.people[0]!.login;
  dealer = await ApiSession.login(system.baseUrl, dealerLogin, own.password);
  const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  orderNumber = placed.body.orderNumber;
  await waitFor('shipment', async () => (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.archive !== null, 90_000);
});
afterAll(async () => system?.stop());

describe('GET /api/staff/orders/:orderNumber/history', () => {
  it('tells the order’s steps, its vendor fulfilment and who placed it, in time order', async () => {
    const { status, body } = await staff.json('GET', `/api/staff/orders/${orderNumber}/history`);
    expect(status).toBe(200);
    expect(body.temporal).toBe('ok');
    const entries = body.entries as any[];
    expect(entries[0]).toMatchObject({ kind: 'decision', action: 'order.submitted', actor: dealerLogin });
    expect(entries.find((e) => e.kind === 'started' && e.workflow === 'order')).toMatchObject({ workflowId: `order-${orderNumber}` });
    const child = entries.find((e) => e.kind === 'child' && e.childWorkflow === 'vendorFulfillment');
    expect(child.childWorkflowId).toBe(`order-${orderNumber}-vendor-DRWEB`);
    // The child's own steps are there too: the vendor was asked and the keys collected.
    const vendorSteps = entries.filter((e) => e.kind === 'step' && e.workflowId === child.childWorkflowId).map((e) => e.activity);
    expect(vendorSteps).toEqual(expect.arrayContaining(['placeVendorOrder']));
    const archive = entries.find((e) => e.kind === 'step' && e.activity === 'buildOrderArchive');
    expect(archive).toMatchObject({ outcome: 'done', attempts: 1, lastFailure: null });
    const times = entries.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('is for staff only, and says so of an unknown order', async () => {
    expect((await dealer.json('GET', `/api/staff/orders/${orderNumber}/history`)).status).toBe(403);
    const unknown = await staff.json('GET', '/api/staff/orders/SID-9999999/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/SID-9999999/);
  });
});
