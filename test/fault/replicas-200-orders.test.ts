import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { licenseKeys, orderLines, orders, vendors } from '../../db/schema';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { orderWorkflowId, orderWorkflowType } from '../../src/workflows/orders/order.contract';
import { buildCompiledSid, demoRateCurrentUntilRemoved, startCompiledApi, startCompiledWorker, stopProcess, type SidProcess } from '../support/compiled-sid';
import { moscowToday } from '../support/dates';
import { expectOrderDelivered, productOf, waitForShipped } from '../support/fault-system';
import { deliverRaw, freshMailbox, lmtpUrl, mailboxOf, readFolder } from '../support/mail';
import { OnecClient } from '../support/onec-client';
import { ApiSession, waitFor } from '../support/system';
import { TemporalDevServer } from '../support/temporal-dev-server';

/**
 * Replicas that share nothing but Temporal and PostgreSQL (issue 18): two compiled worker
 * processes and two compiled API processes (as the production image runs them) against one
 * Temporal dev server and one PostgreSQL database. 200 orders over the three settlement schemes go
 * in through both APIs, plus orders of an e-mail vendor answered through the vendor mailbox (the
 * `vendor-mailbox` schedule and the IDLE watcher both running); one worker is killed (SIGKILL)
 * mid-run, when a tenth of the orders have shipped. Every order ships once, each vendor order is placed once, each key stored once, each
 * letter sent once, and every archive downloads through either API.
 */
const ORDERS = 200;
const EMAIL_ORDERS = 6;
const API_VENDOR = 'DRWEB';
const EMAIL_VENDOR = 'ABBYY';
const DEALERS = { postpay: 'postpay@demo.sid', monthly: 'monthly@demo.sid', prepay: 'prepay@demo.sid' } as const;
type Scheme = keyof typeof DEALERS;

let build: { outdir: string; remove(): void };
let scratch: string;
let temporal: TemporalDevServer;
let sim: VendorSimulator;
let db: DbHandle;
let removeRate: () => Promise<void>;
let connection: Connection;
let client: Client;
const apis: Array<SidProcess & { baseUrl: string }> = [];
const workers: SidProcess[] = [];
const ordersMailbox = freshMailbox('sid-orders');

beforeAll(async () => {
  build = await buildCompiledSid();
  scratch = mkdtempSync(join(tmpdir(), 'sid-replicas-'));
  temporal = await TemporalDevServer.start(join(scratch, 'temporal.db'));
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: 'default' });
  db = connectDb(inject('databaseUrl'), { max: 4 });
  removeRate = await demoRateCurrentUntilRemoved(db.db);
  // The vendor takes a moment with each order: some are in flight when a worker dies.
  sim = createVendorSimulator({ token: inject('vendorApiToken'), fulfilmentDelayMs: 1_500 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  const [sample] = await db.db.select().from(vendors).where(eq(vendors.adapterKind, 'api')).limit(1);
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));

  const { imapPort, password } = inject('mail');
  const shared = {
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: temporal.address,
    SID_KEY_ENCRYPTION_KEY: inject('keyEncryptionKey'),
    SID_MAIL_URL: lmtpUrl(),
    SID_VENDOR_MAILBOX_URL: `imap://${encodeURIComponent(ordersMailbox.address)}:${password}@127.0.0.1:${imapPort}/INBOX`,
    SID_WORKER_METRICS_ADDRESS: '',
    SID_CBR_URL: 'http://127.0.0.1:9/none',
  };
  // Every request of the test comes from 127.0.0.1: per-address limits as for a busy office.
  const generous = { SID_RATE_LIMIT_LOGIN_PER_MINUTE: '1000', SID_RATE_LIMIT_FORMS_PER_HOUR: '100000', SID_RATE_LIMIT_MACHINE_PER_MINUTE: '100000', SID_RATE_LIMIT_REQUISITE_CHECKS_PER_MINUTE: '100000' };
  for (const name of ['api-1', 'api-2']) apis.push(await startCompiledApi(build.outdir, name, { ...shared, ...generous, NODE_ENV: 'production' }));
  for (const name of ['worker-1', 'worker-2']) {
    workers.push(
      await startCompiledWorker(build.outdir, name, {
        ...shared,
        SID_PUBLIC_URL: apis[0]!.baseUrl,
        SID_VENDOR_MAILBOX_POLL_SECONDS: '5',
        NODE_ENV: 'development',
        SID_OUTBOUND_ALLOW: new URL(simUrl).host,
      }),
    );
  }
}, 300_000);

