import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { carts, vendors } from '../../db/schema';
import { freePort } from '../../scripts/lib/free-port';
import { temporalCliPath } from '../../scripts/lib/tools';
import { buildApp, type AppDeps } from '../../src/api/app';
import { createLocalBlobStore, createPostgresBlobStore, type BlobStore } from '../../src/infra/blob-store';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { loadSupplier } from '../../src/infra/supplier';
import { createKeyCipher, type KeyCipher } from '../../src/infra/key-cipher';
import { createMailer, type MailboxSettings } from '../../src/infra/mail';
import { createVendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { createSidWorker } from '../../src/worker';
import { SID_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { freshMailbox, lmtpUrl } from './mail';
import type { LoginThrottleLimits, RateLimits } from '../../src/domain/edge-limits';

/** A whole test file logs in, registers and calls 1C from one address: limits it never reaches. */
const TEST_RATE_LIMITS: RateLimits = { loginPerMinute: 10_000, formsPerHour: 10_000, requisiteChecksPerMinute: 10_000, machinePerMinute: 10_000 };
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';

/**
 * SID as `npm start` runs it, inside the test process: the real Temporal dev server, the real
 * PostgreSQL test database, the worker, the vendor simulator and the API listening on a port.
 */
export interface RunningSystem {
  baseUrl: string;
  app: FastifyInstance;
  env: TestWorkflowEnvironment;
  sim: ReturnType<typeof createVendorSimulator>;
  db: DbHandle;
  keyCipher: KeyCipher;
  /** The system's blob store: the run's PostgreSQL database (the `blobs` table, encrypted at rest), as in production. */
  blobStore: BlobStore;
  /** The orders mailbox this system reads vendor replies from (its own on the run's dovecot). */
  vendorMailbox: { address: string; settings: MailboxSettings };
  stop(): Promise<void>;
}

/**
 * The demo's USD rate is a fixture of a fixed day, behind today's by design: apps built by tests
 * take it at any age unless the test is about the limit (exchange-rate-freshness.test.ts).
 */
export const ANY_RATE_AGE = 100_000;

export async function startSystem(
  options: {
    fulfilmentDelayMs?: number;
    cbrUrl?: string;
    attachmentLimitBytes?: number;
    /** 0 switches the API's own order starter off, for a test that runs the starter itself. */
    orderStarterIntervalMs?: number;
    // --- Edge security (issue 19) ---
    /** Per-address limits; by default generous ones, since every test request comes from 127.0.0.1. */
    rateLimits?: RateLimits;
    /** Wrong-password limits per login and address; by default production's (DEFAULT_LOGIN_THROTTLE). */
    loginThrottle?: LoginThrottleLimits;
    /** To let a test speak from several client addresses through X-Forwarded-For. */
    trustProxy?: boolean;
    /**
     * The setting for orders on an old USD rate. The demo rate is the fixture's of 27 November 2026,
     * behind today's by design, so tests run without the limit unless they are about it (they pass
     * the production default, 1).
     */
    maxRateAgeBankingDays?: number;
  } = {},
): Promise<RunningSystem> {
  const db = connectDb(inject('databaseUrl'));
  // Carts live on the server (issue 17), in the run's one database: a file starts with none, as it
  // did when a cart lived in a fresh browser's storage, whatever an earlier file left in the demo
  // users' carts. Files run one at a time (vitest.config.ts), so no other file's carts are touched.
  await db.db.delete(carts);
  const keyCipher = createKeyCipher(inject('keyEncryptionKey'));
  const blobStore = createPostgresBlobStore(db.db, keyCipher);

  const sim = createVendorSimulator({ token: inject('vendorApiToken'), fulfilmentDelayMs: options.fulfilmentDelayMs ?? 0 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  // The simulator is on loopback: SID reaches it only through the development allow-list.
  allowOutboundInDevelopment(simUrl);
  const [sample] = await db.db.select().from(vendors).limit(1);
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));

  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: SID_SEARCH_ATTRIBUTES, ip: '127.0.0.1' },
  });
  const app = await buildTestApp({
    db: db.db,
    temporal: env.client,
    blobStore,
    keyCipher,
    maxRateAgeBankingDays: options.maxRateAgeBankingDays ?? ANY_RATE_AGE,
    namespace: env.namespace ?? 'default',
    orderStarterIntervalMs: options.orderStarterIntervalMs,
    rateLimits: options.rateLimits ?? TEST_RATE_LIMITS,
    loginThrottle: options.loginThrottle,
    trustProxy: options.trustProxy,
    // SID_TEST_LOG=1 shows the API's request log while debugging a test.
    logger: process.env.SID_TEST_LOG === '1',
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const vendorMailbox = freshMailbox('orders');
  const mailer = createMailer(lmtpUrl(), `SID <${vendorMailbox.address}>`);
  const worker: Worker = await createSidWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    deps: {
      db: db.db,
      blobStore,
      keyCipher,
      calendar: await loadProductionCalendar(),
      supplier: await loadSupplier(),
      cbrUrl: options.cbrUrl ?? 'http://127.0.0.1:9/none',
      temporal: env.client,
      publicUrl: baseUrl,
      mail: { mailer, vendorMailbox: vendorMailbox.settings, attachmentLimitBytes: options.attachmentLimitBytes ?? 10 * 1024 * 1024 },
    },
  });
  const running = worker.run();

  return {
    baseUrl,
    app,
    env,
    sim,
    db,
    keyCipher,
    blobStore,
    vendorMailbox,
    async stop() {
      await app.close();
      worker.shutdown();
      await running;
      mailer.close();
      await env.teardown();
      await sim.close();
      await db.close();
    },
  };
}

