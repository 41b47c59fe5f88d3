/**
 * A prospective dealer's application: stored with its first administrator, pending, and put in
 * front of staff by the onboarding workflow; a rejected applicant reads its application back and
 * applies again. A request refused for any reason stores nothing; an application whose workflow
 * cannot start is taken back.
 */
import type { Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, users } from '../../../db/schema';
import type { RegistrationRequest } from '../../api/dealers/dealers.schemas';
import { parseSegments } from '../../domain/dealers/onboarding';
import { parseLegalForm } from '../../domain/requisites';
import { hashPassword } from '../../infra/passwords';
import { ru } from '../../locale/ru';
import { onboardingWorkflowId, onboardingWorkflowType, type OnboardingWorkflow } from '../../workflows/accounts/onboarding.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { DealerIdKey } from '../../workflows/search-attributes';
import { checkCredentials } from '../accounts/credentials.usecases';
import type { LoginThrottleLimits } from '../accounts/login-throttle.usecases';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import { findDealer, findDealerByInnKpp, loginExists } from './dealers.repository';

const t = ru.registration;

/** Too many wrong passwords for this login from this address: the caller answers 429 with the wait. */
export class LoginLocked extends Error {
  constructor(readonly check: { minutes: number; retryAfterSeconds: number }) {
    super('login locked');
  }
}

/** postgres.js names the violated constraint; drizzle wraps the error in `cause`. */
function violatedConstraint(err: unknown): string | undefined {
  const e = err as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } } | null;
  if (e?.code === '23505') return e.constraint_name ?? '';
  if (e?.cause?.code === '23505') return e.cause.constraint_name ?? '';
  return undefined;
}

/** The dealer row a registration creates: pending, with nothing granted yet. */
function dealerValues(form: RegistrationRequest) {
  const legalForm = parseLegalForm(form.legalForm)!;
  return {
    legalForm: legalForm.form,
    fullName: form.fullName,
    shortName: form.shortName,
    inn: form.inn,
    kpp: legalForm.kind === 'individual' ? null : form.kpp,
    ogrn: form.ogrn,
    legalAddress: form.legalAddress,
    postalAddress: form.postalAddress ?? form.legalAddress,
    bankBik: form.bik,
    bankName: form.bankName,
    correspondentAccount: form.correspondentAccount,
    settlementAccount: form.settlementAccount,
    director: form.director,
    contactPerson: form.contactPerson,
    email: form.email,
    phone: form.phone,
    status: 'pending' as const,
    requestedSegments: parseSegments(form.requestedSegments).segments,
    requestedVendors: [...new Set(form.requestedVendors.map((c) => c.toUpperCase()))],
  };
}

