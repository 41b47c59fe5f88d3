import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { createOrderStarter } from '../../src/api/orders/order-starter';
import { orderWorkflowId } from '../../src/workflows/orders/order.contract';
import { ApiSession, startCutOffApi, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * An order submitted while Temporal cannot be reached is kept, answered 202, and started later by
 * the order starter; nothing the dealer sent is lost and no order gets two workflows. A second API
 * whose Temporal address answers nothing stands for the outage (test/fault restarts a real one).
 */
let system: RunningSystem;
let cutOff: Awaited<ReturnType<typeof startCutOffApi>>;
let partNumber: string;

beforeAll(async () => {
  // The API's own starter is off: on a slow machine it would start the stranded order before the
  // test's starter does (a submit to the cut-off API waits 5 s for Temporal, twice).
  system = await startSystem({ orderStarterIntervalMs: 0 });
  // An API whose every call to Temporal fails, as during an outage.
  cutOff = await startCutOffApi(system);
  partNumber = (await (await ApiSession.login(system.baseUrl, 'postpay@demo.sid')).firstProduct('DRWEB')).partNumber;
});
afterAll(async () => {
  await cutOff?.close();
  await system?.stop();
});

const startedAt = async (orderNumber: string) => (await system.db.db.select({ at: orders.workflowStartedAt }).from(orders).where(eq(orders.orderNumber, orderNumber)))[0]!.at;

describe('orders submitted while Temporal is unreachable', () => {
  it('are kept and answered 202, then started once by the order starter and shipped', async () => {
    const dealer = await ApiSession.login(cutOff.baseUrl, 'postpay@demo.sid');
    const clientRequestId = `outage-${Date.now()}`;
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 2 }], clientRequestId });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ status: 'submitted', message: expect.stringContaining('уйдёт в работу автоматически') });
    const { orderNumber } = placed.body;
    expect(await startedAt(orderNumber)).toBeNull();
    // The dealer retries with its idempotency key: still the same one order, still waiting.
    const again = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 2 }], clientRequestId });
    expect(again.body.orderNumber).toBe(orderNumber);

    // Temporal answers again (the working API's starter): the order starts once and ships.
    const starter = createOrderStarter({ db: system.db.db, temporal: system.env.client, prepayValidityBankingDays: 5 });
    expect((await starter.startStranded({ olderThanMs: 0 })).started).toContain(orderNumber);
    expect(await startedAt(orderNumber)).not.toBeNull();
    expect((await starter.startStranded({ olderThanMs: 0 })).started).not.toContain(orderNumber);
    await waitFor('the late order shipped', async () => ['shipped', 'completed'].includes((await system.db.db.select({ s: orders.status }).from(orders).where(eq(orders.orderNumber, orderNumber)))[0]!.s));
    const { executions } = await system.env.client.workflow.count(`WorkflowId = '${orderWorkflowId(orderNumber)}'`).then((c) => ({ executions: c.count }));
    expect(executions).toBe(1);
  });

  it('an order whose start was only answered late is not started twice', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    expect(placed.status).toBe(201);
    expect(await startedAt(placed.body.orderNumber)).not.toBeNull();
    // As if the answer to the start had been lost: the starter finds the workflow already there.
    await system.db.db.update(orders).set({ workflowStartedAt: null }).where(eq(orders.orderNumber, placed.body.orderNumber));
    const starter = createOrderStarter({ db: system.db.db, temporal: system.env.client, prepayValidityBankingDays: 5 });
    expect((await starter.startStranded({ olderThanMs: 0 })).started).toContain(placed.body.orderNumber);
    expect(await startedAt(placed.body.orderNumber)).not.toBeNull();
    const count = await system.env.client.workflow.count(`WorkflowId = '${orderWorkflowId(placed.body.orderNumber)}'`);
    expect(count.count).toBe(1);
  });
});
