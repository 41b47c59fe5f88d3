import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { onecExchangeLogFor } from '../../usecases/billing/onec-exchange-log.usecases';
import { overrideUsdRate } from '../../usecases/pricing/exchange-rates.usecases';
import { listStaffTasks } from '../../usecases/staff-queue/staff-queue.usecases';
import { requireStaff } from './require-staff';
import { staffContracts } from './staff.schemas';

/** What automation could not finish and a person must: payments to sort out, late statement orders. */
export function registerStaffRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/staff/queue', { schema: staffContracts.queue }, async (request) => {
    requireStaff(request);
    return { items: await listStaffTasks(db, request.query) };
  });

  /** Staff set the USD rate for a date by hand; it beats the Central Bank's rate of that date. */
  api.post('/api/staff/exchange-rates/usd', { schema: staffContracts.rateOverride }, async (request) => {
    const principal = requireStaff(request);
    return overrideUsdRate(db, { userId: principal.userId, ip: request.ip }, request.body.date, request.body.rate);
  });

  api.get('/api/staff/1c-log', { schema: staffContracts.onecLog }, async (request) => {
    requireStaff(request);
    return onecExchangeLogFor(db, request.query.search);
  });
}