const startOnboarding = (temporal: Client, dealerId: string, workflowIdReusePolicy: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE') =>
  temporal.workflow.start<OnboardingWorkflow>(onboardingWorkflowType, {
    taskQueue: ORDER_TASK_QUEUE,
    workflowId: onboardingWorkflowId(dealerId),
    workflowIdReusePolicy,
    args: [{ dealerId }],
    typedSearchAttributes: [{ key: DealerIdKey, value: dealerId }],
  });


/** The rejected application whose login and password these are; anything else is refused. */
export async function rejectedApplicationOf(db: Db, credentials: { login: string; password: string }, address: string, loginThrottle?: LoginThrottleLimits) {
  const check = await checkCredentials(db, credentials.login, credentials.password, { address, ...(loginThrottle ? { limits: loginThrottle } : {}) });
  if (check.outcome === 'locked') throw new LoginLocked(check);
  const user = check.outcome === 'ok' ? check.user : undefined;
  const dealer = user?.dealerId && user.role === 'dealer_admin' && !user.disabledAt ? await findDealer(db, user.dealerId) : undefined;
  if (!user || !dealer) {
    throw new UseCaseError(401, 'INVALID_CREDENTIALS', t.reapplyCredentials, [{ field: 'user.password', message: t.reapplyCredentials }]);
  }
  if (dealer.status !== 'rejected') throw new UseCaseError(409, `DEALER_${dealer.status.toUpperCase()}`, t.reapplyNotRejected(dealer.status));
  return { user, dealer };
}

/**
 * A rejected applicant corrects its application and sends it again: the same dealer and user,
 * pending once more, in front of staff through a new run of its onboarding workflow.
 */
export async function reapplyDealer(db: Db, temporal: Client, form: RegistrationRequest, warnings: unknown, context: { ip: string; loginThrottle?: LoginThrottleLimits | undefined; onStartFailure: (err: unknown) => void }) {
  const { user, dealer } = await rejectedApplicationOf(db, form.user, context.ip, context.loginThrottle);
  const values = dealerValues(form);
  const other = await findDealerByInnKpp(db, values.inn, values.kpp);
  if (other && other.id !== dealer.id) {
    throw new UseCaseError(409, 'DEALER_EXISTS', t.duplicateDealer(values.inn, values.kpp), [{ field: 'inn', message: t.duplicateDealer(values.inn, values.kpp) }]);
  }
  const round = dealer.applicationRound + 1;
  const [updated] = await db
    .update(dealers)
    .set({ ...values, applicationRound: round, decidedAt: null, rejectionReason: null })
    .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'rejected')))
    .returning({ id: dealers.id });
  // Two corrected applications at once: the first one is in, the second finds it pending.
  if (!updated) throw new UseCaseError(409, 'DEALER_PENDING', t.reapplyNotRejected('pending'));
  try {
    await startOnboarding(temporal, dealer.id, 'ALLOW_DUPLICATE');
  } catch (err) {
    context.onStartFailure(err);
    // Back to the rejected application as it was: nobody would decide on this one.
    const { id: _id, createdAt: _created, ...previous } = dealer;
    await db.update(dealers).set(previous).where(eq(dealers.id, dealer.id));
    throw new UseCaseError(503, 'REGISTRATION_UNAVAILABLE', t.unavailable);
  }
  await audit(db, {
    actorUserId: user.id,
    action: 'dealer.reapplied',
    subjectType: 'dealer',
    subjectId: dealer.id,
    details: { round, previousRejectionReason: dealer.rejectionReason, inn: values.inn, kpp: values.kpp },
    ip: context.ip,
  });
  return { dealerId: dealer.id, status: 'pending' as const, login: user.login, applicationRound: round, message: t.reapplied(values.email), warnings };
}

/** Stores a new application and its first administrator, pending, and starts its onboarding workflow. */
export async function registerDealer(db: Db, temporal: Client, form: RegistrationRequest, warnings: unknown, context: { ip: string; onStartFailure: (err: unknown) => void }) {
  const values = dealerValues(form);
  const duplicate = () => new UseCaseError(409, 'DEALER_EXISTS', t.duplicateDealer(values.inn, values.kpp), [{ field: 'inn', message: t.duplicateDealer(values.inn, values.kpp) }]);
  const loginTaken = () => new UseCaseError(409, 'LOGIN_TAKEN', t.loginTaken(form.user.login), [{ field: 'user.login', message: t.loginTaken(form.user.login) }]);
  // Looked up first for a quick answer; the unique indexes decide when two registrations race.
  if (await findDealerByInnKpp(db, values.inn, values.kpp)) throw duplicate();
  if (await loginExists(db, form.user.login)) throw loginTaken();

  const passwordHash = await hashPassword(form.user.password);
  let dealerId: string;
  try {
    dealerId = await db.transaction(async (tx) => {
      const [dealer] = await tx.insert(dealers).values(values).returning({ id: dealers.id });
      await tx.insert(users).values({
        dealerId: dealer!.id,
        login: form.user.login,
        passwordHash,
        role: 'dealer_admin',
        fullName: form.user.fullName ?? form.contactPerson,
        email: form.user.email ?? form.email,
      });
      return dealer!.id;
    });
  } catch (err) {
    const constraint = violatedConstraint(err);
    if (constraint === 'dealers_inn_kpp_unique') throw duplicate();
    if (constraint === 'users_login_unique') throw loginTaken();
    throw err;
  }

  try {
    await startOnboarding(temporal, dealerId, 'REJECT_DUPLICATE');
  } catch (err) {
    context.onStartFailure(err);
    // Nobody would ever decide on an application without its workflow: take it back.
    await db.transaction(async (tx) => {
      await tx.delete(users).where(eq(users.dealerId, dealerId));
      await tx.delete(dealers).where(eq(dealers.id, dealerId));
    });
    throw new UseCaseError(503, 'REGISTRATION_UNAVAILABLE', t.unavailable);
  }
  await audit(db, {
    action: 'dealer.registered',
    subjectType: 'dealer',
    subjectId: dealerId,
    details: { inn: values.inn, kpp: values.kpp, login: form.user.login },
    ip: context.ip,
  });
  return {
    dealerId,
    status: 'pending' as const,
    login: form.user.login,
    message: t.accepted(form.user.email ?? form.email),
    warnings,
  };
}
