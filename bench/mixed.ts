/**
 * "Monday morning": virtual dealer users (think time 0–300 ms) search the catalog, quote a cart,
 * check licence policies, list their orders and open one, while one real postpay order a second is
 * submitted and its page polled until it shows "shipped". Against a single user doing the same in
 * the same process first (and orders submitted one at a time: submit→shipped idle).
 */
import type postgres from 'postgres';
import { postpaySubmitter } from './orders';
import { Session } from './session';
import { percentile } from './stats';

export const DEALER_ROUTES = ['search', 'quote', 'check', 'list', 'order page'] as const;
export type DealerRoute = (typeof DEALER_ROUTES)[number];

export interface MixedRun {
  users: number;
  /** Per route: p99 and how many requests were timed. */
  routes: Record<DealerRoute, { p99: number; p50: number; n: number }>;
  errors: number;
  requestsPerSecond: number;
  /** Submit→shipped p50 of the orders placed during the run, from their rows. */
  shippedP50: number;
  ordersShipped: number;
}

interface Ctx {
  base: string;
  sql: postgres.Sql;
  partNumbers: string[];
  queries: string[];
}

async function prepare(base: string, sql: postgres.Sql): Promise<Ctx> {
  const products = await sql`
    select p.part_number, p.name from products p join vendors v on v.id = p.vendor_id
    where v.code in ('DRWEB', 'KASP', 'ADBE') order by p.id limit 30`;
  const sample = await sql`select part_number, name from products order by id limit 40`;
  return {
    base,
    sql,
    partNumbers: products.map((p) => p.part_number as string),
    queries: sample.flatMap((p) => [String(p.part_number).slice(0, 4), String(p.name).split(' ')[0]!]),
  };
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

/** One virtual user until `until`: each action timed by route, errors counted. */
async function dealerUser(s: Session, ctx: Ctx, until: number, times: Record<DealerRoute, number[]>, counters: { errors: number; requests: number }, thinkMs: number) {
  let recent: string[] = [];
  const timed = async (route: DealerRoute, method: string, path: string, body?: unknown) => {
    const t = performance.now();
    let status = 0;
    try {
      const answer = await s.json(method, path, body);
      status = answer.status;
      return answer.body;
    } catch {
      return null;
    } finally {
      times[route].push(performance.now() - t);
      counters.requests += 1;
      if (status < 200 || status >= 300) counters.errors += 1;
    }
  };
  while (Date.now() < until) {
    const lines = [{ partNumber: pick(ctx.partNumbers), quantity: 1 + Math.floor(Math.random() * 5) }];
    switch (pick(DEALER_ROUTES)) {
      case 'search':
        await timed('search', 'GET', `/api/catalog/products?q=${encodeURIComponent(pick(ctx.queries))}`);
        break;
      case 'quote':
        await timed('quote', 'POST', '/api/orders/quote', { lines });
        break;
      case 'check':
        await timed('check', 'POST', '/api/orders/check', { lines });
        break;
      case 'list': {
        const page = await timed('list', 'GET', '/api/orders?pageSize=20');
        if (page?.items) recent = page.items.map((o: { orderNumber: string }) => o.orderNumber);
        break;
      }
      case 'order page':
        if (recent.length === 0) {
          const page = await timed('list', 'GET', '/api/orders?pageSize=20');
          if (page?.items) recent = page.items.map((o: { orderNumber: string }) => o.orderNumber);
        }
        if (recent.length > 0) await timed('order page', 'GET', `/api/orders/${pick(recent)}`);
        break;
    }
    await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
  }
}

/** One order: submitted, its page polled every 250 ms until it says shipped; its row's time back. */
async function orderUntilShipped(ctx: Ctx, submit: () => Promise<string>, poller: Session, counters: { errors: number }): Promise<number> {
  const orderNumber = await submit();
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const page = await poller.json('GET', `/api/orders/${orderNumber}`);
    if (page.status !== 200) counters.errors += 1;
    if (page.body?.shippedAt) break;
    if (Date.now() > deadline) throw new Error(`${orderNumber} not shipped after 5 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const [row] = await ctx.sql`select extract(epoch from (shipped_at - created_at)) * 1000 as ms from orders where order_number = ${orderNumber}`;
  return Number(row!.ms);
}

export async function benchMixedRun(base: string, sql: postgres.Sql, options: { users: number; seconds: number; ordersPerSecond: number }): Promise<MixedRun> {
  const ctx = await prepare(base, sql);
  const submit = await postpaySubmitter(base);
  const poller = new Session(base);
  await poller.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' });
  const times = Object.fromEntries(DEALER_ROUTES.map((r) => [r, [] as number[]])) as Record<DealerRoute, number[]>;
  const counters = { errors: 0, requests: 0 };
  const started = Date.now();
  const until = started + options.seconds * 1000;
  // The users share one login (logins are rate-limited per client address, and all come from here).
  const users = Array.from({ length: options.users }, () => dealerUser(poller.tab(), ctx, until, times, counters, 300));
  const orders: Array<Promise<number>> = [];
  if (options.ordersPerSecond > 0) {
    for (let next = started; next < until; next += 1000 / options.ordersPerSecond) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      orders.push(orderUntilShipped(ctx, submit, poller, counters));
    }
  } else {
    // One order at a time: submit→shipped with nothing else going on.
    while (Date.now() < until) orders.push(Promise.resolve(await orderUntilShipped(ctx, submit, poller, counters)));
  }
  await Promise.all(users);
  const elapsed = (Date.now() - started) / 1000;
  const shipped = await Promise.all(orders);
  return {
    users: options.users,
    routes: Object.fromEntries(DEALER_ROUTES.map((r) => [r, { p99: percentile(times[r], 99), p50: percentile(times[r], 50), n: times[r].length }])) as MixedRun['routes'],
    errors: counters.errors,
    requestsPerSecond: counters.requests / elapsed,
    shippedP50: percentile(shipped, 50),
    ordersShipped: shipped.length,
  };
}
