import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { connectDb, type DbHandle } from '../../db/client';
import { licenseKeys, orderLines, orders, vendorOrders, vendors } from '../../db/schema';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher, type KeyCipher } from '../../src/infra/key-cipher';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { workflowsPath } from '../../src/worker';
import { lmtpUrl } from './mail';
import { ApiSession, buildTestApp, waitFor } from './system';
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';

const workerScript = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/**
 * SID for fault tests: the worker in processes of its own (test/support/worker-process.ts), the
 * API and the vendor simulator in the test process, against a Temporal server and a database the
 * test owns and may stop. Unlike startSystem, nothing here starts Temporal or picks the database.
 */
export interface FaultSystem {
  baseUrl: string;
  app: FastifyInstance;
  db: DbHandle;
  keyCipher: KeyCipher;
  sim: VendorSimulator;
  temporal: Client;
  /** Starts a worker process; resolves when it is about to poll. Its stderr is kept in `logs`. */
  startWorker(name: string): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  logs(): string;
  /** Whether the process is still running. */
  alive(): boolean;
}

export async function startFaultSystem(options: {
  databaseUrl: string;
  keyEncryptionKey: string;
  vendorApiToken: string;
  temporalAddress: string;
  fulfilmentDelayMs: number;
}): Promise<FaultSystem> {
  const scratch = mkdtempSync(join(tmpdir(), 'sid-fault-'));
  // A small pool, like a worker's: the API's reconnection after a database restart is under test too.
  const db = connectDb(options.databaseUrl, { max: 5 });
  const keyCipher = createKeyCipher(options.keyEncryptionKey);
  const sim = createVendorSimulator({ token: options.vendorApiToken, fulfilmentDelayMs: options.fulfilmentDelayMs });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  // The simulator is on loopback: SID reaches it only through the development allow-list.
  allowOutboundInDevelopment(simUrl);
  const [sample] = await db.db.select().from(vendors).where(eq(vendors.adapterKind, 'api')).limit(1);
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));

  const bundle = await bundleWorkflowCode({ workflowsPath, logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} } as never });
  const bundlePath = join(scratch, 'workflows.js');
  writeFileSync(bundlePath, bundle.code);

  const connection = await Connection.connect({ address: options.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const app = await buildTestApp({
    db: db.db,
    temporal,
    blobStore: createLocalBlobStore(join(scratch, 'blobs'), keyCipher),
    keyCipher,
    logger: process.env.SID_TEST_LOG === '1',
    // Orders submitted while Temporal is down are started soon after it is back.
    orderStarterIntervalMs: 2_000,
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const workers: ChildProcess[] = [];
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function startWorker(name: string): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        SID_KEY_ENCRYPTION_KEY: options.keyEncryptionKey,
        TEMPORAL_ADDRESS: options.temporalAddress,
        TEMPORAL_NAMESPACE: 'default',
        // The fault tests restart PostgreSQL: their blobs stay in a folder the API shares.
        SID_BLOB_STORE: 'local',
        SID_BLOB_DIR: join(scratch, 'blobs'),
        SID_PUBLIC_URL: baseUrl,
        SID_MAIL_URL: lmtpUrl(),
        SID_WORKFLOW_BUNDLE: bundlePath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-200_000);
      if (process.env.SID_TEST_LOG === '1') process.stderr.write(`[${name}] ${chunk}`);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${name} not ready within 60 s: ${errors}`)), 60_000);
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
    return { child, logs: () => errors, alive: () => child.exitCode === null && child.signalCode === null };
  }

  return {
    baseUrl,
    app,
    db,
    keyCipher,
    sim,
    temporal,
    startWorker,
    async stop() {
      for (const child of workers) child.kill('SIGTERM');
      // A worker waiting on an unreachable server may not finish its shutdown: it gets 15 s.
      const timer = setTimeout(() => workers.forEach((c) => c.kill('SIGKILL')), 15_000);
      await Promise.all(workers.map(exited));
      clearTimeout(timer);
      await app.close();
      await connection.close();
      await sim.close();
      await db.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The first product of a vendor, as a dealer finds it in the catalog. */
export async function productOf(dealer: ApiSession, vendorCode: string): Promise<string> {
  const { body } = await dealer.json('GET', `/api/catalog/products?vendor=${vendorCode}&pageSize=1`);
  return body.items[0].partNumber;
}

/**
 * What a finished order must look like in the books: shipped (or beyond), one vendor order per
 * vendor, each line with exactly its quantity of keys, and those keys the ones the vendor issued.
 */
export async function expectOrderDelivered(
  system: Pick<FaultSystem, 'db' | 'keyCipher' | 'sim'>,
  orderNumber: string,
): Promise<{ vendorOrderIds: string[]; keyCount: number; problems: string[] }> {
  const { db } = system.db;
  const problems: string[] = [];
  const [order] = await db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
  if (!order) return { vendorOrderIds: [], keyCount: 0, problems: [`${orderNumber}: no order row`] };
  if (!['shipped', 'completed'].includes(order.status)) problems.push(`${orderNumber}: status ${order.status}`);
  const rows = await db.select().from(vendorOrders).where(eq(vendorOrders.orderId, order.id));
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const stored = lines.length ? await db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lines.map((l) => l.id))) : [];
  for (const line of lines) {
    const count = stored.filter((k) => k.orderLineId === line.id).length;
    if (count !== line.quantity) problems.push(`${orderNumber} line ${line.lineNo}: ${count} keys for quantity ${line.quantity}`);
  }
  const issued = rows.flatMap((r) => (r.vendorOrderId ? system.sim.issuedKeys(r.vendorOrderId) : []));
  const decrypted = stored.map((k) => system.keyCipher.decrypt(k.keyEncrypted)).sort();
  if (JSON.stringify(decrypted) !== JSON.stringify([...issued].sort())) problems.push(`${orderNumber}: stored keys differ from the keys the vendor issued`);
  if (new Set(decrypted).size !== decrypted.length) problems.push(`${orderNumber}: a key is stored twice`);
  return { vendorOrderIds: rows.map((r) => r.vendorOrderId ?? '(none)'), keyCount: stored.length, problems };
}

/** Waits until every order is shipped or completed, or says which were not. */
export async function waitForShipped(db: DbHandle, orderNumbers: string[], timeoutMs: number): Promise<void> {
  let last = '';
  try {
    await waitFor(
      'every order shipped',
      async () => {
        // The test's own pool may still be reconnecting after a database restart: ask again.
        const rows = await db.db.select({ orderNumber: orders.orderNumber, status: orders.status }).from(orders).where(inArray(orders.orderNumber, orderNumbers))
          .catch(() => null);
        if (!rows) return false;
        last = rows.map((r) => `${r.orderNumber}=${r.status}`).join(', ');
        return rows.length === orderNumbers.length && rows.every((r) => r.status === 'shipped' || r.status === 'completed');
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${last}`);
  }
}
