/**
 * Staff's decisions about dealers: approving or rejecting an application (the onboarding workflow
 * applies the decision), changing an approved dealer's terms, suspending and reactivating it.
 * Each decision is audited with who made it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, sessions, users } from '../../../db/schema';
import type { ApproveDealerRequest, UpdateDealerRequest } from '../../api/dealers/dealers.schemas';
import { parseSegments } from '../../domain/dealers/onboarding';
import { isUuid } from '../../domain/ids';
import { ru } from '../../locale/ru';
import { ALREADY_DECIDED, decideDealerUpdate, onboardingWorkflowId, type DealerDecision } from '../../workflows/accounts/onboarding.contract';
import { audit } from '../audit/audit.usecases';
import { UseCaseError, type FieldError } from '../errors';
import { checkVendorCodes, dealerDetail, dealerGroupExists, findDealer } from './dealers.repository';
import type { StaffActor } from '../principal';

const t = ru.staffDealers;

/** How long staff wait for the workflow to take a decision before they are told to try again. */
const DECISION_TIMEOUT_MS = 20_000;

/** The dealer with this id; an id that is not one is "not found". */
export async function dealerForStaff(db: Db, id: string) {
  if (!isUuid(id)) throw new UseCaseError(404, 'DEALER_NOT_FOUND', t.badId);
  const dealer = await findDealer(db, id);
  if (!dealer) throw new UseCaseError(404, 'DEALER_NOT_FOUND', t.notFound);
  return dealer;
}

const detailOf = async (db: Db, dealerId: string) => ({ dealer: await dealerDetail(db, (await findDealer(db, dealerId))!) });

/** Sends the decision to the dealer's onboarding workflow and answers once it is in the database. */
async function decide(db: Db, temporal: Client, dealerId: string, decision: DealerDecision) {
  try {
    const outcome = await temporal.withDeadline(Date.now() + DECISION_TIMEOUT_MS, () =>
      temporal.workflow.getHandle(onboardingWorkflowId(dealerId)).executeUpdate(decideDealerUpdate, { args: [decision] }),
    );
    if (!outcome.applied) throw new UseCaseError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(outcome.status));
  } catch (err) {
    if (err instanceof UseCaseError) throw err;
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === ALREADY_DECIDED) {
      const current = await findDealer(db, dealerId);
      throw new UseCaseError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(current?.status ?? 'pending'));
    }
    if (err instanceof WorkflowNotFoundError) throw new UseCaseError(409, 'NO_ONBOARDING', t.noOnboarding);
    throw new UseCaseError(503, 'ONBOARDING_UNAVAILABLE', t.unavailable);
  }
}

/** Approves an application into a price group and settlement scheme; every wrong field is named at once. */
export async function approveDealer(db: Db, temporal: Client, actor: StaffActor, dealerId: string, body: ApproveDealerRequest) {
  const dealer = await dealerForStaff(db, dealerId);
  const errors: FieldError[] = [];
  if (!(await dealerGroupExists(db, body.priceGroupId))) errors.push({ field: 'priceGroupId', message: t.groupNotFound(body.priceGroupId) });
  const segments = parseSegments(body.segments);
  for (const { index, value } of segments.unknown) errors.push({ field: `segments.${index}`, message: ru.registration.unknownSegment(value) });
  const vendorCodes = await checkVendorCodes(db, body.authorizedVendors, 'authorizedVendors', ru.registration.unknownVendor);
  errors.push(...vendorCodes.errors);
  if (errors.length > 0) throw new UseCaseError(422, 'APPROVAL_INVALID', errors[0]!.message, errors);
  if (dealer.status !== 'pending') throw new UseCaseError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(dealer.status));

  await decide(db, temporal, dealer.id, {
    decision: 'approve',
    priceGroupId: body.priceGroupId,
    settlementScheme: body.settlementScheme,
    creditLimitKopecks: body.creditLimitKopecks,
    segments: segments.segments,
    authorizedVendors: vendorCodes.codes,
    decidedBy: { userId: actor.userId, ip: actor.ip },
  });
  return detailOf(db, dealer.id);
}

