/**
 * `npm start`: runs SID on one machine. Starts what is not given from outside:
 * the Temporal dev server (unless TEMPORAL_ADDRESS), PostgreSQL via embedded PGlite when no
 * server is reachable (unless DATABASE_URL), then the vendor simulator, the worker and the API.
 * Ctrl-C stops every process it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { connectDb } from '../db/client';
import { ensureDatabase, runMigrations } from '../db/migrate';
import { seed } from '../db/seed';
import { devServerArgs } from '../temporal-config/dev-server';
import { databaseReachable, DEFAULT_DATABASE_URL } from './lib/database';
import { allowOutboundInDevelopment } from '../src/infra/outbound-address';
import { bringBlobsToStore } from './lib/blobs';
import { loadDevSecrets } from './lib/dev-secrets';
import { startDovecot } from './lib/dovecot';
import { temporalCliPath } from './lib/tools';

const children: ChildProcess[] = [];
const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

function run(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(10);
  const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(`${prefix} ${line}\n`);
  };
  child.stdout!.on('data', relay(process.stdout));
  child.stderr!.on('data', relay(process.stderr));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping SID`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

const tsNode = (file: string) => [process.execPath, ['--import', 'tsx', file]] as const;

async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs / 1000}s: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function startEmbeddedPostgres(): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  mkdirSync('.data', { recursive: true });
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  // The catalog's name search uses trigram indexes (migration 0005).
  const db = await PGlite.create(resolve('.data/pglite'), { extensions: { pg_trgm } });
  const port = Number(process.env.PGLITE_PORT ?? 54329);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 50 });
  await server.start();
  stoppers.push(async () => {
    await server.stop();
    await db.close();
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/**
 * Which database this is: its cluster's system identifier and the database's oid. A database
 * dropped and created again is a different one, and must not meet the old one's workflows.
 */
async function databaseIdentity(url: string): Promise<string> {
  const handle = connectDb(url, { max: 1 });
  try {
    const [row] = await handle.sql`select (select system_identifier from pg_control_system())::text || ':' || oid::text as id from pg_database where datname = current_database()`;
    return `${url}#${row!.id}`;
  } catch {
    return url;
  } finally {
    await handle.close();
  }
}

async function prepareDatabase(env: NodeJS.ProcessEnv): Promise<string> {
  let url = env.DATABASE_URL;
  let embedded = false;
  if (url) {
    console.log(`database: ${new URL(url).host} (DATABASE_URL)`);
  } else if (await databaseReachable(DEFAULT_DATABASE_URL)) {
    url = DEFAULT_DATABASE_URL;
    console.log(`database: PostgreSQL at ${new URL(url).host}`);
  } else {
    url = await startEmbeddedPostgres();
    embedded = true;
    console.log('database: no PostgreSQL reachable at 127.0.0.1:5432 — using embedded PGlite (data in .data/pglite)');
  }
  // PGlite has its one database already; a server may need SID's created.
  if (!embedded) await ensureDatabase(url);
  await runMigrations(url);
  const handle = connectDb(url, { max: 1 });
  try {
    const [row] = await handle.sql`select count(*)::int as n from products`;
    if (row!.n === 0) {
      const counts = await seed(handle.db, {
        vendorApiUrl: env.VENDOR_SIM_URL ?? 'http://127.0.0.1:3100',
        vendorApiToken: env.VENDOR_SIM_TOKEN!,
        vendorCallbackSecret: env.VENDOR_SIM_CALLBACK_SECRET,
        keyEncryptionKey: env.SID_KEY_ENCRYPTION_KEY!,
        onecClient: env.ONEC_DEMO_SECRET ? { id: 'demo-1c', secret: env.ONEC_DEMO_SECRET } : undefined,
      });
      console.log(`database: demo seed loaded (${counts.vendors} vendors, ${counts.products} products)`);
    }
  } finally {
    await handle.close();
  }
  return url;
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping SID…');
  const exits = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r))));
  for (const c of [...children].reverse()) c.kill('SIGTERM');
  const timer = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), 10_000);
  await Promise.all(exits);
  clearTimeout(timer);
  for (const stop of stoppers) await stop().catch(() => {});
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/**
 * Mail for development: unless SID_MAIL_URL and SID_VENDOR_MAILBOX_URL point elsewhere, a private
 * dovecot under .data/dovecot takes SID's letters over LMTP and serves every mailbox over IMAP
 * (login: the address, password: SID_DEV_MAIL_PASSWORD from .data/dev-secrets.env).
 */
