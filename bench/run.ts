/**
 * `npm run bench`: SID's speed and memory on this machine, each measured against a baseline taken
 * in the same run (machines here are shared and noisy: compare ratios, not seconds).
 *
 * Real components throughout: a fresh PostgreSQL database, the Temporal dev server, the vendor
 * simulator with no delay, a private dovecot, and SID's worker and API as their own processes
 * (so their peak memory is their own). Sizes are set by BENCH_* variables (see `sizes`).
 *
 * The worker and the API run as production runs them: compiled by `scripts/build.ts` (into
 * dist/bench-server, where node_modules resolves), the worker from the prebuilt workflow bundle.
 * BENCH_FROM_SOURCE=1 runs them from their TypeScript through tsx instead, as `npm start` does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { connectDb } from '../db/client';
import { ensureDatabase, runMigrations } from '../db/migrate';
import { seed } from '../db/seed';
import { buildServer } from '../scripts/build';
import { startDovecot } from '../scripts/lib/dovecot';
import { freePort } from '../scripts/lib/free-port';
import { temporalCliPath } from '../scripts/lib/tools';
import { ingestMailbox } from '../src/activities/mail/ingestion.activities';
import { createLocalBlobStore } from '../src/infra/blob-store';
import { createKeyCipher } from '../src/infra/key-cipher';
import { createVendorSimulator } from '../src/vendor-sim/vendor-simulator';
import { dealerStatement } from '../src/workflows/billing/dealer-statement';
import { dealerStatementWorkflowId, orderJoinedStatementSignal } from '../src/workflows/billing/dealer-statement.contract';
import { encodeOrderCursor } from '../src/api/orders/order-cursor';
import { ORDER_TASK_QUEUE } from '../src/workflows/orders/order.contract';
import { VENDOR_MAILBOX_SCHEDULE_ID } from '../src/workflows/mail/vendor-mailbox.schedule';
import { VENDOR_MAILBOX_WATCH_WORKFLOW_ID } from '../src/workflows/mail/vendor-mailbox-watch.contract';
import { SID_SEARCH_ATTRIBUTES } from '../src/workflows/search-attributes';
import { ceilingStatement } from './month-end-ceiling.workflows';
import { fmt, peakRssMb, percentile, pool, printTable, resetPeakRss } from './stats';
import { Session } from './session';
import { benchOrders } from './orders';
import { benchMixedRun, DEALER_ROUTES } from './mixed';
import { describeShape, sameShape } from './shape';
import { histogramDelta, scrapeHistograms } from './worker-metrics';

const sizes = {
  orders: Number(process.env.BENCH_ORDERS ?? 200),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  searches: Number(process.env.BENCH_SEARCHES ?? 200),
  bigCatalog: Number(process.env.BENCH_SKUS ?? 100_000),
  dealers: Number(process.env.BENCH_DEALERS ?? 2_000),
  ordersPerDealer: Number(process.env.BENCH_ORDERS_PER_DEALER ?? 50),
  mails: Number(process.env.BENCH_MAILS ?? 500),
  /** Replies timed from LMTP delivery to the order shipped, with the IDLE watcher and with the schedule alone. */
  mailLatencyIdle: Number(process.env.BENCH_MAIL_LATENCY_IDLE ?? 10),
  mailLatencySchedule: Number(process.env.BENCH_MAIL_LATENCY_SCHEDULE ?? 3),
  listOrders: Number(process.env.BENCH_LIST_ORDERS ?? 50_000),
  /** "Monday morning": virtual dealer users, seconds of load, real postpay orders a second. */
  mixedUsers: Number(process.env.BENCH_MIXED_USERS ?? 50),
  mixedSeconds: Number(process.env.BENCH_MIXED_SECONDS ?? 60),
  mixedOrdersPerSecond: Number(process.env.BENCH_MIXED_ORDERS_PER_SECOND ?? 1),
};
/** BENCH_ONLY=orders,search,mixed,order-list,month-end,mail,mail-latency runs a subset. */
const selected = (name: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name);
const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const rows: Array<Record<string, string>> = [];
const report = (benchmark: string, result: string, baseline: string, ratio: string) => {
  rows.push({ benchmark, result, baseline, ratio });
  // Printed at once too: a later benchmark that fails does not take this figure with it.
  console.log(`result: ${benchmark} | ${result} | ${baseline} | ${ratio}`);
};

