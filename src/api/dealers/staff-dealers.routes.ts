import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { loadSupplier, type Supplier } from '../../infra/supplier';
import { dealerDetail, listDealerGroups, listDealers } from '../../usecases/dealers/dealers.repository';
import { innNotes } from '../../usecases/dealers/inn-notes.usecases';
import { approveDealer, changeDealerTerms, dealerForStaff, reactivateDealer, rejectDealer, suspendDealer } from '../../usecases/dealers/staff-dealers.usecases';
import { requireStaff } from '../staff/require-staff';
import { staffDealerContracts as contracts, type ApproveDealerRequest, type ListDealersQuery, type UpdateDealerRequest } from './dealers.schemas';

type DealerParams = { Params: { id: string } };
const actorOf = (request: FastifyRequest) => ({ userId: requireStaff(request).userId, ip: request.ip });

/** Staff look at applications and approve or reject them; the onboarding workflow applies the decision. */
export function registerStaffDealerRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  // Read once, when first needed (the same file the worker's documents use).
  let supplier: Promise<Supplier> | undefined;
  const distributor = () =>
    (supplier ??= loadSupplier().catch((err: unknown) => {
      supplier = undefined;
      throw err;
    }));

  app.get('/api/staff/dealers', { schema: contracts.list }, async (request) => {
    requireStaff(request);
    return listDealers(db, request.query as ListDealersQuery);
  });

  app.get('/api/staff/dealer-groups', { schema: contracts.groups }, async (request) => {
    requireStaff(request);
    return { items: await listDealerGroups(db) };
  });

  app.get<DealerParams>('/api/staff/dealers/:id', { schema: contracts.detail }, async (request) => {
    requireStaff(request);
    const dealer = await dealerForStaff(db, request.params.id);
    // What staff should know about the INN before deciding: the distributor's own, another dealer's, another dealer's customer.
    return { dealer: { ...(await dealerDetail(db, dealer)), innNotes: await innNotes(db, dealer, (await distributor()).inn) } };
  });

  app.post<DealerParams>('/api/staff/dealers/:id/approve', { schema: contracts.approve }, async (request) =>
    approveDealer(db, temporal, actorOf(request), request.params.id, request.body as ApproveDealerRequest),
  );

  app.post<DealerParams>('/api/staff/dealers/:id/reject', { schema: contracts.reject }, async (request) =>
    rejectDealer(db, temporal, actorOf(request), request.params.id, (request.body as { reason: string }).reason),
  );

  /** Staff change an approved dealer's terms or contacts. */
  app.patch<DealerParams>('/api/staff/dealers/:id', { schema: contracts.update }, async (request) =>
    changeDealerTerms(db, actorOf(request), request.params.id, request.body as UpdateDealerRequest),
  );

  /** Staff stop an approved dealer: logged out, no new orders; orders under way are held for staff. */
  app.post<DealerParams>('/api/staff/dealers/:id/suspend', { schema: contracts.suspend }, async (request) =>
    suspendDealer(db, actorOf(request), request.params.id, (request.body as { reason: string }).reason),
  );

  app.post<DealerParams>('/api/staff/dealers/:id/reactivate', { schema: contracts.reactivate }, async (request) => reactivateDealer(db, actorOf(request), request.params.id));
}
