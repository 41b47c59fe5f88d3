import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { vendors } from '../../db/schema';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { buildCompiledSid, demoRateCurrentUntilRemoved, spawnCompiled, startCompiledApi, startCompiledWorker, stopProcess, type SidProcess } from '../support/compiled-sid';
import { expectOrderDelivered, productOf, waitForShipped } from '../support/fault-system';
import { lmtpUrl } from '../support/mail';
import { ApiSession } from '../support/system';
import { TemporalDevServer } from '../support/temporal-dev-server';

/**
 * The production image's steps outside Docker (issue 18): the Dockerfile's build stage runs
 * `npm run build` (scripts/build.ts), its runtime stage `node dist/server/api.js` and
 * `node dist/server/worker.js`. Here the same build runs, and the compiled API and worker start
 * against a Temporal dev server and PostgreSQL with nothing but their environment, the API in
 * production mode as in docker-compose.yml; an order runs on the workflow bundle built at build time.
 */
let build: { outdir: string; remove(): void };
let scratch: string;
let temporal: TemporalDevServer;
let sim: VendorSimulator;
let db: DbHandle;
const processes: SidProcess[] = [];
let removeRate: (() => Promise<void>) | undefined;

function baseEnv(): Record<string, string> {
  const { imapPort, password } = inject('mail');
  return {
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: temporal.address,
    SID_KEY_ENCRYPTION_KEY: inject('keyEncryptionKey'),
    SID_MAIL_URL: lmtpUrl(),
    SID_VENDOR_MAILBOX_URL: `imap://${encodeURIComponent('orders@sid.local')}:${password}@127.0.0.1:${imapPort}/INBOX`,
    // A worker's metrics port of its own would collide with another test's: none here.
    SID_WORKER_METRICS_ADDRESS: '',
  };
}

beforeAll(async () => {
  build = await buildCompiledSid();
  scratch = mkdtempSync(join(tmpdir(), 'sid-prod-build-'));
  temporal = await TemporalDevServer.start(join(scratch, 'temporal.db'));
  db = connectDb(inject('databaseUrl'), { max: 2 });
  sim = createVendorSimulator({ token: inject('vendorApiToken'), fulfilmentDelayMs: 0 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  removeRate = await demoRateCurrentUntilRemoved(db.db);
  const [sample] = await db.db.select().from(vendors).where(eq(vendors.adapterKind, 'api')).limit(1);
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));
});

afterAll(async () => {
  for (const p of processes) await stopProcess(p);
  await sim?.close();
  await removeRate?.();
  await db?.close();
  await temporal?.stop();
  build?.remove();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the production build, run as the image runs it', () => {
  it('the compiled API in production mode refuses to start without its secrets', async () => {
    const { SID_KEY_ENCRYPTION_KEY: _, ...withoutKey } = baseEnv();
    const api = spawnCompiled('api-without-key', join(build.outdir, 'api.js'), { ...withoutKey, NODE_ENV: 'production', PORT: '0' });
    await api.exited();
    expect(api.child.exitCode).not.toBe(0);
    expect(api.logs()).toContain('SID_KEY_ENCRYPTION_KEY');
  });

  it('the compiled worker runs an order on the prebuilt workflow bundle; the compiled API answers /health, takes the order and serves its keys', async () => {
    const simUrl = (await db.db.select().from(vendors).where(eq(vendors.adapterKind, 'api')).limit(1))[0]!.adapterSettings as { baseUrl: string };
    const api = await startCompiledApi(build.outdir, 'api', { ...baseEnv(), NODE_ENV: 'production' });
    processes.push(api);
    const worker = await startCompiledWorker(build.outdir, 'worker', {
      ...baseEnv(),
      SID_PUBLIC_URL: api.baseUrl,
      // As docker-compose.yml's worker: the demo vendor simulator is on a private address, which
      // only the development allow-list lets the worker reach.
      NODE_ENV: 'development',
      SID_OUTBOUND_ALLOW: new URL(simUrl.baseUrl).host,
    });
    processes.push(worker);
    // The worker took the workflow code built at build time, and did not bundle at start-up.
    expect(worker.logs()).toContain(`"workflowBundle":"${join(build.outdir, 'workflow-bundle.js')}"`);

    const live = await fetch(`${api.baseUrl}/health`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.baseUrl}/health?ready=1`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });

    const dealer = await ApiSession.login(api.baseUrl, 'postpay@demo.sid');
    const partNumber = await productOf(dealer, 'DRWEB');
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 2 }] });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    await waitForShipped(db, [orderNumber], 90_000);
    const delivered = await expectOrderDelivered({ db, sim, keyCipher: createKeyCipher(inject('keyEncryptionKey')) }, orderNumber);
    expect(delivered.problems).toEqual([]);
    expect(delivered.keyCount).toBe(2);

    const download = await dealer.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    expect(new AdmZip(Buffer.from(await download.arrayBuffer())).getEntries().length).toBeGreaterThan(0);
    // The web app is served from dist/web beside the compiled server.
    const page = await fetch(`${api.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(worker.alive() && api.alive()).toBe(true);
  });
});
