import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '../../db/client';
import { ensureDatabase, runMigrations } from '../../db/migrate';
import { seed } from '../../db/seed';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { vendorFulfillmentWorkflowId } from '../../src/workflows/orders/order.contract';
import { expectOrderDelivered, productOf, startFaultSystem, waitForShipped, type FaultSystem } from '../support/fault-system';
import { PrivatePostgres } from '../support/private-postgres';
import { ApiSession, waitFor } from '../support/system';
import { TemporalDevServer } from '../support/temporal-dev-server';

// PostgreSQL is stopped (fast shutdown) while orders wait on the vendor, and started again a few
// seconds later. A cluster of the test's own: the machine's shared one serves other tests.
const VENDOR = 'DRWEB';
const ORDERS = 4;

let postgres: PrivatePostgres;
let scratch: string;
let temporal: TemporalDevServer;
let system: FaultSystem;

beforeAll(async () => {
  postgres = await PrivatePostgres.create();
  const databaseUrl = postgres.url('sid');
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const keyEncryptionKey = randomBytes(32).toString('base64');
  const vendorApiToken = randomBytes(16).toString('hex');
  const handle = connectDb(databaseUrl, { max: 1 });
  try {
    await seed(handle.db, { vendorApiUrl: 'http://127.0.0.1:9', vendorApiToken, keyEncryptionKey });
  } finally {
    await handle.close();
  }
  scratch = mkdtempSync(join(tmpdir(), 'sid-pg-restart-'));
  temporal = await TemporalDevServer.start(join(scratch, 'temporal.db'));
  system = await startFaultSystem({ databaseUrl, keyEncryptionKey, vendorApiToken, temporalAddress: temporal.address, fulfilmentDelayMs: 6_000 });
});

afterAll(async () => {
  await system?.stop();
  await temporal?.stop();
  await postgres?.destroy();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** How many attempts each activity of a workflow's history took, by activity type (the highest). */
async function activityAttempts(workflowId: string): Promise<Record<string, number>> {
  const history = await system.temporal.workflow.getHandle(workflowId).fetchHistory();
  const types = new Map<string, string>();
  const attempts: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) types.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const type = types.get(String(started.scheduledEventId)) ?? '?';
      attempts[type] = Math.max(attempts[type] ?? 0, started.attempt ?? 1);
    }
  }
  return attempts;
}

describe('PostgreSQL stopped and started again during a run', () => {
  it('completes every order exactly once; the API answers 503 while the database is down and recovers by itself', async () => {
    const worker = await system.startWorker('worker');
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const partNumber = await productOf(dealer, VENDOR);

    const orderNumbers: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 + (i % 2) }] });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      orderNumbers.push(placed.body.orderNumber);
    }
    await waitFor('every order placed at the vendor', async () => orderNumbers.every((n) => system.sim.placements.has(vendorIdempotencyKey(n, VENDOR))), 60_000);

    const stoppedAt = Date.now();
    await postgres.stop('fast');

    // While it is down: readiness names the database, and requests are refused with 503, not 500.
    const health = await fetch(`${system.baseUrl}/health?ready=1`);
    expect(health.status).toBe(503);
    expect((await health.json()).checks).toMatchObject({ database: { ok: false }, temporal: { ok: true } });
    const submit = await dealer.request('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    const submitBody = await submit.text();
    expect(submit.status, submitBody).toBe(503);
    expect(JSON.parse(submitBody).error.code).toBe('DATABASE_UNAVAILABLE');
    expect(submitBody).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
    const list = await dealer.request('GET', '/api/orders');
    expect(list.status).toBe(503);

    // A few seconds down: the vendor finishes meanwhile, and activities fail and are retried.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(worker.alive()).toBe(true);
    await postgres.start();
    const restartedAt = Date.now();

    // The API's pool reconnects by itself.
    await waitFor('the API ready again', async () => (await fetch(`${system.baseUrl}/health?ready=1`)).status === 200, 30_000);
    const readySeconds = (Date.now() - restartedAt) / 1000;
    await waitForShipped(system.db, orderNumbers, 150_000);
    const attempts = await Promise.all(orderNumbers.map((n) => activityAttempts(vendorFulfillmentWorkflowId(n, VENDOR))));
    console.log(
      `PostgreSQL restart: down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s; API ready ${readySeconds.toFixed(1)} s after the start; ` +
        `all ${ORDERS} orders shipped ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after it; vendor activity attempts ${JSON.stringify(attempts)}`,
    );
    // At least one activity met the database down and was retried.
    expect(attempts.some((a) => Object.values(a).some((n) => n > 1))).toBe(true);

    expect(system.sim.orderCount()).toBe(ORDERS);
    for (const orderNumber of orderNumbers) {
      const delivered = await expectOrderDelivered(system, orderNumber);
      expect(delivered.problems).toEqual([]);
      expect(delivered.vendorOrderIds).toHaveLength(1);
    }

    // Business as usual afterwards: the same session places an order that ships.
    const after = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    await waitForShipped(system.db, [after.body.orderNumber], 90_000);
    expect(worker.alive()).toBe(true);
  });
});