/** Child logs are kept for a look after a failed run. */
const LOG_DIR = join(tmpdir(), 'sid-bench-logs');

/** SID's processes, compiled as in production, or from source (BENCH_FROM_SOURCE=1). */
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';
const SERVER_OUTDIR = fileURLToPath(new URL('../dist/bench-server', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const SID_PROCESSES = {
  worker: { source: 'src/worker.ts', compiled: join(SERVER_OUTDIR, 'worker.js') },
  api: { source: 'src/api/server.ts', compiled: join(SERVER_OUTDIR, 'api.js') },
} as const;

function startChild(name: keyof typeof SID_PROCESSES, env: NodeJS.ProcessEnv, readyText: RegExp): Promise<ChildProcess> {
  const file = FROM_SOURCE ? SID_PROCESSES[name].source : SID_PROCESSES[name].compiled;
  // BENCH_CPU_PROF_DIR: the worker and the API write V8 CPU profiles there when they stop, one per
  // thread (the workflow thread included); open them in Chrome's DevTools or speedscope.
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const args = [...profile, ...(FROM_SOURCE ? ['--import', 'tsx', file] : ['--enable-source-maps', file])];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (output.length < 100_000) output += chunk.toString();
      if (readyText.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${output.slice(-3000)}`)));
  });
}

async function main() {
  const dbName = `sid_bench_${Date.now()}`;
  const databaseUrl = `${SERVER}/${dbName}`;
  const keyEncryptionKey = randomBytes(32).toString('base64');
  const vendorToken = randomBytes(16).toString('hex');
  const callbackSecret = randomBytes(16).toString('hex');
  const workDir = mkdtempSync(join(tmpdir(), 'sid-bench-'));
  chmodSync(workDir, 0o755); // dovecot's mail processes run as another user and must reach the maildirs
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  try {
    const simPort = await freePort();
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    const handle = connectDb(databaseUrl, { max: 10 });
    cleanups.push(async () => {
      await handle.close();
      const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    });
    const sql = handle.sql;
    await seed(handle.db, { vendorApiUrl: `http://127.0.0.1:${simPort}`, vendorApiToken: vendorToken, vendorCallbackSecret: callbackSecret, keyEncryptionKey });
    // The benchmark places more orders than a demo dealer's credit would allow.
    await sql`update dealers set credit_limit_kopecks = 1000000000000000`;

    const mailPassword = randomBytes(8).toString('hex');
    const dovecot = await startDovecot({ dir: join(workDir, 'mail'), imapPort: await freePort(), lmtpPort: await freePort(), password: mailPassword });
    cleanups.push(() => dovecot.stop());

    const temporalPort = await freePort();
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: SID_SEARCH_ATTRIBUTES, ip: '127.0.0.1', port: temporalPort },
    });
    cleanups.push(() => env.teardown());

    const sim = createVendorSimulator({ token: vendorToken, fulfilmentDelayMs: 0, callbackSecret });
    await sim.listen({ host: '127.0.0.1', port: simPort });
    cleanups.push(() => sim.close());

    const apiPort = await freePort();
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      PORT: String(apiPort),
      SID_KEY_ENCRYPTION_KEY: keyEncryptionKey,
      SID_BLOB_DIR: join(workDir, 'blobs'),
      SID_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      SID_MAIL_URL: `lmtp://127.0.0.1:${dovecot.lmtp.port}`,
      SID_MAIL_FROM: 'SID <orders@sid.bench>',
      SID_VENDOR_MAILBOX_URL: `imap://orders%40sid.bench:${mailPassword}@127.0.0.1:${dovecot.imap.port}/INBOX`,
      // The schedule would compete with the mail benchmark's own reading.
      SID_VENDOR_MAILBOX_POLL_SECONDS: '3600',
      SID_CBR_URL: 'http://127.0.0.1:9/none',
      // The seed's USD rate has a fixed date and the Central Bank is not reachable here: orders
      // must not stop on a stale rate whatever day the benchmark runs.
      SID_MAX_RATE_AGE_BANKING_DAYS: '60',
      // The simulator is on loopback: reached through the development allow-list only.
      SID_OUTBOUND_ALLOW: `127.0.0.1:${simPort}`,
      // A developer's `npm start` worker may hold the default metrics port.
      SID_WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    };
    if (!FROM_SOURCE) {
      const built = await buildServer(SERVER_OUTDIR);
      console.log(`SID compiled into ${built.outdir} (BENCH_FROM_SOURCE=1 runs it through tsx)`);
    }
    const worker = await startChild('worker', childEnv, /Worker state changed.*RUNNING|"RUNNING"/);
    cleanups.push(() => stop(worker));
    const api = await startChild('api', childEnv, /Server listening/);
    cleanups.push(() => stop(api));
    const base = `http://127.0.0.1:${apiPort}`;
    console.log(`stack up: PostgreSQL ${dbName}, Temporal :${temporalPort}, API :${apiPort}, worker pid ${worker.pid}, api pid ${api.pid}`);

    const benchmarks: Array<[string, () => Promise<void>]> = [
      ['orders', () => benchOrdersSection(base, handle.sql, env, childEnv.SID_WORKER_METRICS_ADDRESS!)],
      ['search', () => benchSearch(base, handle.sql)],
      ['mixed', () => benchMixed(base, handle.sql)],
      ['order-list', () => benchOrderList(base, handle.sql)],
      ['month-end', () => benchMonthEnd(handle.sql, env, worker.pid!)],
      ['mail', () => benchMail({ handle, keyEncryptionKey, env, dovecot: { imapPort: dovecot.imap.port, lmtpPort: dovecot.lmtp.port, password: mailPassword }, workDir })],
      ['mail-latency', () => benchMailLatency(base, handle.sql, env, { imapPort: dovecot.imap.port, lmtpPort: dovecot.lmtp.port, password: mailPassword })],
    ];
    for (const [name, run] of benchmarks) {
      if (!selected(name)) continue;
      console.log(`bench: ${name}`);
      await run();
    }

    report('peak RSS, worker process', `${await peakRssMb(worker.pid!)} MB`, '', '');
    report('peak RSS, API process', `${await peakRssMb(api.pid!)} MB`, '', '');
    report('peak RSS, benchmark process (simulator, ceiling worker, ingestion)', `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`, '', '');
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SID ${FROM_SOURCE ? 'from source (tsx)' : 'compiled'}`;
    console.log(`\nmachine: ${machine}\n`);
    printTable(rows);
    if (process.env.BENCH_APPEND_RESULTS !== '0') appendResults(machine, rows);
    // `npm run bench:quick` (bench/quick.ts) reads the table from here.
    if (process.env.BENCH_RESULTS_JSON) writeFileSync(process.env.BENCH_RESULTS_JSON, JSON.stringify(rows, null, 2));
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((err) => console.error('cleanup:', err));
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Every full run leaves its table at the end of bench/RESULTS.md, with the commit, date, machine
 * and what was selected (`BENCH_APPEND_RESULTS=0` does not: `npm run bench:quick` compares instead).
 */
function appendResults(machine: string, table: Array<Record<string, string>>) {
  const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim();
  const commit = `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : ''}`;
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    '',
    `## \`npm run bench\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`,
    '',
    `${process.env.BENCH_ONLY ? `\`BENCH_ONLY=${process.env.BENCH_ONLY}\`; ` : ''}machine: ${machine}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
    '',
    '| benchmark | result | baseline (same run) | ratio |',
    '|---|---|---|---|',
    ...table.map((r) => `| ${cell(r.benchmark ?? '')} | ${cell(r.result ?? '')} | ${cell(r.baseline ?? '')} | ${cell(r.ratio ?? '')} |`),
  ];
  appendFileSync(RESULTS_FILE, `${lines.join('\n')}\n`);
  console.log(`table appended to ${RESULTS_FILE}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Orders per second from API submit to shipped (postpay, API vendor, no vendor delay), against a no-op workflow of the same shape (bench/orders.ts). */
async function benchOrdersSection(base: string, sql: postgres.Sql, env: TestWorkflowEnvironment, workerMetrics: string) {
  const before = await scrapeHistograms(workerMetrics);
  const r = await benchOrders(base, sql, env, sizes);
  // Where the time went, in the SID worker (the ceiling runs in this process, not there).
  console.log(`worker metrics over the order run (means):\n  ${histogramDelta(before, await scrapeHistograms(workerMetrics), 1).join('\n  ')}`);
  const same = sameShape(r.realShape, r.ceilingShape);
  report(
    `orders submit→shipped, ${sizes.orders} at concurrency ${sizes.concurrency}`,
    `${fmt(r.sid.rate)} orders/s, p50 ${fmt(r.sid.p50, 0)} ms, p99 ${fmt(r.sid.p99, 0)} ms`,
    `no-op same shape${same ? '' : ' (SHAPE DIFFERS)'}: ${fmt(r.ceiling.rate)} wf/s, p50 ${fmt(r.ceiling.p50, 0)} ms, p99 ${fmt(r.ceiling.p99, 0)} ms`,
    `${fmt(r.ratio, 2)} of ceiling, p99 ×${fmt(r.p99Ratio, 2)}`,
  );
  report('order shape (real order; ceiling)', describeShape(r.realShape), describeShape(r.ceilingShape), same ? 'same' : 'DIFFERENT');
  report('PostgreSQL transactions per order (submit, workflow, post-shipping steps so far)', fmt(r.transactionsPerOrder, 1), '', '');
}

/** "Monday morning" (bench/mixed.ts): dealer routes' p99 and submit→shipped under many users, against one user in the same process. */
async function benchMixed(base: string, sql: postgres.Sql) {
  const alone = await benchMixedRun(base, sql, { users: 1, seconds: Math.min(30, sizes.mixedSeconds), ordersPerSecond: 0 });
  const busy = await benchMixedRun(base, sql, { users: sizes.mixedUsers, seconds: sizes.mixedSeconds, ordersPerSecond: sizes.mixedOrdersPerSecond });
  for (const route of DEALER_ROUTES) {
    const b = busy.routes[route];
    const a = alone.routes[route];
    report(`mixed load, ${busy.users} users: ${route} p99`, `${fmt(b.p99, 0)} ms (p50 ${fmt(b.p50, 0)} ms, ${b.n} requests)`, `one user: ${fmt(a.p99, 0)} ms (p50 ${fmt(a.p50, 0)} ms, ${a.n})`, `×${fmt(b.p99 / a.p99, 1)}`);
  }
  report(
    `mixed load, ${busy.users} users: submit→shipped p50 (${sizes.mixedOrdersPerSecond} postpay order/s, pages polled)`,
    `${fmt(busy.shippedP50, 0)} ms (${busy.ordersShipped} orders)`,
    `one order at a time, one user: ${fmt(alone.shippedP50, 0)} ms (${alone.ordersShipped})`,
    `×${fmt(busy.shippedP50 / alone.shippedP50, 2)}`,
  );
  report(`mixed load, ${busy.users} users: errors, throughput`, `${busy.errors} errors, ${fmt(busy.requestsPerSecond, 0)} req/s`, `one user: ${alone.errors} errors, ${fmt(alone.requestsPerSecond, 0)} req/s`, '');
}

/** Catalog search through the API: the demo catalog, then the same queries over a catalog grown to `bigCatalog` SKUs. */
async function benchSearch(base: string, sql: postgres.Sql) {
  const dealer = new Session(base);
  await dealer.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' });
  const samples = await sql`select part_number, name from products order by id limit 40`;
  const queries = samples.flatMap((p) => [String(p.part_number).toLowerCase().replace(/-/g, ' '), String(p.part_number).slice(0, 4), String(p.name).split(' ')[0]!]);
  const measure = async () => {
    const times: number[] = [];
    for (let i = 0; i < sizes.searches; i++) {
      const q = queries[i % queries.length]!;
      const t = performance.now();
      const { status } = await dealer.json('GET', `/api/catalog/products?q=${encodeURIComponent(q)}&pageSize=20`);
      if (status !== 200) throw new Error(`search failed: ${status}`);
      times.push(performance.now() - t);
    }
    return times;
  };
  await measure(); // warm-up
  const small = await measure();
  const [{ n: before }] = (await sql`select count(*)::int as n from products`) as unknown as [{ n: number }];
  const extra = sizes.bigCatalog - before;
  await sql`
    insert into products (vendor_id, part_number, part_number_normalized, name, category, list_price_minor, currency, vat_mode)
    select v.id, 'BX' || g || '-' || v.code, 'BX' || g || v.code, 'Синтетический продукт ' || g, 'Прочее', 100000 + g, 'RUB', 'standard'
    from generate_series(1, ${extra}) g join lateral (select id, code from vendors order by id offset (g % 100) limit 1) v on true`;
  await sql`analyze products`;
  await measure();
  const big = await measure();
  const p = (t: number[], q: number) => fmt(percentile(t, q), 1);
  report(
    `catalog search via API, ${sizes.bigCatalog.toLocaleString('en')} SKUs (${sizes.searches} queries)`,
    `p50 ${p(big, 50)} ms, p99 ${p(big, 99)} ms`,
    `${before.toLocaleString('en')} SKUs: p50 ${p(small, 50)} ms, p99 ${p(small, 99)} ms`,
    `×${fmt(percentile(big, 50) / percentile(small, 50), 2)} p50`,
  );
}

/** "My orders" for a dealer with tens of thousands of orders: a deep page by keyset cursor and by offset, against the first page. */
async function benchOrderList(base: string, sql: postgres.Sql) {
  const [dealer] = await sql`select id from dealers where email = 'postpay@demo.sid'`;
  await sql`
    insert into orders (order_number, dealer_id, settlement_scheme, status, usd_rate, usd_rate_date, net_kopecks, vat_kopecks, gross_kopecks, gross_cents, created_at, workflow_started_at)
    select 'SID-' || lpad(nextval('order_number_seq')::text, 7, '0'), ${dealer!.id}, 'postpay', 'completed', 90, '2026-01-01', 100000, 22000, 122000, 1356,
           now() - g * interval '1 minute', now()
    from generate_series(1, ${sizes.listOrders}) g`;
  await sql`analyze orders`;
  const session = new Session(base);
  await session.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' });
  const pageSize = 50;
  const deepPage = Math.floor((sizes.listOrders * 0.9) / pageSize);
  const [edge] = await sql`select created_at::text as created_at, id from orders where dealer_id = ${dealer!.id} order by created_at desc, id desc offset ${(deepPage - 1) * pageSize - 1} limit 1`;
  const cursor = encodeOrderCursor({ createdAt: edge!.created_at as string, id: edge!.id as string });
  const measure = async (query: string, runs = 30) => {
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t = performance.now();
      const { status, body } = await session.json('GET', `/api/orders?pageSize=${pageSize}&${query}`);
      if (status !== 200 || body.items.length !== pageSize) throw new Error(`order list failed: ${status}`);
      if (i >= 3) times.push(performance.now() - t); // the first few warm the caches
    }
    return percentile(times, 50);
  };
  const first = await measure('page=1');
  const byOffset = await measure(`page=${deepPage}`);
  const byCursor = await measure(`page=${deepPage}&after=${cursor}`);
  report(
    `order list via API, one dealer with ${sizes.listOrders.toLocaleString('en')} orders: page ${deepPage} by keyset cursor`,
    `p50 ${fmt(byCursor, 1)} ms`,
    `first page p50 ${fmt(first, 1)} ms; page ${deepPage} by offset p50 ${fmt(byOffset, 1)} ms`,
    `×${fmt(byCursor / first, 2)} of first (offset ×${fmt(byOffset / first, 2)})`,
  );
}

/** Month-end close: one statement per monthly dealer, each billing its month's orders with one invoice. */
async function benchMonthEnd(sql: postgres.Sql, env: TestWorkflowEnvironment, workerPid: number) {
  const month = '2026-10';
  const [template] = await sql`select * from dealers where settlement_scheme = 'monthly' limit 1`;
  const dealers = await sql`
    insert into dealers (legal_form, full_name, short_name, inn, kpp, ogrn, legal_address, postal_address, bank_bik, bank_name,
                         correspondent_account, settlement_account, director, email, status, settlement_scheme, price_group_id, credit_limit_kopecks)
    select legal_form, full_name || ' ' || g, short_name || ' ' || g, lpad((9000000000 + g)::text, 10, '0'), kpp, ogrn, legal_address, postal_address,
           bank_bik, bank_name, correspondent_account, settlement_account, director, 'bench' || g || '@dealer.bench', 'approved', 'monthly', price_group_id, 0
    from dealers, generate_series(1, ${sizes.dealers}) g where id = ${template!.id}
    returning id`;
  await sql`
    insert into orders (order_number, dealer_id, settlement_scheme, status, usd_rate, usd_rate_date, net_kopecks, vat_kopecks, gross_kopecks, gross_cents, statement_month, shipped_at)
    select 'SID-' || lpad(nextval('order_number_seq')::text, 7, '0'), d.id, 'monthly', 'shipped', 90, '2026-10-01', 100000 + g, 22000, 122000 + g, 1356, ${month}, '2026-10-15'
    from unnest(${dealers.map((d) => d.id as string)}::uuid[]) d(id) cross join generate_series(1, ${sizes.ordersPerDealer}) g`;
  await sql`analyze orders`;

  // Baseline: the same totals in one SQL statement.
  const t0 = performance.now();
  await sql`select dealer_id, sum(gross_kopecks) from orders where statement_month = ${month} and settlement_scheme = 'monthly' group by dealer_id`;
  const sqlMs = performance.now() - t0;

  const client = new Client({ connection: env.connection });
  // The worker's peak memory is its start's (loading its modules, or bundling the workflow code from source) unless reset: the close's own is measured from here.
  const rssAtStart = await peakRssMb(workerPid);
  resetPeakRss(workerPid);
  const t1 = Date.now();
  // Each statement as its month's orders left it: joined (one signal stands for the month's joins), then closed.
  const firstOrders = await sql`select distinct on (dealer_id) dealer_id, order_number from orders where statement_month = ${month} order by dealer_id, order_number`;
  await pool(firstOrders, 50, (o) =>
    client.workflow.signalWithStart(dealerStatement, {
      taskQueue: ORDER_TASK_QUEUE,
      workflowId: dealerStatementWorkflowId(o.dealer_id as string, month),
      args: [{ dealerId: o.dealer_id as string, month }],
      signal: orderJoinedStatementSignal,
      signalArgs: [{ orderNumber: o.order_number as string }],
    }),
  );
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const [{ n }] = (await sql`select count(*)::int as n from invoices where statement_month = ${month}`) as unknown as [{ n: number }];
    if (n >= dealers.length) break;
    if (Date.now() > deadline) throw new Error(`month-end close: ${n} of ${dealers.length} invoices after 30 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const closeMs = Date.now() - t1;
  report(
    'peak RSS, worker process, during the month-end close',
    `${await peakRssMb(workerPid)} MB`,
    `peak before the close (the worker's start): ${rssAtStart} MB`,
    '',
  );
  report(
    `month-end close: ${sizes.dealers.toLocaleString('en')} dealers × ${sizes.ordersPerDealer} orders → consolidated invoices registered`,
    `${fmt(closeMs / 1000, 1)} s (${fmt(sizes.dealers / (closeMs / 1000), 0)} statements/s)`,
    `one SQL aggregate: ${fmt(sqlMs, 0)} ms`,
    `×${fmt(closeMs / sqlMs, 0)}`,
  );

  // What the dev server allows: as many statement → invoice pairs whose activities do nothing.
  const ceiling = async (localActivity: boolean) => {
    let registered = 0;
    const taskQueue = `bench-month-end-ceiling-${localActivity ? 'local' : 'remote'}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./month-end-ceiling.workflows.ts', import.meta.url)),
      activities: { async registered() { registered++; } },
    });
    return worker.runUntil(async () => {
      const t = Date.now();
      await pool(firstOrders, 50, (o, i) =>
        client.workflow.start(ceilingStatement, { taskQueue, workflowId: `${taskQueue}-${i}-${o.dealer_id as string}`, args: [localActivity] }),
      );
      while (registered < firstOrders.length) {
        if (Date.now() - t > 30 * 60_000) throw new Error(`month-end ceiling: ${registered} of ${firstOrders.length} after 30 minutes`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return Date.now() - t;
    });
  };
  const remoteMs = await ceiling(false);
  const localMs = await ceiling(true);
  report(
    `month-end close, the dev server's ceiling: ${firstOrders.length.toLocaleString('en')} no-op statement → invoice pairs`,
    `SID: ${fmt(closeMs / 1000, 1)} s`,
    `registration as an activity: ${fmt(remoteMs / 1000, 1)} s; as a local activity: ${fmt(localMs / 1000, 1)} s`,
    `×${fmt(closeMs / remoteMs, 2)} / ×${fmt(closeMs / localMs, 2)}`,
  );
}

