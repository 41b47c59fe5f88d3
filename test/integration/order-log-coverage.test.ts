import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { acts, invoices, orders, staffQueue } from '../../db/schema';
import { temporalTestServerPath } from '../../scripts/lib/tools';
import { createStatementActivities } from '../../src/activities/billing/statement.activities';
import { createActActivities } from '../../src/activities/documents/acts.activities';
import { createOrderActivities } from '../../src/activities/orders/orders.activities';
import { CSRF_HEADER, registerAuth } from '../../src/api/auth';
import { registerContracts } from '../../src/api/contracts';
import { registerErrorHandler } from '../../src/api/errors';
import { registerOrderLogging } from '../../src/api/order-logging';
import { registerFulfilmentRoutes } from '../../src/api/fulfilment/staff-fulfilment.routes';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { loadSupplier } from '../../src/infra/supplier';
import { insertOrder } from '../support/orders';

/**
 * Issue 7: every log line about an order names it (`orderNumber`). The real activities and the
 * staff route against the test database, their log lines captured where the worker and the API
 * would write them.
 */
let db: DbHandle;
let blobDir: string;
let temporal: TestWorkflowEnvironment;

beforeAll(async () => {
  db = connectDb(inject('databaseUrl'));
  blobDir = mkdtempSync(join(tmpdir(), 'sid-log-'));
  // The staff route wakes the fulfilment workflow: a real (empty) Temporal answers "no such workflow".
  temporal = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
});
afterAll(async () => {
  await temporal?.teardown();
  await db?.close();
  if (blobDir) rmSync(blobDir, { recursive: true, force: true });
});

/** Runs an activity function as the worker would, and returns the lines it logged (the SDK's own left out). */
async function logsOf<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<{ result: R; lines: LogEntry[] }> {
  const lines: LogEntry[] = [];
  const env = new MockActivityEnvironment({ activityType: fn.name }, { logger: new DefaultLogger('INFO', (e) => lines.push(e)) });
  const result = (await env.run(fn, ...args)) as R;
  return { result, lines: lines.filter((l) => !/^Activity (started|completed|failed)/.test(l.message)) };
}

const about = (lines: LogEntry[]) => lines.map((l) => [l.level, l.message, l.meta?.orderNumber]);

