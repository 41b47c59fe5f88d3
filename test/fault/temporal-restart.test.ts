import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orders } from '../../db/schema';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { expectOrderDelivered, productOf, startFaultSystem, waitForShipped, type FaultSystem } from '../support/fault-system';
import { ApiSession, waitFor } from '../support/system';
import { TemporalDevServer } from '../support/temporal-dev-server';

// The Temporal dev server is killed (SIGKILL) while orders wait on the vendor, and started again
// on the same SQLite file and port. Everything must resume: the worker and the API reconnect.
const VENDOR = 'DRWEB';
const ORDERS = 4;

let scratch: string;
let temporal: TemporalDevServer;
let system: FaultSystem;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sid-temporal-restart-'));
  temporal = await TemporalDevServer.start(join(scratch, 'temporal.db'));
  system = await startFaultSystem({
    databaseUrl: inject('databaseUrl'),
    keyEncryptionKey: inject('keyEncryptionKey'),
    vendorApiToken: inject('vendorApiToken'),
    temporalAddress: temporal.address,
    // The vendor takes a while: the orders are in flight when the server dies.
    fulfilmentDelayMs: 8_000,
  });
});

afterAll(async () => {
  await system?.stop();
  await temporal?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the Temporal server killed and restarted on its SQLite file during a run', () => {
  it('resumes every order: shipped, bought once, keys stored once; a submit while it is down is kept and started once the server is back', async () => {
    const worker = await system.startWorker('worker');
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const partNumber = await productOf(dealer, VENDOR);

    const orderNumbers: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 + (i % 3) }] });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      orderNumbers.push(placed.body.orderNumber);
    }
    // In flight: the vendor has every order and is still working on it.
    await waitFor('every order placed at the vendor', async () => orderNumbers.every((n) => system.sim.placements.has(vendorIdempotencyKey(n, VENDOR))), 60_000);
    const [first] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumbers[0]!));
    expect(first!.status).toBe('fulfilling');

    const killedAt = Date.now();
    await temporal.kill('SIGKILL');

    // While it is down: readiness says so, and a new order is kept (answered 202), not lost or half-made.
    const health = await fetch(`${system.baseUrl}/health?ready=1`);
    expect(health.status).toBe(503);
    const healthBody = await health.json();
    expect(healthBody.checks).toMatchObject({ database: { ok: true }, temporal: { ok: false } });
    const submitStarted = Date.now();
    const deferred = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], clientRequestId: 'while-temporal-down' });
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    expect(deferred.status, JSON.stringify(deferred.body)).toBe(202);
    expect(deferred.body.status).toBe('submitted');
    const [kept] = await system.db.db.select().from(orders).where(eq(orders.clientRequestId, 'while-temporal-down'));
    expect(kept).toMatchObject({ orderNumber: deferred.body.orderNumber, workflowStartedAt: null });
    // The worker keeps trying to reach the server rather than exiting.
    expect(worker.alive()).toBe(true);
    const workerErrorLines = worker.logs().split('\n').filter((l) => l.trim()).length;
    const downSeconds = (Date.now() - killedAt) / 1000;

    const restartedAt = Date.now();
    await temporal.start();
    // The order submitted while it was down is started by the API's order starter, and ships too.
    await waitForShipped(system.db, [...orderNumbers, deferred.body.orderNumber], 150_000);
    console.log(
      `Temporal restart: down ${downSeconds.toFixed(1)} s (a submit took ${submitSeconds.toFixed(1)} s to be deferred); ` +
        `all ${ORDERS} orders shipped ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart; ` +
        `placements per key ${orderNumbers.map((n) => system.sim.placements.get(vendorIdempotencyKey(n, VENDOR))).join(',')}; ` +
        `worker error-log lines while down: ${workerErrorLines}`,
    );
    expect(worker.alive()).toBe(true);

    // One purchase per order at the vendor (a repeated placement under the same key buys nothing),
    // and each order's keys stored once.
    expect(system.sim.orderCount()).toBe(ORDERS + 1);
    for (const orderNumber of [...orderNumbers, deferred.body.orderNumber]) {
      const delivered = await expectOrderDelivered(system, orderNumber);
      expect(delivered.problems).toEqual([]);
      expect(delivered.vendorOrderIds).toHaveLength(1);
    }

    // The dealer's retry with the same key finds that same order: one order, one workflow.
    const again = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], clientRequestId: 'while-temporal-down' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.orderNumber).toBe(deferred.body.orderNumber);
    expect((await fetch(`${system.baseUrl}/health?ready=1`)).status).toBe(200);
  });
});