/** Vendor mail: messages per second through IMAP, parsing, matching and storing, against reading the same messages raw. */
async function benchMail(ctx: {
  handle: ReturnType<typeof connectDb>;
  keyEncryptionKey: string;
  env: TestWorkflowEnvironment;
  dovecot: { imapPort: number; lmtpPort: number; password: string };
  workDir: string;
}) {
  const { sql } = ctx.handle;
  const [vendor] = await sql`select id from vendors where code = 'ABBYY'`;
  const [product] = await sql`select id, part_number, name from products where vendor_id = ${vendor!.id} limit 1`;
  const [dealer] = await sql`select id from dealers where settlement_scheme = 'postpay' limit 1`;
  const orders = await sql`
    insert into orders (order_number, dealer_id, settlement_scheme, status, usd_rate, usd_rate_date, net_kopecks, vat_kopecks, gross_kopecks, gross_cents)
    select 'SID-' || lpad(nextval('order_number_seq')::text, 7, '0'), ${dealer!.id}, 'postpay', 'fulfilling', 90, '2026-11-27', 100, 0, 100, 1
    from generate_series(1, ${sizes.mails}) returning id, order_number`;
  await sql`
    insert into order_lines (order_id, line_no, product_id, vendor_id, part_number, product_name, quantity, list_price_minor, currency, price_rule,
                             unit_price_kopecks, net_kopecks, vat_mode, vat_basis_points, vat_kopecks, gross_kopecks, gross_cents)
    select o.id, 1, ${product!.id}, ${vendor!.id}, ${product!.part_number}, ${product!.name}, 2, 100, 'RUB', 'bench', 100, 200, 'exempt', 0, 0, 200, 2
    from unnest(${orders.map((o) => o.id as string)}::uuid[]) o(id)`;

  const mailbox = { host: '127.0.0.1', port: ctx.dovecot.imapPort, secure: false, user: 'vendor-replies@sid.bench', password: ctx.dovecot.password, folder: 'INBOX', processedFolder: 'Processed' };
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ctx.dovecot.lmtpPort, lmtp: true } as never);
  // Each group starts with a letter: a key of digits alone is never taken for one (it could be a phone number).
  const key = () => Array.from({ length: 5 }, () => `K${randomBytes(2).toString('hex').toUpperCase()}`).join('-');
  await pool(orders, 8, (o) =>
    transport.sendMail({
      from: 'licensing@abbyy.vendor.local',
      to: mailbox.user,
      subject: `Ключи по заказу ${o.order_number as string}`,
      // Two keys for two ordered (one in the body, one in a file): a letter offering more is for staff.
      text: `Заказ ${o.order_number as string}\nКлючи:\n${key()}\n`,
      attachments: [{ filename: 'keys.txt', content: `${key()}\n` }],
    }),
  );
  transport.close();

  // Baseline: fetch every message's bytes over IMAP and nothing else.
  const client = new ImapFlow({ host: mailbox.host, port: mailbox.port, secure: false, auth: { user: mailbox.user, pass: mailbox.password }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const t0 = performance.now();
  let bytes = 0;
  for await (const m of client.fetch('1:*', { source: true })) bytes += m.source?.length ?? 0;
  const rawMs = performance.now() - t0;
  lock.release();
  await client.logout();

  const deps = { db: ctx.handle.db, blobStore: createLocalBlobStore(join(ctx.workDir, 'mail-blobs'), createKeyCipher(ctx.keyEncryptionKey)), keyCipher: createKeyCipher(ctx.keyEncryptionKey), temporal: ctx.env.client };
  const t1 = performance.now();
  const result = await ingestMailbox(deps, mailbox, { limit: sizes.mails });
  const ingestMs = performance.now() - t1;
  if (result.byStatus.matched !== sizes.mails) throw new Error(`ingestion matched ${result.byStatus.matched} of ${sizes.mails}: ${JSON.stringify(result)}`);
  report(
    `vendor mail ingestion, ${sizes.mails} replies (IMAP → parse → match → store → move)`,
    `${fmt(sizes.mails / (ingestMs / 1000), 0)} messages/s`,
    `raw IMAP fetch: ${fmt(sizes.mails / (rawMs / 1000), 0)} messages/s (${Math.round(bytes / 1024)} KiB)`,
    `×${fmt(ingestMs / rawMs, 1)} slower`,
  );
}

await main();
process.exit(0);

/**
 * An e-mail vendor's order from the vendor's reply to shipped: the reply delivered over LMTP to the
 * orders mailbox, read by the worker's IMAP IDLE watcher, against the same with the watcher stopped
 * and the `vendor-mailbox` schedule alone at its default 60 s (so a reply waits for the next reading).
 */
async function benchMailLatency(base: string, sql: postgres.Sql, env: TestWorkflowEnvironment, dovecot: { imapPort: number; lmtpPort: number; password: string }) {
  const dealer = new Session(base);
  await dealer.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' });
  const product = (await dealer.json('GET', '/api/catalog/products?vendor=ABBYY&pageSize=1')).body.items[0];
  const desk = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth: { user: 'orders@abbyy.vendor.local', pass: dovecot.password }, logger: false });
  await desk.connect();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: dovecot.lmtpPort, lmtp: true } as never);
  const key = () => Array.from({ length: 5 }, () => `K${randomBytes(2).toString('hex').toUpperCase()}`).join('-');

  const oneReply = async (arriveAtRandom = false): Promise<number> => {
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
    if (placed.status !== 201) throw new Error(`order refused: ${JSON.stringify(placed.body)}`);
    const orderNumber = placed.body.orderNumber as string;
    // Our request reaches the vendor's desk first: the reply quotes its Message-ID.
    let requestId: string | undefined;
    for (const deadline = Date.now() + 60_000; !requestId; ) {
      const lock = await desk.getMailboxLock('INBOX');
      try {
        const uids = (await desk.search({ header: { subject: orderNumber } }, { uid: true })) || [];
        const request = uids.length > 0 ? await desk.fetchOne(String(uids[0]), { envelope: true }, { uid: true }) : false;
        if (request) requestId = request.envelope?.messageId;
      } finally {
        lock.release();
      }
      if (!requestId && Date.now() > deadline) throw new Error(`no request e-mail for ${orderNumber}`);
      if (!requestId) await new Promise((r) => setTimeout(r, 100));
    }
    // Replies taken one after another would each arrive just after the schedule's last reading, and
    // all wait a full interval: a reply arrives at a random moment of the interval instead.
    if (arriveAtRandom) await new Promise((r) => setTimeout(r, Math.random() * 60_000));
    const t0 = performance.now();
    await transport.sendMail({
      envelope: { from: 'licensing@abbyy.vendor.local', to: ['orders@sid.bench'] },
      from: 'licensing@abbyy.vendor.local',
      to: 'orders@sid.bench',
      subject: `Re: ${orderNumber}`,
      inReplyTo: requestId,
      text: `Ключ по заказу ${orderNumber}:\n${key()}\n`,
    });
    for (const deadline = Date.now() + 5 * 60_000; ; ) {
      const [row] = await sql`select 1 from orders where order_number = ${orderNumber} and shipped_at is not null`;
      if (row) return performance.now() - t0;
      if (Date.now() > deadline) throw new Error(`${orderNumber} not shipped 5 minutes after the reply`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  try {
    await oneReply(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < sizes.mailLatencyIdle; i++) idle.push(await oneReply());

    // The schedule alone: the watcher stopped, readings every 60 s. Its activity learns of the
    // termination from a heartbeat, and the SDK sends heartbeats at most every 0.8 × the 30 s
    // heartbeat timeout: wait that out, or the watcher would still be taking the replies.
    await env.client.workflow.getHandle(VENDOR_MAILBOX_WATCH_WORKFLOW_ID).terminate('bench: the schedule alone');
    await new Promise((r) => setTimeout(r, 40_000));
    const schedule = env.client.schedule.getHandle(VENDOR_MAILBOX_SCHEDULE_ID);
    const setEvery = (seconds: number) => schedule.update((prev) => ({ ...prev, spec: { intervals: [{ every: `${seconds} seconds` }] } }));
    await setEvery(60);
    const polled: number[] = [];
    try {
      for (let i = 0; i < sizes.mailLatencySchedule; i++) polled.push(await oneReply(true));
    } finally {
      await setEvery(3600);
    }
    // Means, not medians: with the schedule a reply waits anywhere from 0 to 60 s for the next reading, and few samples are taken.
    const mean = (t: number[]) => t.reduce((a, b) => a + b, 0) / t.length;
    const stats = (t: number[]) => `mean ${fmt(mean(t) / 1000, 2)} s, max ${fmt(Math.max(...t) / 1000, 2)} s (${t.length} replies)`;
    report('vendor reply LMTP delivery → order shipped, IMAP IDLE', stats(idle), `schedule alone, every 60 s: ${stats(polled)}`, `×${fmt(mean(polled) / mean(idle), 0)} faster on average`);
  } finally {
    transport.close();
    await desk.logout().catch(() => desk.close());
  }
}