describe('activities log the order they are about', () => {
  it('order status changes: recorded, shipped (closing a stuck fulfilment), cancelled', async () => {
    const activities = createOrderActivities({ db: db.db });
    const { orderId, orderNumber } = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }] });
    await db.db.insert(staffQueue).values({ kind: 'stuck_fulfilment', reference: `${orderNumber}/DRWEB`, summary: 'stuck', payload: {} });

    const shipped = await logsOf(activities.recordOrderStatus, { orderId, status: 'shipped' });
    expect(about(shipped.lines)).toEqual([
      ['INFO', 'stuck fulfilment closed: the order shipped', orderNumber],
      ['INFO', 'order status recorded', orderNumber],
    ]);
    expect(shipped.lines[1]!.meta).toMatchObject({ status: 'shipped', activityType: 'recordOrderStatus' });
    const [item] = await db.db.select().from(staffQueue).where(eq(staffQueue.reference, `${orderNumber}/DRWEB`));
    expect(item!.status).toBe('resolved');

    const cancelled = await logsOf(activities.cancelOrder, { orderId, reason: 'счёт не оплачен' });
    expect(about(cancelled.lines)).toEqual([['INFO', 'order cancelled', orderNumber]]);
    expect(cancelled.lines[0]!.meta).toMatchObject({ status: 'cancelled', reason: 'счёт не оплачен' });
  });

  it('acts: registered for 1C, numbered and filed', async () => {
    const activities = createActActivities({ db: db.db, blobStore: createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))), supplier: await loadSupplier() });
    const { orderId, orderNumber } = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }] });
    await db.db.update(orders).set({ status: 'shipped', shippedAt: new Date() }).where(eq(orders.id, orderId));
    const registered = await logsOf(activities.registerAct, { orderId, workflowId: `order-${orderNumber}` });
    expect(about(registered.lines)).toEqual([['INFO', 'act registered for 1C', orderNumber]]);
    // 1C's number reaches SID through the exchange, which records it before the workflow is signalled.
    await db.db.update(acts).set({ number: `АКТ-LOG-${orderNumber.slice(-4)}`, numberDate: '2026-11-30' }).where(eq(acts.id, registered.result.actId));
    const issued = await logsOf(activities.issueAct, { actId: registered.result.actId, number: `АКТ-LOG-${orderNumber.slice(-4)}`, date: '2026-11-30' });
    expect(about(issued.lines)).toEqual([['INFO', 'act numbered by 1C and filed', orderNumber]]);
    expect(issued.lines[0]!.meta).toMatchObject({ number: `АКТ-LOG-${orderNumber.slice(-4)}` });
  });

  it('monthly statements: a late order put before staff, orders completed with their statement', async () => {
    const activities = createStatementActivities({ db: db.db, temporal: temporal.client });
    const { orderId, orderNumber } = await insertOrder(db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }] });
    const [order] = await db.db.select().from(orders).where(eq(orders.id, orderId));
    // Shipped in a month whose consolidated invoice is already out.
    await db.db.update(orders).set({ status: 'shipped', shippedAt: new Date('2031-03-15T10:00:00Z') }).where(eq(orders.id, orderId));
    await db.db.insert(invoices).values({ dealerId: order!.dealerId, purpose: 'monthly', statementMonth: '2031-03', amountKopecks: 100, termBankingDays: 5, status: 'issued', workflowId: `invoice-log-${orderNumber}` });
    const late = await logsOf(activities.joinMonthlyStatement, { orderId, orderNumber, dealerId: order!.dealerId });
    expect(about(late.lines)).toEqual([['WARN', 'order shipped after its month was invoiced: put before staff to bill by hand', orderNumber]]);

    await db.db.update(orders).set({ statementMonth: '2031-04' }).where(eq(orders.id, orderId));
    const completed = await logsOf(activities.completeStatementOrders, { dealerId: order!.dealerId, month: '2031-04' });
    expect(about(completed.lines)).toEqual([['INFO', 'order completed: its monthly statement is paid', orderNumber]]);
  });
});

describe('staff key entry logs the order', () => {
  it('names the order, the line and how many keys were taken, never the keys', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger: FastifyBaseLogger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = Fastify({ loggerInstance: logger });
    registerErrorHandler(app);
    await registerContracts(app);
    registerOrderLogging(app);
    await app.register(cookie);
    registerAuth(app, { db: db.db, secureCookies: false });
    registerFulfilmentRoutes(app, { db: db.db, temporal: temporal.client, keyCipher: createKeyCipher(inject('keyEncryptionKey')) });
    const { orderNumber } = await insertOrder(db.db, { vendorCode: 'CONSU', lines: [{ quantity: 2 }] });

    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'staff@demo.sid', password: 'demo-password' } });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'sid_session')!;
    const entered = await app.inject({
      method: 'POST',
      url: `/api/staff/orders/${orderNumber}/keys`,
      cookies: { sid_session: session.value },
      headers: { [CSRF_HEADER]: login.json().csrfToken ?? '' },
      payload: { lineNo: 1, keys: ['SECRET-KEY-0001'] },
    });
    await app.close();
    expect(entered.statusCode, entered.body).toBe(200);
    const line = lines.find((l) => l.msg === 'license keys entered by staff');
    expect(line).toMatchObject({ orderNumber, vendorCode: 'CONSU', lineNo: 1, added: 1, stored: 1, quantity: 2 });
    expect(lines.find((l) => l.msg === 'request completed' && l.orderNumber === orderNumber)).toBeDefined();
    expect(JSON.stringify(lines)).not.toContain('SECRET-KEY-0001');
  });
});