export async function rejectDealer(db: Db, temporal: Client, actor: StaffActor, dealerId: string, reason: string) {
  const dealer = await dealerForStaff(db, dealerId);
  if (dealer.status !== 'pending') throw new UseCaseError(409, 'DEALER_ALREADY_DECIDED', t.alreadyDecided(dealer.status));
  await decide(db, temporal, dealer.id, { decision: 'reject', reason, decidedBy: { userId: actor.userId, ip: actor.ip } });
  return detailOf(db, dealer.id);
}

/**
 * Changes an approved dealer's terms (group, scheme, limit, authorisations) or contacts. Orders
 * already placed keep what they were placed with; the audit log keeps before and after.
 */
export async function changeDealerTerms(db: Db, actor: StaffActor, dealerId: string, body: UpdateDealerRequest) {
  const dealer = await dealerForStaff(db, dealerId);
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
  if (errors.length > 0) throw new UseCaseError(422, 'DEALER_UPDATE_INVALID', errors[0]!.message, errors);
  for (const field of ['settlementScheme', 'creditLimitKopecks', 'contactPerson', 'email', 'phone', 'postalAddress', 'contractNumber', 'contractDate'] as const) {
    if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
  }
  if (Object.keys(changes).length === 0) throw new UseCaseError(422, 'NOTHING_TO_CHANGE', t.nothingToChange);
  if (dealer.status !== 'approved' && dealer.status !== 'suspended') throw new UseCaseError(409, 'DEALER_NOT_APPROVED', t.notApproved);

  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, dealer[k as keyof typeof dealer]]));
  await db.transaction(async (tx) => {
    await tx.update(dealers).set(changes).where(eq(dealers.id, dealer.id));
    await audit(tx, { actorUserId: actor.userId, action: 'dealer.terms_changed', subjectType: 'dealer', subjectId: dealer.id, details: { before, after: changes }, ip: actor.ip });
  });
  return detailOf(db, dealer.id);
}

/**
 * Stops an approved dealer: its people are logged out and cannot log in, and no new order is
 * accepted. Orders already under way are held before they reach a vendor (the workflow's policy
 * re-check sees the dealer is no longer approved) for staff to decide on.
 */
export async function suspendDealer(db: Db, actor: StaffActor, dealerId: string, reason: string) {
  const dealer = await dealerForStaff(db, dealerId);
  const suspended = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(dealers)
      .set({ status: 'suspended', suspendedAt: new Date(), suspensionReason: reason })
      .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'approved')))
      .returning({ id: dealers.id });
    if (!row) return false;
    await tx.delete(sessions).where(inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.dealerId, dealer.id))));
    await audit(tx, { actorUserId: actor.userId, action: 'dealer.suspended', subjectType: 'dealer', subjectId: dealer.id, details: { reason }, ip: actor.ip });
    return true;
  });
  if (!suspended) throw new UseCaseError(409, 'DEALER_NOT_APPROVED', t.notSuspendable(dealer.status));
  return detailOf(db, dealer.id);
}

export async function reactivateDealer(db: Db, actor: StaffActor, dealerId: string) {
  const dealer = await dealerForStaff(db, dealerId);
  const reactivated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(dealers)
      .set({ status: 'approved', suspendedAt: null, suspensionReason: null })
      .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'suspended')))
      .returning({ id: dealers.id });
    if (!row) return false;
    await audit(tx, { actorUserId: actor.userId, action: 'dealer.reactivated', subjectType: 'dealer', subjectId: dealer.id, details: { reason: dealer.suspensionReason }, ip: actor.ip });
    return true;
  });
  if (!reactivated) throw new UseCaseError(409, 'DEALER_NOT_SUSPENDED', t.notSuspended(dealer.status));
  return detailOf(db, dealer.id);
}
