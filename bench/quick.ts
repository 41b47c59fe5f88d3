/**
 * `npm run bench:quick`: the order pipeline's share of its same-shape ceiling and catalog search at
 * 10,000 SKUs against the demo catalog, on small sizes (under two minutes), compared with the last
 * recorded figures in bench/quick-baseline.json. It fails when a figure falls more than 20% below
 * the recorded one. `npm run bench:quick -- --record` records this run's figures instead (after a
 * deliberate change, on a quiet machine; say in the commit what changed them).
 *
 * Both figures are ratios taken in the same run, higher is better: orders/s over the ceiling's
 * wf/s, and the demo catalog's search p50 over the grown catalog's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASELINE = fileURLToPath(new URL('./quick-baseline.json', import.meta.url));
/** A figure may fall this far below the recorded one before the run fails. */
const TOLERANCE = 0.2;
const LIMIT_MS = 120_000;

interface Figures {
  /** Order pipeline throughput as a share of the same-shape no-op ceiling. */
  ordersOfCeiling: number;
  /** Search p50 on the demo catalog over search p50 on the grown one (1 = no slower at 10,000 SKUs). */
  searchSmallOverBig: number;
}

const dir = mkdtempSync(join(tmpdir(), 'sid-bench-quick-'));
const resultsFile = join(dir, 'rows.json');
const started = Date.now();
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./run.ts', import.meta.url))], {
  env: {
    ...process.env,
    BENCH_ONLY: 'orders,search',
    BENCH_ORDERS: process.env.BENCH_ORDERS ?? '30',
    BENCH_SEARCHES: process.env.BENCH_SEARCHES ?? '40',
    BENCH_SKUS: process.env.BENCH_SKUS ?? '10000',
    BENCH_RESULTS_JSON: resultsFile,
    // Its small sizes are compared with bench/quick-baseline.json, not added to bench/RESULTS.md.
    BENCH_APPEND_RESULTS: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
// Not stopped at the limit: the benchmark would leave its servers and database behind. A run over
// it is reported, and on a quiet machine means the sizes need to come down.
const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
if (code !== 0) {
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`bench:quick: the benchmark exited with ${code}`);
}
const rows = JSON.parse(readFileSync(resultsFile, 'utf8')) as Array<Record<string, string>>;
rmSync(dir, { recursive: true, force: true });

const row = (prefix: string) => {
  const found = rows.find((r) => r.benchmark?.startsWith(prefix));
  if (!found) throw new Error(`bench:quick: no "${prefix}" row in the results`);
  return found;
};
const number = (text: string | undefined, pattern: RegExp) => {
  const m = pattern.exec(text ?? '');
  if (!m) throw new Error(`bench:quick: cannot read ${pattern} in "${text}"`);
  return Number(m[1]);
};
const search = row('catalog search via API');
const figures: Figures = {
  ordersOfCeiling: number(row('orders submit→shipped').ratio, /^([\d.]+) of ceiling/),
  searchSmallOverBig: number(search.baseline, /p50 ([\d.]+) ms/) / number(search.result, /p50 ([\d.]+) ms/),
};
const seconds = Math.round((Date.now() - started) / 1000);
if (seconds * 1000 > LIMIT_MS) console.warn(`bench:quick took ${seconds} s, over its ${LIMIT_MS / 1000} s: was the machine busy?`);
console.log(`\nbench:quick in ${seconds} s: orders ${figures.ordersOfCeiling.toFixed(2)} of ceiling; search demo/10k p50 ${figures.searchSmallOverBig.toFixed(2)}`);

if (process.argv.includes('--record')) {
  writeFileSync(BASELINE, `${JSON.stringify({ recordedAt: new Date().toISOString(), note: process.env.BENCH_QUICK_NOTE ?? '', figures }, null, 2)}\n`);
  console.log(`recorded in ${BASELINE}`);
  process.exit(0);
}
const recorded = JSON.parse(readFileSync(BASELINE, 'utf8')) as { recordedAt: string; figures: Figures };
const failures = (Object.keys(figures) as Array<keyof Figures>).filter((k) => figures[k] < recorded.figures[k] * (1 - TOLERANCE));
for (const k of Object.keys(figures) as Array<keyof Figures>) {
  console.log(`  ${k}: ${figures[k].toFixed(2)} (recorded ${recorded.recordedAt}: ${recorded.figures[k].toFixed(2)}, floor ${(recorded.figures[k] * (1 - TOLERANCE)).toFixed(2)})`);
}
if (failures.length > 0) {
  console.error(`bench:quick FAILED: ${failures.join(', ')} fell more than ${TOLERANCE * 100}% below the recorded figure`);
  process.exit(1);
}
console.log('bench:quick passed');
process.exit(0);
