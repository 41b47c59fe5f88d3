import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { orders, orderStatus, staffQueue } from '../../db/schema';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { insertOrder } from '../support/orders';
import { buildTestApp } from '../support/system';

// GET /metrics through the app itself: no Temporal is needed to scrape it.
let db: DbHandle;
let app: FastifyInstance;
let blobDir: string;
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** The app over the run's database, without Temporal (a scrape never reaches it), blobs in the file's folder. */
const temporallessApp = (settings: { metricsToken?: string } = {}) =>
  buildTestApp({ db: db.db, temporal: {} as Client, blobStore: createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))), keyCipher: createKeyCipher(inject('keyEncryptionKey')), ...settings });

beforeAll(async () => {
  db = connectDb(inject('databaseUrl'));
  blobDir = mkdtempSync(join(tmpdir(), 'sid-metrics-'));
  app = await temporallessApp({ metricsToken: METRICS_TOKEN });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

const scrape = async () => {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.body;
};
/** The value of one series, by its exact label set as prom-client prints it. */
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  it('is not public: no token or a wrong one gets 401 and no metrics; an app without a configured token has no /metrics', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN, `Basic ${METRICS_TOKEN}`]) {
      const answer = await app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expect(answer.statusCode, String(authorization)).toBe(401);
      expect(answer.body).not.toContain('sid_orders');
    }
    const tokenless = await temporallessApp();
    try {
      const answer = await tokenless.inject({ method: 'GET', url: '/metrics' });
      expect(answer.statusCode).toBe(404);
      expect(answer.body).not.toContain('sid_orders');
    } finally {
      await tokenless.close();
    }
  });

  it('counts API requests by method, route template and status', async () => {
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/health' });
    // Unauthenticated: 401, counted under the route's template, not the order number.
    await app.inject({ method: 'GET', url: '/api/orders/SID-000123' });
    await app.inject({ method: 'GET', url: '/no/such/path' });
    const text = await scrape();
    expect(text).toContain('# TYPE sid_api_request_duration_seconds histogram');
    expect(valueOf(text, 'sid_api_request_duration_seconds_count{method="GET",route="/health",status_code="200"}')).toBe(2);
    expect(valueOf(text, 'sid_api_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health",status_code="200"}')).toBe(2);
    expect(valueOf(text, 'sid_api_request_duration_seconds_count{method="GET",route="/api/orders/:orderNumber",status_code="401"}')).toBe(1);
    expect(valueOf(text, 'sid_api_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBe(1);
    expect(text).not.toContain('SID-000123');
    expect(text).not.toContain('/no/such/path');
    // The process's own, for the memory figures of the benchmarks.
    expect(text).toContain('sid_api_process_resident_memory_bytes');
  });

  it('reports orders by state and open staff-queue items by kind, read at scrape time', async () => {
    const fulfilling = await insertOrder(db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }] });
    await insertOrder(db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }] });
    await insertOrder(db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }], status: 'cancelled' });
    // A rare kind; other files may have left open items of it in the run's database, so counts are read, not assumed.
    const kind = 'paid_invoice_payment_cancelled';
    const openOfKind = async () => (await db.db.select({ n: sql<number>`count(*)::int` }).from(staffQueue).where(and(eq(staffQueue.kind, kind), eq(staffQueue.status, 'open'))))[0]!.n;
    const before = await openOfKind();
    const mine = await db.db
      .insert(staffQueue)
      .values([
        { kind, reference: 'metrics-a', summary: 'open one' },
        { kind, reference: 'metrics-b', summary: 'open two' },
        { kind, reference: 'metrics-c', summary: 'resolved', status: 'resolved' },
      ])
      .returning({ id: staffQueue.id });
    const counts = await db.db.select({ status: orders.status, n: sql<number>`count(*)::int` }).from(orders).groupBy(orders.status);
    const text = await scrape();
    for (const status of orderStatus.enumValues) {
      expect(valueOf(text, `sid_orders{status="${status}"}`), status).toBe(counts.find((c) => c.status === status)?.n ?? 0);
    }
    expect(valueOf(text, 'sid_orders{status="fulfilling"}')).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'sid_orders{status="cancelled"}')).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, `sid_staff_queue_open_items{kind="${kind}"}`)).toBe(before + 2);
    // States and kinds only: no dealer, no order number (a queue kind may say "dealer_…", a label value may not name one).
    const [dealer] = await db.db.select({ id: orders.dealerId }).from(orders).where(eq(orders.id, fulfilling.orderId));
    expect(text).not.toContain(fulfilling.orderNumber);
    expect(text).not.toContain(dealer!.id);
    expect(text).not.toContain('postpay@demo.sid');
    expect([...text.matchAll(/^sid_\w+\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((pair) => pair.split('=')[0]))).not.toContain('dealer');

    // Kinds are open-ended, unlike order states: a kind with nothing open drops out.
    await db.db.update(staffQueue).set({ status: 'resolved' }).where(inArray(staffQueue.id, mine.map((m) => m.id)));
    const after = valueOf(await scrape(), `sid_staff_queue_open_items{kind="${kind}"}`);
    expect(after).toBe(before === 0 ? undefined : before);
    expect(await openOfKind()).toBe(before);
  });
});
