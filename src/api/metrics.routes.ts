import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { orders, orderStatus, staffQueue } from '../../db/schema';

/**
 * `GET /metrics` in Prometheus text format: API latency, orders by state, open staff-queue items,
 * and the API process's own (memory, event loop). Labels are route templates, states and kinds,
 * never a dealer, an order number or a raw URL. The worker's Temporal SDK metrics are served by
 * the worker itself (SID_WORKER_METRICS_ADDRESS, src/worker.ts). Unauthenticated, as scrape
 * endpoints are; in production it is reachable from the internal network only.
 */
export function registerMetricsRoutes(app: FastifyInstance, { db }: { db: Db }): Registry {
  // One registry per app, not prom-client's global one: tests build several apps in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sid_api_' });

  const requestDuration = new Histogram({
    name: 'sid_api_request_duration_seconds',
    help: 'API request latency, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label: a scanner probing paths must not mint a series per path.
    const route = request.routeOptions.url ?? 'unmatched';
    requestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  new Gauge({
    name: 'sid_orders',
    help: 'Orders by state, read from PostgreSQL at scrape time',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await db.select({ status: orders.status, count: sql<number>`count(*)::int` }).from(orders).groupBy(orders.status);
      // Every state is reported, an empty one as 0, so a state that empties does not vanish from graphs.
      for (const status of orderStatus.enumValues) this.set({ status }, rows.find((r) => r.status === status)?.count ?? 0);
    },
  });

  new Gauge({
    name: 'sid_staff_queue_open_items',
    help: 'Open staff-queue items by kind, read from PostgreSQL at scrape time',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const rows = await db
        .select({ kind: staffQueue.kind, count: sql<number>`count(*)::int` })
        .from(staffQueue)
        .where(eq(staffQueue.status, 'open'))
        .groupBy(staffQueue.kind);
      this.reset();
      for (const row of rows) this.set({ kind: row.kind }, row.count);
    },
  });

  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return registry;
}
