import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealers, sessions, users } from '../../../db/schema';
import { parseSegments } from '../../domain/dealers/onboarding';
import { ru } from '../../locale/ru';
import { ALREADY_DECIDED, decideDealerUpdate, onboardingWorkflowId, type DealerDecision } from '../../workflows/accounts/onboarding.contract';
import { HttpError, type FieldError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { checkVendorCodes, dealerDetail, dealerGroupExists, findDealer, listDealerGroups, listDealers } from '../../usecases/dealers/dealers.repository';
import { staffDealerContracts as contracts, type ApproveDealerRequest, type ListDealersQuery, type UpdateDealerRequest } from './dealers.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { innNotes } from '../../usecases/dealers/inn-notes.usecases';
import { loadSupplier, type Supplier } from '../../infra/supplier';

const t = ru.staffDealers;
const idSchema = z.uuid();
type DealerParams = { Params: { id: string } };

/** How long the API waits for the workflow to take a decision before telling staff to try again. */
const DECISION_TIMEOUT_MS = 20_000;

/** Staff look at applications and approve or reject them; the onboarding workflow applies the decision. */
export function registerStaffDealerRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  // Read once, when first needed (the same file the worker's documents use).
  let supplier: Promise<Supplier> | undefined;
  const distributor = () =>
    (supplier ??= loadSupplier().catch((err: unknown) => {
      supplier = undefined;
      throw err;
    }));

  async function dealerFor(request: FastifyRequest<DealerParams>) {
    if (!idSchema.safeParse(request.params.id).success) throw new HttpError(404, 'DEALER_NOT_FOUND', t.badId);
    const dealer = await findDealer(db, request.params.id);
    if (!dealer) throw new HttpError(404, 'DEALER_NOT_FOUND', t.notFound);
    return dealer;
  }

  /** Sends the decision to the dealer's onboarding workflow and answers once it is in the database. */
  async function decide(dealerId: string, decision: DealerDecision) {
    try {
      const outcome = await temporal.withDeadline(Date.now() + DECISION_TIMEOUT_MS, () =>
        temporal.workflow.getHandle(onboardingWorkflowId(dealerId)).executeUpdate(decideDealerUpdate, { args: [decision] }),
      );
      if (!outcome.applied) throw new HttpError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(outcome.status));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === ALREADY_DECIDED) {
        const current = await findDealer(db, dealerId);
        throw new HttpError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(current?.status ?? 'pending'));
      }
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'NO_ONBOARDING', t.noOnboarding);
      throw new HttpError(503, 'ONBOARDING_UNAVAILABLE', t.unavailable);
    }
  }

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
    const dealer = await dealerFor(request);
    // What staff should know about the INN before deciding: the distributor's own, another dealer's, another dealer's customer.
    return { dealer: { ...(await dealerDetail(db, dealer)), innNotes: await innNotes(db, dealer, (await distributor()).inn) } };
  });

  app.post<DealerParams>('/api/staff/dealers/:id/approve', { schema: contracts.approve }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body as ApproveDealerRequest;
    const dealer = await dealerFor(request);
    const errors: FieldError[] = [];
    if (!(await dealerGroupExists(db, body.priceGroupId))) errors.push({ field: 'priceGroupId', message: t.groupNotFound(body.priceGroupId) });
    const segments = parseSegments(body.segments);
    for (const { index, value } of segments.unknown) errors.push({ field: `segments.${index}`, message: ru.registration.unknownSegment(value) });
    const vendorCodes = await checkVendorCodes(db, body.authorizedVendors, 'authorizedVendors', ru.registration.unknownVendor);
    errors.push(...vendorCodes.errors);
    if (errors.length > 0) throw new HttpError(422, 'APPROVAL_INVALID', errors[0]!.message, errors);
    if (dealer.status !== 'pending') throw new HttpError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(dealer.status));

    await decide(dealer.id, {
      decision: 'approve',
      priceGroupId: body.priceGroupId,
      settlementScheme: body.settlementScheme,
      creditLimitKopecks: body.creditLimitKopecks,
      segments: segments.segments,
      authorizedVendors: vendorCodes.codes,
      decidedBy: { userId: principal.userId, ip: request.ip },
    });
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });

  app.post<DealerParams>('/api/staff/dealers/:id/reject', { schema: contracts.reject }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body as { reason: string };
    const dealer = await dealerFor(request);
    if (dealer.status !== 'pending') throw new HttpError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(dealer.status));
    await decide(dealer.id, { decision: 'reject', reason: body.reason, decidedBy: { userId: principal.userId, ip: request.ip } });
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });

  /**
   * Staff change an approved dealer's terms (group, scheme, limit, authorisations) or contacts.
   * Orders already placed keep what they were placed with; the audit log keeps before and after.
   */
  app.patch<DealerParams>('/api/staff/dealers/:id', { schema: contracts.update }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body as UpdateDealerRequest;
    const dealer = await dealerFor(request);
    const errors: FieldError[] = [];
    const changes: Partial<typeof dealers.$inferInsert> = {};
    if (body.priceGroupId !== undefined) {
      if (await dealerGroupExists(db, body.priceGroupId)) changes.priceGroupId = body.priceGroupId;
      else errors.push({ field: 'priceGroupId', message: t.groupNotFound(body.priceGroupId) });
    }
    if (body.segments !== undefined) {
      const segments = parseSegments(body.segments);
      for (const { index, value } of segments.unknown) errors.push({ field: `segments.${index}`, message: ru.registration.unknownSegment(value) });
      changes.segments = segments.segments;
    }
    if (body.authorizedVendors !== undefined) {
      const vendorCodes = await checkVendorCodes(db, body.authorizedVendors, 'authorizedVendors', ru.registration.unknownVendor);
      errors.push(...vendorCodes.errors);
      changes.authorizedVendors = vendorCodes.codes;
    }
    if (errors.length > 0) throw new HttpError(422, 'DEALER_UPDATE_INVALID', errors[0]!.message, errors);
    for (const field of ['settlementScheme', 'creditLimitKopecks', 'contactPerson', 'email', 'phone', 'postalAddress', 'contractNumber', 'contractDate'] as const) {
      if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
    }
    if (Object.keys(changes).length === 0) throw new HttpError(422, 'NOTHING_TO_CHANGE', t.nothingToChange);
    if (dealer.status !== 'approved' && dealer.status !== 'suspended') throw new HttpError(409, 'DEALER_NOT_APPROVED', t.notApproved);

    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, dealer[k as keyof typeof dealer]]));
    await db.transaction(async (tx) => {
      await tx.update(dealers).set(changes).where(eq(dealers.id, dealer.id));
      await audit(tx, { actorUserId: principal.userId, action: 'dealer.terms_changed', subjectType: 'dealer', subjectId: dealer.id, details: { before, after: changes }, ip: request.ip });
    });
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });

  /**
   * Staff stop an approved dealer: its people are logged out and cannot log in, and no new order
   * is accepted. Orders already under way are held before they reach a vendor (the workflow's
   * policy re-check sees the dealer is no longer approved) for staff to decide on.
   */
  app.post<DealerParams>('/api/staff/dealers/:id/suspend', { schema: contracts.suspend }, async (request) => {
    const principal = requireStaff(request);
    const { reason } = request.body as { reason: string };
    const dealer = await dealerFor(request);
    const suspended = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(dealers)
        .set({ status: 'suspended', suspendedAt: new Date(), suspensionReason: reason })
        .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'approved')))
        .returning({ id: dealers.id });
      if (!row) return false;
      await tx.delete(sessions).where(inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.dealerId, dealer.id))));
      await audit(tx, { actorUserId: principal.userId, action: 'dealer.suspended', subjectType: 'dealer', subjectId: dealer.id, details: { reason }, ip: request.ip });
      return true;
    });
    if (!suspended) throw new HttpError(409, 'DEALER_NOT_APPROVED', t.notSuspendable(dealer.status));
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });

  app.post<DealerParams>('/api/staff/dealers/:id/reactivate', { schema: contracts.reactivate }, async (request) => {
    const principal = requireStaff(request);
    const dealer = await dealerFor(request);
    const reactivated = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(dealers)
        .set({ status: 'approved', suspendedAt: null, suspensionReason: null })
        .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'suspended')))
        .returning({ id: dealers.id });
      if (!row) return false;
      await audit(tx, { actorUserId: principal.userId, action: 'dealer.reactivated', subjectType: 'dealer', subjectId: dealer.id, details: { reason: dealer.suspensionReason }, ip: request.ip });
      return true;
    });
    if (!reactivated) throw new HttpError(409, 'DEALER_NOT_SUSPENDED', t.notSuspended(dealer.status));
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });
}
