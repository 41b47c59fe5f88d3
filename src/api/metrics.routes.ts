import { createHash, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { orders, orderStatus, staffQueue } from '../../db/schema';

/**
 * `GET /metrics` in Prometheus text format: API latency, orders by state, open staff-queue items,
 * and the API process's own (memory, event loop). Labels are route templates, states and kinds,
 * never a dealer, an order number or a raw URL. The worker's Temporal SDK metrics are served by
 * the worker itself (SID_WORKER_METRICS_ADDRESS, src/worker.ts). The endpoint shares the public
 * port, so it answers only a scraper that sends `Authorization: Bearer <SID_METRICS_TOKEN>`
 * (Prometheus `authorization: { credentials_file: … }`); without a configured token it is off (404).
 */
export function registerMetricsRoutes(app: FastifyInstance, { db, metricsToken }: { db: Db; metricsToken?: string | undefined }): Registry {
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

  const expected = metricsToken ? createHash('sha256').update(`Bearer ${metricsToken}`).digest() : null;
  const answer = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!expected) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Метрики выключены: задайте SID_METRICS_TOKEN.' } });
    // Hashes compared in constant time: the header's length tells nothing either.
    const given = createHash('sha256').update(request.headers.authorization ?? '').digest();
    if (!timingSafeEqual(given, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: { code: 'UNAUTHENTICATED', message: 'Нужен токен метрик.' } });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  };
  // Answered from this hook, registered before the API's authentication: the scraper's bearer
  // token is not an API key, and must not be looked up as one.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url === '/metrics' && request.method === 'GET') return answer(request, reply);
  });
  app.get('/metrics', answer);
  return registry;
}
