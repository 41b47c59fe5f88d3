import { and, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { acts, exchangeRates, invoices, onecExchangeLog, orders, staffQueue } from '../../../db/schema';
import { escapeLike } from '../../infra/like-pattern';
import type { OnecDirection } from '../billing/onec.schemas';
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
    const search = request.query.search;
    let where: SQL | undefined;
    if (search) {
      // 1C speaks of an order's documents, not of the order: by SID's id when it numbers them,
      // by number when it pays them. An order number brings in its invoices' and act's.
      const ofOrder = inArray(orders.orderNumber, [...new Set([search, search.toUpperCase()])]);
      const [orderInvoices, orderActs] = await Promise.all([
        db.select({ id: invoices.id, number: invoices.number }).from(invoices).innerJoin(orders, eq(orders.id, invoices.orderId)).where(ofOrder),
        db.select({ id: acts.id, number: acts.number }).from(acts).innerJoin(orders, eq(orders.id, acts.orderId)).where(ofOrder),
      ]);
      const needles = [...new Set([search, ...[...orderInvoices, ...orderActs].flatMap((d) => (d.number ? [d.id, d.number] : [d.id]))])];
      where = or(...needles.flatMap((n) => [ilike(onecExchangeLog.requestBody, `%${escapeLike(n)}%`), ilike(onecExchangeLog.endpoint, `%${escapeLike(n)}%`)]));
    }
    const items = await db.select().from(onecExchangeLog).where(where).orderBy(desc(onecExchangeLog.id)).limit(200);
    return { items: items.map((item) => ({ ...item, direction: item.direction as OnecDirection })) };
  });
}
