import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { searchForStaff } from '../../usecases/staff-search/staff-search.usecases';
import { requireStaff } from './require-staff';
import { STAFF_SEARCH_LIMIT, staffContracts } from './staff.schemas';
import { temporalLinks } from './temporal-links';

/**
 * `GET /api/staff/search`: staff find a dealer or an order by the names the business uses
 * (`src/usecases/staff-search`). Each result links to the Temporal UI.
 */
export function registerStaffSearchRoutes(app: FastifyInstance, { db, temporalUiUrl, namespace }: { db: Db; temporalUiUrl: string; namespace: string }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const links = temporalLinks(temporalUiUrl, namespace);
  api.get('/api/staff/search', { schema: staffContracts.search }, async (request) => {
    requireStaff(request);
    const found = await searchForStaff(db, request.query.q, STAFF_SEARCH_LIMIT);
    return {
      dealers: found.dealers.map((d) => ({ ...d, temporalUrl: links.dealer(d.id) })),
      orders: found.orders.map((o) => ({ ...o, temporalUrl: links.order(o.orderNumber) })),
    };
  });
}
