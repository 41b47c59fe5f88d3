/**
 * The order pipeline's benchmark: postpay orders (one Dr.Web licence, the API vendor simulator with
 * no delay) from the API's submit until the order is shipped, `concurrency` in flight (each dealer
 * click waits for its order), against no-op workflows of the same shape (bench/ceiling.workflows.ts)
 * run the same way on the same Temporal server. Used by `npm run bench` and `npm run bench:quick`.
 */
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type postgres from 'postgres';
import { orderWorkflowId } from '../src/workflows/orders/order.contract';
import { ceilingOrder, ceilingRenewal, ceilingVendorReadySignal } from './ceiling.workflows';
import { Session } from './session';
import { describeShape, historyShape, sameShape, type HistoryShape } from './shape';
import { percentile, pool } from './stats';

export interface PipelineRun {
  rate: number;
  p50: number;
  p99: number;
}

export interface OrderBenchResult {
  sid: PipelineRun;
  ceiling: PipelineRun;
  /** SID's throughput as a share of the ceiling's. */
  ratio: number;
  /** SID's p99 over the ceiling's. */
  p99Ratio: number;
  realShape: HistoryShape;
  ceilingShape: HistoryShape;
  /** PostgreSQL transactions committed per order (API, worker and the benchmark's own session), less the benchmark's polls. */
  transactionsPerOrder: number;
}

/**
 * Orders shipped, as PostgreSQL records them: one query for every order in flight every 10 ms,
 * rather than one per order (16 loops polling each of their orders every 25 ms cost the database
 * as much as a tenth of the work measured).
 */
export function shippedWatcher(sql: postgres.Sql) {
  const waiting = new Map<string, (ms: number) => void>();
  let running = true;
  let polls = 0;
  const loop = (async () => {
    while (running) {
      if (waiting.size > 0) {
        polls += 1;
        const rows = await sql`
          select order_number, extract(epoch from (shipped_at - created_at)) * 1000 as ms
          from orders where order_number = any(${[...waiting.keys()]}) and shipped_at is not null`;
        for (const row of rows) {
          waiting.get(row.order_number as string)?.(Number(row.ms));
          waiting.delete(row.order_number as string);
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    /** Milliseconds from the order's row to its shipping, once it ships. */
    shipped: (orderNumber: string) => new Promise<number>((resolve) => waiting.set(orderNumber, resolve)),
    polls: () => polls,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** A postpay dealer placing one-licence orders of a vendor without a licence policy. */
export async function postpaySubmitter(base: string) {
  const dealer = new Session(base);
  await dealer.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' });
  const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
  return async (): Promise<string> => {
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
    if (placed.status !== 201) throw new Error(`order refused: ${JSON.stringify(placed.body)}`);
    return placed.body.orderNumber as string;
  };
}

/** A history's shape once it stops growing (the post-shipping steps run after the clock stops). */
async function settledShape(client: Client, workflowId: string): Promise<HistoryShape> {
  let last = await historyShape(client, workflowId);
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 2_000));
    const next = await historyShape(client, workflowId);
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

export async function benchOrders(base: string, sql: postgres.Sql, env: TestWorkflowEnvironment, sizes: { orders: number; concurrency: number }): Promise<OrderBenchResult> {
  const submit = await postpaySubmitter(base);
  const watcher = shippedWatcher(sql);
  const client = new Client({ connection: env.connection });
  let sid: PipelineRun;
  let realShape: HistoryShape;
  let transactionsPerOrder = Number.NaN;
  try {
    await pool(Array.from({ length: 5 }), 5, async () => watcher.shipped(await submit())); // warm-up
    const numbers: string[] = [];
    const commits = async () => Number((await sql`select xact_commit from pg_stat_database where datname = current_database()`)[0]!.xact_commit);
    // The statistics collector reports with a delay: let the warm-up's transactions in first.
    await new Promise((r) => setTimeout(r, 1_000));
    const commitsBefore = await commits();
    const pollsBefore = watcher.polls();
    const started = Date.now();
    const latencies = await pool(Array.from({ length: sizes.orders }), sizes.concurrency, async () => {
      const orderNumber = await submit();
      numbers.push(orderNumber);
      return watcher.shipped(orderNumber);
    });
    sid = { rate: sizes.orders / ((Date.now() - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    await new Promise((r) => setTimeout(r, 1_000));
    transactionsPerOrder = (await commits() - commitsBefore - (watcher.polls() - pollsBefore) - 2) / sizes.orders;
    // The first order measured: its post-shipping steps have had the whole run to happen.
    realShape = await settledShape(client, orderWorkflowId(numbers[0]!));
  } finally {
    await watcher.stop();
  }

  // The ceiling's "shipped" is its no-op status record of that name; the vendor's callback is a
  // signal sent when the no-op placement runs, as the simulator calls back on placement; the no-op
  // licences step starts a renewal workflow, as the real one does for a licence with a term.
  const shipped = new Map<string, () => void>();
  const ceilingWorker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'bench-ceiling',
    workflowsPath: fileURLToPath(new URL('./ceiling.workflows.ts', import.meta.url)),
    activities: {
      async noop(step: string) {
        const workflowId = Context.current().info.workflowExecution!.workflowId;
        if (step === 'placeVendorOrder') void client.workflow.getHandle(workflowId).signal(ceilingVendorReadySignal).catch(() => {});
        if (step === 'recordOrderStatus:shipped') shipped.get(workflowId)?.();
        if (step === 'recordLicenses') await client.workflow.start(ceilingRenewal, { taskQueue: 'bench-ceiling', workflowId: `${workflowId}-renewal` });
      },
    },
  });
  const runId = Date.now();
  const { ceiling, ceilingShape } = await ceilingWorker.runUntil(async () => {
    const run = async (_: unknown, i: number) => {
      const workflowId = `ceiling-${runId}-${i}`;
      const t = Date.now();
      const done = new Promise<void>((resolve) => shipped.set(workflowId, resolve));
      await client.workflow.start(ceilingOrder, { taskQueue: 'bench-ceiling', workflowId, args: [1] });
      await done;
      shipped.delete(workflowId);
      return Date.now() - t;
    };
    await pool(Array.from({ length: 5 }), 5, (_, i) => run(_, sizes.orders + i));
    const t0 = Date.now();
    const latencies = await pool(Array.from({ length: sizes.orders }), sizes.concurrency, run);
    const ceiling = { rate: sizes.orders / ((Date.now() - t0) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    return { ceiling, ceilingShape: await settledShape(client, `ceiling-${runId}-0`) };
  });
  if (!sameShape(realShape, ceilingShape)) {
    console.warn(`the ceiling's shape differs from a real order's:\n  real:    ${describeShape(realShape)}\n  ceiling: ${describeShape(ceilingShape)}\n${JSON.stringify(realShape.steps, null, 1)}`);
  }
  return { sid, ceiling, ratio: sid.rate / ceiling.rate, p99Ratio: sid.p99 / ceiling.p99, realShape, ceilingShape, transactionsPerOrder };
}