async function prepareMail(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.SID_MAIL_URL && env.SID_VENDOR_MAILBOX_URL) {
    console.log('mail: SID_MAIL_URL and SID_VENDOR_MAILBOX_URL');
    return;
  }
  const imapPort = Number(env.SID_DEV_IMAP_PORT ?? 1143);
  const lmtpPort = Number(env.SID_DEV_LMTP_PORT ?? 2424);
  const dovecot = await startDovecot({ dir: resolve('.data/dovecot'), imapPort, lmtpPort, password: env.SID_DEV_MAIL_PASSWORD! });
  stoppers.push(() => dovecot.stop());
  env.SID_MAIL_URL ??= `lmtp://127.0.0.1:${lmtpPort}`;
  env.SID_MAIL_FROM ??= 'SID <orders@sid.local>';
  env.SID_VENDOR_MAILBOX_URL ??= `imap://${encodeURIComponent('orders@sid.local')}:${env.SID_DEV_MAIL_PASSWORD}@127.0.0.1:${imapPort}/INBOX`;
  console.log(`mail: dovecot on 127.0.0.1 (IMAP ${imapPort}, LMTP ${lmtpPort}); any address is a mailbox, password SID_DEV_MAIL_PASSWORD in .data/dev-secrets.env`);
}

const env = loadDevSecrets();
env.VENDOR_SIM_URL ??= 'http://127.0.0.1:3100';
// The simulator is on this machine: outbound requests reach it only through the development allow-list.
if (env.NODE_ENV !== 'production') allowOutboundInDevelopment(env.VENDOR_SIM_URL, env);
// The simulator calls SID back here (the worker names this URL when it places an order).
env.SID_PUBLIC_URL ??= `http://127.0.0.1:${env.PORT ?? '3000'}`;
try {
  env.DATABASE_URL = await prepareDatabase(env);

  const uiUrl = env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233';
  if (env.TEMPORAL_ADDRESS) {
    console.log(`temporal: ${env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS)`);
  } else {
    env.TEMPORAL_ADDRESS = '127.0.0.1:7233';
    mkdirSync('.data', { recursive: true });
    // Workflow state belongs with the database it refers to (order numbers come from its
    // sequence), so each database gets its own Temporal file.
    const identity = await databaseIdentity(env.DATABASE_URL);
    const dbFilename = resolve(`.data/temporal-${createHash('sha256').update(identity).digest('hex').slice(0, 8)}.db`);
    run('temporal', temporalCliPath(), devServerArgs({ dbFilename, port: 7233, uiPort: 8233 }), env);
  }
  await waitForTemporal(env.TEMPORAL_ADDRESS);

  // Blobs of an older SID's folder go into PostgreSQL (or, with SID_BLOB_STORE=local, get encrypted
  // in place); idempotent, scripts/migrate-blobs.ts.
  const blobs = await bringBlobsToStore(env);
  if (blobs) console.log(blobs);
  await prepareMail(env);
  run('vendors', ...tsNode('src/vendor-sim/main.ts'), env);
  run('worker', ...tsNode('src/worker.ts'), env);
  run('api', ...tsNode('src/api/server.ts'), env);

  const port = env.PORT ?? '3000';
  console.log(`
SID is starting:
  web app and API   http://127.0.0.1:${port}/
  Temporal UI       ${uiUrl}
  vendor simulator  ${env.VENDOR_SIM_URL}
  mail (IMAP)       ${env.SID_VENDOR_MAILBOX_URL?.replace(/:[^:@/]*@/, ':***@')}
Demo logins (password "demo-password"): postpay@demo.sid, prepay@demo.sid, monthly@demo.sid, staff@demo.sid
Press Ctrl-C to stop.
`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}