afterAll(async () => {
  for (const p of [...workers, ...apis]) await stopProcess(p);
  await connection?.close();
  await sim?.close();
  await removeRate?.();
  await db?.close();
  await temporal?.stop();
  build?.remove();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Sizes of SID's tables: rows and bytes (table, indexes and TOAST). */
async function tableSizes(): Promise<Map<string, { rows: number; bytes: number }>> {
  const rows = (await db.db.execute(sql`
    select c.relname as name, pg_total_relation_size(c.oid)::bigint as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'`)) as unknown as Array<{ name: string; bytes: string }>;
  const sizes = new Map<string, { rows: number; bytes: number }>();
  for (const r of rows) {
    const [{ n }] = (await db.db.execute(sql.raw(`select count(*)::int as n from "${r.name}"`))) as unknown as [{ n: number }];
    sizes.set(r.name, { rows: n, bytes: Number(r.bytes) });
  }
  return sizes;
}

/** CPU seconds a process has used so far (user + system), from /proc (Linux). */
function cpuSeconds(p: SidProcess): number {
  const fields = readFileSync(`/proc/${p.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The history of a workflow and its children: events and the actions Temporal Cloud would bill. */
async function historyShape(workflowId: string): Promise<{ events: number; actions: number; workflows: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  let events = history.events?.length ?? 0;
  // Actions as Temporal Cloud counts them: a workflow started, an activity scheduled (and each
  // retry), a timer, a signal, a child started, an upsert of search attributes, …
  let actions = 1;
  let workflows = 1;
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes || e.workflowExecutionSignaledEventAttributes || e.upsertWorkflowSearchAttributesEventAttributes || e.signalExternalWorkflowExecutionInitiatedEventAttributes) actions++;
    if (e.activityTaskStartedEventAttributes && (e.activityTaskStartedEventAttributes.attempt ?? 1) > 1) actions++;
    const child = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) {
      actions++;
      const shape = await historyShape(child.workflowId!);
      events += shape.events;
      actions += shape.actions - 1;
      workflows += shape.workflows;
    }
  }
  return { events, actions, workflows };
}

/** The vendor's reply to our request, with keys of its own (each order's different). */
function vendorReply(request: { subject: string; messageId: string }, orderNumber: string, keys: string[]): Buffer {
  return Buffer.from(
    [
      'From: ABBYY Licensing <licensing@abbyy.vendor.local>',
      `To: ${ordersMailbox.address}`,
      `Subject: Re: ${request.subject}`,
      `Message-ID: <reply-${orderNumber}-${randomBytes(4).toString('hex')}@abbyy.vendor.local>`,
      `In-Reply-To: ${request.messageId}`,
      `References: ${request.messageId}`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `Заказ ${orderNumber}`,
      '',
      'Лицензионные ключи:',
      ...keys,
      '',
    ].join('\r\n'),
  );
}

describe('two workers and two APIs, one worker killed mid-run', () => {
  it('ships 200 orders over the three schemes and the e-mail vendor’s orders exactly once, and serves every archive through either API', async () => {
    const before = await tableSizes();
    const onec = new OnecClient(apis[1]!.baseUrl, inject('onecClient').id, inject('onecClient').secret);
    // Each dealer logged in on both APIs; sessions live in PostgreSQL.
    const sessions = {} as Record<Scheme, [ApiSession, ApiSession]>;
    for (const scheme of Object.keys(DEALERS) as Scheme[]) {
      sessions[scheme] = [await ApiSession.login(apis[0]!.baseUrl, DEALERS[scheme]), await ApiSession.login(apis[1]!.baseUrl, DEALERS[scheme])];
    }
    const apiPart = await productOf(sessions.postpay[0], API_VENDOR);
    const emailPart = await productOf(sessions.postpay[0], EMAIL_VENDOR);

    const schemes: Scheme[] = ['postpay', 'monthly', 'prepay'];
    const placed: Array<{ orderNumber: string; scheme: Scheme; quantity: number; grossKopecks: number; email: boolean }> = [];
    const startedAt = Date.now();
    let deferred = 0;
    const submit = async (i: number, email: boolean) => {
      const scheme = email ? 'postpay' : schemes[i % 3]!;
      const quantity = 1 + (i % 2);
      const answer = await sessions[scheme][i % 2]!.json('POST', '/api/orders', { lines: [{ partNumber: email ? emailPart : apiPart, quantity }], clientRequestId: `replicas-${email ? 'mail' : 'api'}-${i}` });
      // 202: the start did not reach Temporal within the submit's 5 s (a busy machine); the order is
      // kept and the APIs' order starters, both running, start it: once, which the checks below see.
      expect([201, 202], JSON.stringify(answer.body)).toContain(answer.status);
      if (answer.status === 202) deferred++;
      placed.push({ orderNumber: answer.body.orderNumber, scheme, quantity, grossKopecks: answer.body.totals.grossKopecks, email });
    };
    // Ten at a time, as many dealers at once would.
    for (let i = 0; i < ORDERS; i += 10) await Promise.all(Array.from({ length: Math.min(10, ORDERS - i) }, (_, k) => submit(i + k, false)));
    for (let i = 0; i < EMAIL_ORDERS; i++) await submit(i, true);
    const submitSeconds = (Date.now() - startedAt) / 1000;
    const all = placed.map((p) => p.orderNumber);
    const prepay = new Map(placed.filter((p) => p.scheme === 'prepay').map((p) => [p.orderNumber, p]));

    // 1C: numbers every prepay invoice and pays it in full; takes everything else off its queue.
    let accounting = true;
    const paid = new Set<string>();
    const oneC = (async () => {
      while (accounting) {
        const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
        for (const item of body.items ?? []) {
          const order = item.documentType === 'invoice' ? prepay.get(item.document.orderNumber) : undefined;
          if (order && !paid.has(order.orderNumber)) {
            const number = `СЧ-${order.orderNumber}`;
            await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() });
            const kopecks = order.grossKopecks;
            const amount = `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
            const payment = await onec.call('POST', '/api/1c/payments', { paymentId: `pay-${order.orderNumber}`, invoiceNumber: number, amount, paidOn: moscowToday(), paymentOrderNumber: '1' });
            expect([200, 201], JSON.stringify(payment.body)).toContain(payment.status);
            paid.add(order.orderNumber);
          }
          await onec.call('POST', `/api/1c/outbox/${item.id}/ack`);
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();

    // The e-mail vendor: reads its order desk and answers each request once, with keys of its own.
    const desk = mailboxOf('orders@abbyy.vendor.local');
    const emailOrders = placed.filter((p) => p.email);
    const sentKeys = new Map<string, string[]>();
    const answering = (async () => {
      while (sentKeys.size < emailOrders.length) {
        for (const m of await readFolder(desk)) {
          const parsed = await simpleParser(m.source);
          const order = emailOrders.find((o) => parsed.subject?.includes(o.orderNumber));
          if (!order || sentKeys.has(order.orderNumber)) continue;
          const keys = Array.from({ length: order.quantity }, () => `ABBY-${randomBytes(6).toString('hex').toUpperCase().match(/.{4}/g)!.join('-')}`);
          sentKeys.set(order.orderNumber, keys);
          await deliverRaw(ordersMailbox.address, vendorReply({ subject: parsed.subject!, messageId: parsed.messageId! }, order.orderNumber, keys));
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();

    // Mid-run: a worker dies without a word, with orders at the vendor and in its cache.
    const shippedCount = async () =>
      (await db.db.select({ n: sql<number>`count(*)::int` }).from(orders).where(and(inArray(orders.orderNumber, all), inArray(orders.status, ['shipped', 'completed']))))[0]!.n;
    // Early, so that most orders are still in flight (at the vendor, waiting for 1C, in the cache).
    const shippedAtKill = await waitFor('a tenth of the orders shipped', async () => {
      const n = await shippedCount();
      return n >= ORDERS / 10 && n;
    }, 1_200_000);
    const killedAt = Date.now();
    const killedWorkerCpu = cpuSeconds(workers[0]!);
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited();

    // Generous: the machine is shared, and 2 cores carry Temporal, PostgreSQL and four SID processes.
    await waitForShipped(db, all, 2_700_000);
    const doneAt = Date.now();
    const cpu = { workers: killedWorkerCpu + cpuSeconds(workers[1]!), apis: apis.reduce((sum, a) => sum + cpuSeconds(a), 0) };
    accounting = false;
    await oneC;
    await answering;

    // Every order: one order workflow, the vendor's keys stored once, nothing left over.
    const { count: orderWorkflows } = await client.workflow.count(`WorkflowType = '${orderWorkflowType}'`);
    expect(orderWorkflows).toBe(all.length);
    const keyCipher = createKeyCipher(inject('keyEncryptionKey'));
    for (const p of placed.filter((o) => !o.email)) {
      const delivered = await expectOrderDelivered({ db, sim, keyCipher }, p.orderNumber);
      expect(delivered.problems).toEqual([]);
      expect(delivered.vendorOrderIds).toHaveLength(1);
    }
    // One purchase per order at the API vendor.
    expect(sim.orderCount()).toBe(ORDERS);
    // The e-mail vendor got one request per order, and each key it sent is stored once, on its order.
    const requests = new Map<string, number>();
    for (const m of await readFolder(desk)) {
      const subject = (await simpleParser(m.source)).subject ?? '';
      for (const o of emailOrders) if (subject.includes(o.orderNumber)) requests.set(o.orderNumber, (requests.get(o.orderNumber) ?? 0) + 1);
    }
    for (const o of emailOrders) {
      expect(requests.get(o.orderNumber), o.orderNumber).toBe(1);
      const stored = await db.db
        .select({ keyEncrypted: licenseKeys.keyEncrypted })
        .from(licenseKeys)
        .innerJoin(orderLines, eq(orderLines.id, licenseKeys.orderLineId))
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(eq(orders.orderNumber, o.orderNumber));
      expect(stored.map((k) => keyCipher.decrypt(k.keyEncrypted)).sort()).toEqual([...sentKeys.get(o.orderNumber)!].sort());
    }
    // Each dealer got one letter with the keys per order.
    for (const scheme of Object.keys(DEALERS) as Scheme[]) {
      const mine = new Set(placed.filter((p) => p.scheme === scheme).map((p) => p.orderNumber));
      const letters = new Map<string, number>();
      for (const m of await readFolder(mailboxOf(DEALERS[scheme]))) {
        const match = /^Ключи по заказу (\S+)$/.exec(m.subject);
        if (match && mine.has(match[1]!)) letters.set(match[1]!, (letters.get(match[1]!) ?? 0) + 1);
      }
      expect([...mine].filter((n) => letters.get(n) !== 1), `${scheme}: orders without exactly one letter`).toEqual([]);
    }
    // Every archive downloads through either API.
    for (const p of placed) {
      for (const session of sessions[p.scheme]) {
        const download = await session.request('GET', `/api/orders/${p.orderNumber}/archive`);
        expect(download.status, `${p.orderNumber} archive`).toBe(200);
        await download.arrayBuffer();
      }
    }
    expect(workers[1]!.alive() && apis.every((a) => a.alive())).toBe(true);

    // Figures for docs/scaling.md.
    const after = await tableSizes();
    const growth = [...after].map(([name, s]) => ({ name, rows: s.rows - (before.get(name)?.rows ?? 0), bytes: s.bytes - (before.get(name)?.bytes ?? 0) })).filter((g) => g.rows !== 0 || g.bytes !== 0);
    const shapes: Record<string, unknown> = {};
    for (const kind of ['postpay', 'monthly', 'prepay', 'email'] as const) {
      const sample = placed.find((p) => (kind === 'email' ? p.email : !p.email && p.scheme === kind))!;
      shapes[kind] = await historyShape(orderWorkflowId(sample.orderNumber));
    }
    console.log(
      JSON.stringify(
        {
          orders: all.length,
          submitSeconds,
          deferredSubmits: deferred,
          shippedAtKill,
          killedAfterSeconds: (killedAt - startedAt) / 1000,
          allShippedAfterSeconds: (doneAt - startedAt) / 1000,
          afterKillSeconds: (doneAt - killedAt) / 1000,
          // Including start-up (bundle loading, connections) and the idle polling of the run.
          cpuSecondsPerOrder: { workers: +(cpu.workers / all.length).toFixed(3), apis: +(cpu.apis / all.length).toFixed(3) },
          historyPerOrder: shapes,
          rowsAndBytesPerOrder: growth.map((g) => ({ ...g, rowsPerOrder: +(g.rows / all.length).toFixed(2), bytesPerOrder: Math.round(g.bytes / all.length) })),
          totalBytesPerOrder: Math.round(growth.reduce((s, g) => s + g.bytes, 0) / all.length),
        },
        null,
        1,
      ),
    );
  }, 3_600_000);
});
