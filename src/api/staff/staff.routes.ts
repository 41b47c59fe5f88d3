import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { exchangeRates, onecExchangeLog, staffQueue } from '../../../db/schema';
import { formatRate, parseRate } from '../../domain/money';
import { parseWith } from '../errors';
import { isoDateSchema } from '../iso-date';
import { requireStaff } from './require-staff';
import { STAFF_QUEUE_KINDS, STAFF_QUEUE_STATUSES } from '../../domain/staff-queue';
import { audit } from '../../usecases/audit/audit.usecases';

const overrideSchema = z.object({
  rate: z.string().regex(/^\d{1,6}([.,]\d{1,4})?$/, 'курс строкой, не больше 4 знаков после запятой, например "81.2500"'),
  date: isoDateSchema,
});

const queueSchema = z.object({ kind: z.enum(STAFF_QUEUE_KINDS).optional(), status: z.enum(STAFF_QUEUE_STATUSES).default('open') });

/** What automation could not finish and a person must: payments to sort out, late statement orders. */
export function registerStaffRoutes(app: FastifyInstance, { db }: { db: Db }): void {
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

  /** Staff set the USD rate for a date by hand; it beats the Central Bank's rate of that date. */
  app.post('/api/staff/exchange-rates/usd', async (request) => {
    const principal = requireStaff(request);
    const body = parseWith(overrideSchema, request.body);
    const rate = formatRate(parseRate(body.rate));
    await db
      .insert(exchangeRates)
      .values({ currency: 'USD', rate, rateDate: body.date, source: 'override' })
      .onConflictDoUpdate({ target: [exchangeRates.currency, exchangeRates.rateDate, exchangeRates.source], set: { rate } });
    await audit(db, { actorUserId: principal.userId, action: 'exchange_rate.override', subjectType: 'exchange_rate', subjectId: `USD/${body.date}`, details: { rate }, ip: request.ip });
    return { currency: 'USD', date: body.date, rate, source: 'override' };
  });

  app.get('/api/staff/1c-log', async (request) => {
    requireStaff(request);
    const items = await db.select().from(onecExchangeLog).orderBy(desc(onecExchangeLog.id)).limit(200);
    return { items };
  });
}