/**
 * An API as tests build it beside (or without) a running system: plain cookies, the production
 * calendar, no markup, the demo rate at any age, namespace `default`; over the database, Temporal
 * and blob store given, with the settings the test is about.
 */
export async function buildTestApp(deps: Pick<AppDeps, 'db' | 'temporal' | 'blobStore' | 'keyCipher'> & Partial<AppDeps>): Promise<FastifyInstance> {
  return buildApp({
    secureCookies: false,
    calendar: await loadProductionCalendar(),
    prepayValidityBankingDays: 5,
    usdMarkupBasisPoints: 0,
    maxRateAgeBankingDays: ANY_RATE_AGE,
    temporalUiUrl: 'http://127.0.0.1:8233',
    namespace: 'default',
    ...deps,
  });
}

/**
 * A second API over the system's database whose Temporal answers nothing (nothing listens on its
 * port), as during an outage: orders submitted to it are recorded and wait for a starter. Its
 * blobs go to a folder of its own; it starts no orders itself.
 */
export async function startCutOffApi(system: RunningSystem): Promise<{ app: FastifyInstance; baseUrl: string; close(): Promise<void> }> {
  const connection = await Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  const blobDir = mkdtempSync(join(tmpdir(), 'sid-blobs-'));
  const app = await buildTestApp({
    db: system.db.db,
    temporal: new Client({ connection }),
    blobStore: createLocalBlobStore(blobDir, system.keyCipher),
    keyCipher: system.keyCipher,
    orderStarterIntervalMs: 0,
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    baseUrl,
    async close() {
      await app.close();
      await connection.close();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** A logged-in HTTP session against the running API, keeping its cookie like a browser. */
export class ApiSession {
  private cookie = '';
  /** The session's CSRF token, as login and /api/auth/me hand it out; sent with every request (tests may clear it). */
  csrfToken: string | undefined;
  constructor(private readonly baseUrl: string) {}

  static async login(baseUrl: string, login: string, password = 'demo-password'): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    const response = await session.request('POST', '/api/auth/login', { login, password });
    if (response.status !== 200) throw new Error(`login ${login} failed: ${response.status} ${await response.text()}`);
    return session;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (response.ok && (path === '/api/auth/login' || path === '/api/auth/me')) {
      const answer = (await response.clone().json()) as { csrfToken?: string };
      if (answer.csrfToken) this.csrfToken = answer.csrfToken;
    }
    return response;
  }

  /** The session cookie as a Cookie header, for a client of another kind (a fuzzer, a browser). */
  cookieHeader(): string {
    return this.cookie;
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    return { status: response.status, body: (await response.json()) as T };
  }

  /** The first product of a vendor's catalog as this session's dealer sees it. */
  async firstProduct(vendorCode: string): Promise<any> {
    return (await this.json('GET', `/api/catalog/products?vendor=${vendorCode}&pageSize=1`)).body.items[0];
  }
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
