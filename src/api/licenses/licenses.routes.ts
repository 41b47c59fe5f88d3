/**
 * Delivered licences with a term and their renewal (`GET /api/licenses`, `POST
 * /api/licenses/:id/renewal-quote`): the contracts over src/usecases/licenses/licenses.usecases.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { moscowDateOf } from '../../domain/moscow-time';
import { licenseRenewalQuote, listLicenses } from '../../usecases/licenses/licenses.usecases';
import { requireUser } from '../auth';
import { licenseContracts, type ListLicensesQuery } from './licenses.schemas';

export function registerLicenseRoutes(app: FastifyInstance, { db, usdMarkupBasisPoints, maxRateAgeBankingDays }: { db: Db; usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }): void {
  app.get('/api/licenses', { schema: licenseContracts.list }, async (request) =>
    listLicenses(db, requireUser(request), request.query as ListLicensesQuery, moscowDateOf(new Date())),
  );

  app.post<{ Params: { id: string } }>('/api/licenses/:id/renewal-quote', { schema: licenseContracts.renewalQuote }, async (request) =>
    licenseRenewalQuote(db, requireUser(request), request.params.id, { usdMarkupBasisPoints, maxRateAgeBankingDays }, moscowDateOf(new Date())),
  );
}
