import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { licenseKeys, orderLines, orders, vendorOrders, vendors } from '../../db/schema';
import { temporalCliPath } from '../../scripts/lib/tools';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { buildApp } from '../../src/api/app';
import { createPostgresBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher, type KeyCipher } from '../../src/infra/key-cipher';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { workflowsPath } from '../../src/worker';
import { SID_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { lmtpUrl } from '../support/mail';
import { ApiSession, waitFor, ANY_RATE_AGE } from '../support/system';
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';

// The worker runs in a child process here (not in-process as in startSystem), so the test can kill it.
const workerScript = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
const VENDOR = 'DRWEB';

let db: DbHandle;
let keyCipher: KeyCipher;
let sim: VendorSimulator;
let env: TestWorkflowEnvironment;
let app: FastifyInstance;
let baseUrl: string;
let scratch: string;
let bundlePath: string;
const workers: ChildProcess[] = [];

/** Starts a worker process and resolves once it is ready to poll. */
async function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      SID_KEY_ENCRYPTION_KEY: inject('keyEncryptionKey'),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      SID_PUBLIC_URL: baseUrl,
      SID_MAIL_URL: lmtpUrl(),
      SID_WORKFLOW_BUNDLE: bundlePath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
    if (process.env.SID_TEST_LOG === '1') process.stderr.write(`[${name}] ${chunk}`);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} not ready within 30 s: ${errors}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (${signal ?? code}) before it was ready: ${errors}`));
    });
  });
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sid-crash-'));
  db = connectDb(inject('databaseUrl'));
  keyCipher = createKeyCipher(inject('keyEncryptionKey'));
  sim = createVendorSimulator({ token: inject('vendorApiToken'), fulfilmentDelayMs: 0 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  // The simulator is on loopback: SID reaches it only through the development allow-list.
  allowOutboundInDevelopment(simUrl);
  const [sample] = await db.db.select().from(vendors).where(eq(vendors.code, VENDOR));
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));

  const [server, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: SID_SEARCH_ATTRIBUTES, ip: '127.0.0.1' },
    }),
    bundleWorkflowCode({ workflowsPath, logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} } as never }),
  ]);
  env = server;
  bundlePath = join(scratch, 'workflows.js');
  writeFileSync(bundlePath, bundle.code);

  app = await buildApp({
    db: db.db,
    temporal: env.client,
    // Blobs in PostgreSQL, as the worker processes keep them: the API and the workers share no folder.
    blobStore: createPostgresBlobStore(db.db, keyCipher),
    secureCookies: false,
    keyCipher,
    calendar: await loadProductionCalendar(),
    prepayValidityBankingDays: 5,
    usdMarkupBasisPoints: 0,
    maxRateAgeBankingDays: ANY_RATE_AGE,
    temporalUiUrl: 'http://127.0.0.1:8233',
    namespace: env.namespace ?? 'default',
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  for (const child of workers) child.kill('SIGTERM');
  await Promise.all(workers.map(exited));
  await app?.close();
  await env?.teardown();
  await sim?.close();
  await db?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a worker killed between placing the vendor order and recording it', () => {
  it('ships once another worker takes over, with one purchase at the vendor and each key stored once', async () => {
    const first = await startWorker('first');
    // The vendor has the order and is about to answer: the worker dies before it hears back.
    let killedAt = 0;
    sim.onPlacement(async ({ created }) => {
      if (!created || killedAt) return;
      first.kill('SIGKILL');
      await exited(first);
      killedAt = Date.now();
    });

    const dealer = await ApiSession.login(baseUrl, 'postpay@demo.sid');
    const product = (await dealer.json('GET', `/api/catalog/products?vendor=${VENDOR}&pageSize=1`)).body.items[0];
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 3 }] });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const { orderNumber } = placed.body;
    const key = vendorIdempotencyKey(orderNumber, VENDOR);

    await waitFor('the first worker killed at placement', async () => killedAt > 0, 20_000);
    expect(first.signalCode).toBe('SIGKILL');
    // Dead before SID recorded the vendor's order id: the row says "placing" and has none.
    const [placing] = await db.db.select().from(vendorOrders).where(eq(vendorOrders.idempotencyKey, key));
    expect(placing).toMatchObject({ status: 'placing', vendorOrderId: null });

    await startWorker('second');
    await waitFor(`${orderNumber} shipped`, async () => (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status === 'shipped', 35_000);
    console.log(`worker killed at placement: shipped ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);

    // The retried placement reached the vendor under the same key and bought nothing more.
    expect(sim.placements.get(key)).toBe(2);
    expect(sim.orderCount()).toBe(1);
    const [order] = await db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    const rows = await db.db.select().from(vendorOrders).where(eq(vendorOrders.orderId, order!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idempotencyKey: key, status: 'completed' });
    const issued = sim.issuedKeys(rows[0]!.vendorOrderId!);
    expect(issued).toHaveLength(3);

    const lines = await db.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    const stored = await db.db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lines.map((l) => l.id)));
    expect(stored.map((k) => keyCipher.decrypt(k.keyEncrypted)).sort()).toEqual([...issued].sort());
  });
});
