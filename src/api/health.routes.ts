import type { Client } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2s')), 2000))]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function registerHealthRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  /** Liveness: the process answers. Readiness (`?ready`): PostgreSQL and Temporal answer too. */
  app.get<{ Querystring: { ready?: string } }>('/health', async (request, reply) => {
    if (request.query.ready === undefined) return { status: 'ok' };
    const [database, temporalCheck] = await Promise.all([
      probe(() => db.execute(sql`select 1`)),
      probe(() => temporal.workflowService.getSystemInfo({})),
    ]);
    const ready = database.ok && temporalCheck.ok;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal: temporalCheck } });
  });
}
