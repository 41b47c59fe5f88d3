import { Client, Connection } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { orders } from '../../db/schema';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { oneReaderPerMailbox } from '../../src/activities/mail/ingestion.activities';
import { createOrderStarter } from '../../src/api/orders/order-starter';
import { VENDOR_MAILBOX_WATCH_WORKFLOW_ID } from '../../src/workflows/mail/vendor-mailbox-watch.contract';
import { ensureVendorMailboxSchedule, ensureVendorMailboxWatch, VENDOR_MAILBOX_SCHEDULE_ID } from '../../src/workflows/mail/vendor-mailbox.schedule';
import { orderWorkflowId } from '../../src/workflows/orders/order.contract';
import { CBR_RATES_SCHEDULE_ID, ensureCbrRatesSchedule } from '../../src/workflows/rates/exchange-rates.schedule';
import { freshMailbox } from '../support/mail';
import { ApiSession, startCutOffApi, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * What runs once per deployment, not once per replica (issue 18), each done by two instances at
 * the same moment: the start-up of two workers (schedules and the mailbox watcher), two APIs'
 * order starters over the same orders kept during an outage, and two workers' readings of one
 * vendor mailbox.
 */
let system: RunningSystem;
/** Two more Temporal clients, each on a connection of its own, as two replicas have. */
const replicas: Array<{ connection: Connection; client: Client }> = [];
let cutOff: Awaited<ReturnType<typeof startCutOffApi>>;

beforeAll(async () => {
  // No starter of the system's own: the test's two starters are the ones racing.
  system = await startSystem({ orderStarterIntervalMs: 0 });
  const address = system.env.connection.options.address;
  for (let i = 0; i < 2; i++) {
    const connection = await Connection.connect({ address });
    replicas.push({ connection, client: new Client({ connection, namespace: system.env.namespace ?? 'default' }) });
  }
  // An API whose Temporal answers nothing: orders submitted to it are kept for the starters.
  cutOff = await startCutOffApi(system);
});

afterAll(async () => {
  await cutOff?.close();
  for (const r of replicas) await r.connection.close();
  await system?.stop();
});

describe('two replicas doing what is done once per deployment', () => {
  it('two workers starting together: one schedule of each kind and one mailbox watcher, neither start-up fails', async () => {
    const startUp = (client: Client) =>
      Promise.all([ensureCbrRatesSchedule(client), ensureVendorMailboxSchedule(client, 60), ensureVendorMailboxWatch(client)]);
    // Twice at once, then once more later (a replica restarted): none of them throws.
    await Promise.all(replicas.map((r) => startUp(r.client)));
    await startUp(replicas[0]!.client);

    const schedules: string[] = [];
    for await (const s of replicas[0]!.client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules.filter((id) => id === CBR_RATES_SCHEDULE_ID)).toHaveLength(1);
    expect(schedules.filter((id) => id === VENDOR_MAILBOX_SCHEDULE_ID)).toHaveLength(1);
    const watchers = await waitFor('the watcher in visibility', async () => {
      const { count } = await replicas[0]!.client.workflow.count(`WorkflowId = '${VENDOR_MAILBOX_WATCH_WORKFLOW_ID}'`);
      return count > 0 && count;
    });
    expect(watchers).toBe(1);
    // The watcher would read the run's shared orders mailbox: it is not what the other files expect.
    await replicas[0]!.client.workflow.getHandle(VENDOR_MAILBOX_WATCH_WORKFLOW_ID).terminate('test over');
    for (const id of [CBR_RATES_SCHEDULE_ID, VENDOR_MAILBOX_SCHEDULE_ID]) await replicas[0]!.client.schedule.getHandle(id).delete();
  });

  it('two APIs’ order starters over the same kept orders: each order gets one workflow, and ships', async () => {
    const dealer = await ApiSession.login(cutOff.baseUrl, 'postpay@demo.sid');
    const partNumber = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
    const kept: string[] = [];
    for (let i = 0; i < 2; i++) {
      const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
      expect(placed.status, JSON.stringify(placed.body)).toBe(202);
      kept.push(placed.body.orderNumber);
    }
    const starters = replicas.map((r) => createOrderStarter({ db: system.db.db, temporal: r.client, prepayValidityBankingDays: 5 }));
    const rounds = await Promise.all(starters.map((s) => s.startStranded({ olderThanMs: 0 })));
    // Both may have tried: Temporal's workflow-id uniqueness (REJECT_DUPLICATE) let one start through.
    for (const orderNumber of kept) expect(rounds.some((r) => r.started.includes(orderNumber)), orderNumber).toBe(true);
    const rows = await system.db.db.select().from(orders).where(inArray(orders.orderNumber, kept));
    for (const row of rows) expect(row.workflowStartedAt, row.orderNumber).not.toBeNull();
    // Nothing left for either.
    for (const s of starters) expect((await s.startStranded({ olderThanMs: 0 })).started.filter((n) => kept.includes(n))).toEqual([]);
    await waitFor('the kept orders shipped', async () => {
      const now = await system.db.db.select({ s: orders.status }).from(orders).where(inArray(orders.orderNumber, kept));
      return now.every((r) => r.s === 'shipped' || r.s === 'completed');
    });
    for (const orderNumber of kept) {
      const { count } = await system.env.client.workflow.count(`WorkflowId = '${orderWorkflowId(orderNumber)}'`);
      expect(count, orderNumber).toBe(1);
    }
    // Each bought once at the vendor.
    for (const orderNumber of kept) expect(system.sim.placements.get(vendorIdempotencyKey(orderNumber, 'DRWEB')), orderNumber).toBe(1);
  });

  it('two workers reading one vendor mailbox: one reads, the other waits for it; another mailbox is read meanwhile', async () => {
    const mailbox = freshMailbox('orders').settings;
    const other = freshMailbox('orders-2').settings;
    // Two pools, as two worker processes have.
    const pools: DbHandle[] = [connectDb(inject('databaseUrl'), { max: 2 }), connectDb(inject('databaseUrl'), { max: 2 })];
    try {
      let reading = 0;
      let mostAtOnce = 0;
      const spans: Array<{ who: string; from: number; to: number }> = [];
      const read = (who: string, ms: number) => async () => {
        reading++;
        mostAtOnce = Math.max(mostAtOnce, reading);
        const from = Date.now();
        await new Promise((r) => setTimeout(r, ms));
        spans.push({ who, from, to: Date.now() });
        reading--;
      };
      let otherRead: { from: number; to: number } | undefined;
      await Promise.all([
        oneReaderPerMailbox(pools[0]!.db, mailbox, read('first', 800)),
        // A moment later, on the other replica.
        new Promise((r) => setTimeout(r, 100)).then(() => oneReaderPerMailbox(pools[1]!.db, mailbox, read('second', 200))),
        new Promise((r) => setTimeout(r, 200)).then(async () => {
          const from = Date.now();
          await oneReaderPerMailbox(pools[1]!.db, other, async () => new Promise((r) => setTimeout(r, 50)));
          otherRead = { from, to: Date.now() };
        }),
      ]);
      expect(mostAtOnce).toBe(1);
      const [first, second] = [spans.find((s) => s.who === 'first')!, spans.find((s) => s.who === 'second')!];
      expect(second.from).toBeGreaterThanOrEqual(first.to);
      // Another mailbox's lock is another lock: it was read while the first reading went on.
      expect(otherRead!.to).toBeLessThan(first.to);
    } finally {
      for (const p of pools) await p.close();
    }
  });
});
