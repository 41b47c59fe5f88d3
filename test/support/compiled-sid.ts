import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { exchangeRates } from '../../db/schema';
import { freePort } from '../../scripts/lib/free-port';
import { buildServer } from '../../scripts/build';
import { rateFreshness } from '../../src/domain/cbr-rates';
import { bankingCalendar, moscowToday } from './dates';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * SID as the production image runs it, without Docker: `scripts/build.ts` compiles the processes
 * and bundles the workflow code into a folder under dist/ (inside the repository, so that the
 * compiled files find node_modules the way /app/dist/server finds /app/node_modules in the image,
 * and the API finds dist/web), and each process is `node dist/…/<entry>.js` with nothing but the
 * environment given: no tsx, no development secrets.
 */
export async function buildCompiledSid(): Promise<{ outdir: string; remove(): void }> {
  const outdir = join(repo, 'dist', `server-test-${process.pid}`);
  await buildServer(outdir);
  return { outdir, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

export interface SidProcess {
  name: string;
  child: ChildProcess;
  /** stdout and stderr, the last 400 kB. */
  logs(): string;
  alive(): boolean;
  /** Resolves once the process has exited. */
  exited(): Promise<void>;
}

/** Node without anything the test runner put into the environment: PATH and what is given. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

export function spawnCompiled(name: string, file: string, env: Record<string, string>, node = process.execPath): SidProcess {
  const child = spawn(node, ['--enable-source-maps', file], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-400_000);
    if (process.env.SID_TEST_LOG === '1') process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    logs: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    exited: () => done,
  };
}

async function until(what: SidProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!what.alive()) throw new Error(`${what.name} exited (${what.child.signalCode ?? what.child.exitCode}) before it was ready:\n${what.logs()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what.name} not ready within ${timeoutMs / 1000} s:\n${what.logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The compiled API on a free port; resolves once its readiness check (database and Temporal) passes. */
export async function startCompiledApi(outdir: string, name: string, env: Record<string, string>): Promise<SidProcess & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = spawnCompiled(name, join(outdir, 'api.js'), { HOST: '127.0.0.1', PORT: String(port), ...env });
  await until(api, async () => (await fetch(`${baseUrl}/health?ready=1`).catch(() => null))?.status === 200, 60_000);
  return { ...api, baseUrl };
}

/** The compiled worker; resolves once it logs that it is about to poll. */
export async function startCompiledWorker(outdir: string, name: string, env: Record<string, string>): Promise<SidProcess> {
  const worker = spawnCompiled(name, join(outdir, 'worker.js'), env);
  await until(worker, async () => worker.logs().includes('"msg":"worker ready"'), 90_000);
  return worker;
}

/** SIGTERM (graceful), then SIGKILL after `graceMs`. */
export async function stopProcess(p: SidProcess, graceMs = 15_000): Promise<void> {
  if (!p.alive()) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited();
  clearTimeout(timer);
}

/**
 * The compiled API reads its limits from the environment, where the rate's allowed age is at most
 * 60 banking days, so the demo seed's rate would go stale as the calendar moves on. The newest
 * demo rate is copied to the date the Central Bank's rate is expected for today, so the test does
 * not depend on the date it runs; the returned function removes the copy (later files expect the
 * demo rate as the newest one).
 */
export async function demoRateCurrentUntilRemoved(db: Db): Promise<() => Promise<void>> {
  const calendar = await bankingCalendar();
  const expectedDate = rateFreshness(calendar, moscowToday(), moscowToday()).expectedDate;
  const [newest] = await db.select().from(exchangeRates).where(eq(exchangeRates.currency, 'USD')).orderBy(desc(exchangeRates.rateDate)).limit(1);
  const added = await db
    .insert(exchangeRates)
    .values({ currency: 'USD', rate: newest!.rate, rateDate: expectedDate, source: newest!.source })
    .onConflictDoNothing()
    .returning({ id: exchangeRates.id });
  return async () => {
    if (added.length) await db.delete(exchangeRates).where(inArray(exchangeRates.id, added.map((a) => a.id)));
  };
}
