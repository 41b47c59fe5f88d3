import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { onecExchangeLog, staffQueue } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { requireUser } from '../auth';
import { isStaff } from '../dealer-scope';
import { HttpError, parseWith } from '../errors';

const queueSchema = z.object({ kind: z.string().max(50).optional(), status: z.enum(['open', 'resolved']).default('open') });

/** What automation could not finish and a person must: payments to sort out, late statement orders. */
export function registerStaffRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const requireStaff = (request: Parameters<typeof requireUser>[0]) => {
    const principal = requireUser(request);
    if (!isStaff(principal)) throw new HttpError(403, 'STAFF_ONLY', ru.auth.staffOnly);
    return principal;
  };

  app.get('/api/staff/queue', async (request) => {
    requireStaff(request);
    const q = parseWith(queueSchema, request.query, 'query');
    const items = await db
      .select()
      .from(staffQueue)
      .where(and(eq(staffQueue.status, q.status), q.kind ? eq(staffQueue.kind, q.kind) : undefined))
      .orderBy(desc(staffQueue.createdAt))
      .limit(200);
    return { items };
  });

  app.get('/api/staff/1c-log', async (request) => {
    requireStaff(request);
    const items = await db.select().from(onecExchangeLog).orderBy(desc(onecExchangeLog.id)).limit(200);
    return { items };
  });
}
