import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { parseSegments } from '../../domain/dealers/onboarding';
import { ru } from '../../locale/ru';
import { ALREADY_DECIDED, decideDealerUpdate, onboardingWorkflowId, type DealerDecision } from '../../workflows/onboarding.contract';
import { HttpError, parseWith, type FieldError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { checkVendorCodes, dealerDetail, dealerGroupExists, findDealer, listDealerGroups, listDealers } from './dealers.repository';
import { approveDealerSchema, listDealersSchema, rejectDealerSchema } from './dealers.schemas';

const t = ru.staffDealers;
const idSchema = z.uuid();
type DealerParams = { Params: { id: string } };

/** How long the API waits for the workflow to take a decision before telling staff to try again. */
const DECISION_TIMEOUT_MS = 20_000;

/** Staff look at applications and approve or reject them; the onboarding workflow applies the decision. */
export function registerStaffDealerRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
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

  app.get('/api/staff/dealers', async (request) => {
    requireStaff(request);
    return listDealers(db, parseWith(listDealersSchema, request.query, 'query'));
  });

  app.get('/api/staff/dealer-groups', async (request) => {
    requireStaff(request);
    return { items: await listDealerGroups(db) };
  });

  app.get<DealerParams>('/api/staff/dealers/:id', async (request) => {
    requireStaff(request);
    return { dealer: await dealerDetail(db, await dealerFor(request)) };
  });

  app.post<DealerParams>('/api/staff/dealers/:id/approve', async (request) => {
    const principal = requireStaff(request);
    const body = parseWith(approveDealerSchema, request.body);
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

  app.post<DealerParams>('/api/staff/dealers/:id/reject', async (request) => {
    const principal = requireStaff(request);
    const body = parseWith(rejectDealerSchema, request.body);
    const dealer = await dealerFor(request);
    if (dealer.status !== 'pending') throw new HttpError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(dealer.status));
    await decide(dealer.id, { decision: 'reject', reason: body.reason, decidedBy: { userId: principal.userId, ip: request.ip } });
    return { dealer: await dealerDetail(db, (await findDealer(db, dealer.id))!) };
  });
}
