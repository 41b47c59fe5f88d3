import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { exchangeRates, onecExchangeLog, staffQueue } from '../../../db/schema';
import { formatRate, parseRate } from '../../domain/money';
import { requireStaff } from './require-staff';
import { staffContracts } from './staff.schemas';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../../usecases/audit/audit.usecases';

/** What automation could not finish and a person must: payments to sort out, late statement orders. */
export function registerStaffRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/staff/queue', { schema: staffContracts.queue }, async (request) => {
    requireStaff(request);
    const q = request.query;
    const items = await db
      .select()
      .from(staffQueue)
      .where(and(eq(staffQueue.status, q.status), q.kind ? eq(staffQueue.kind, q.kind) : undefined))
      .orderBy(desc(staffQueue.createdAt))
      .limit(200);
    return { items: items.map((item) => ({ ...item, payload: item.payload as Record<string, unknown> })) };
  });

  /** Staff set the USD rate for a date by hand; it beats the Central Bank's rate of that date. */
  api.post('/api/staff/exchange-rates/usd', { schema: staffContracts.rateOverride }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body;
    const rate = formatRate(parseRate(body.rate));
    await db
      .insert(exchangeRates)
      .values({ currency: 'USD', rate, rateDate: body.date, source: 'override' })
      .onConflictDoUpdate({ target: [exchangeRates.currency, exchangeRates.rateDate, exchangeRates.source], set: { rate } });
    await audit(db, { actorUserId: principal.userId, action: 'exchange_rate.override', subjectType: 'exchange_rate', subjectId: `USD/${body.date}`, details: { rate }, ip: request.ip });
    return { currency: 'USD' as const, date: body.date, rate, source: 'override' as const };
  });

  api.get('/api/staff/1c-log', { schema: staffContracts.onecLog }, async (request) => {
    requireStaff(request);
    const items = await db.select().from(onecExchangeLog).orderBy(desc(onecExchangeLog.id)).limit(200);
    return { items };
  });
}
