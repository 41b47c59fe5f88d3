import type { Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { dealers, users } from '../../../db/schema';
import { parseSegments } from '../../domain/dealers/onboarding';
import { passwordProblem } from '../../domain/dealers/password-policy';
import { passwordProblemText } from '../../locale/shared.ru';
import { checkRequisites, parseLegalForm, REQUISITE_FIELDS, type RequisitesInput } from '../../domain/requisites';
import { hashPassword } from '../../infra/passwords';
import { ru } from '../../locale/ru';
import { inRussian } from '../../locale/zod.ru';
import { onboardingWorkflowId, onboardingWorkflowType, type OnboardingWorkflow } from '../../workflows/accounts/onboarding.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { DealerIdKey } from '../../workflows/search-attributes';
import { checkCredentials } from '../../usecases/accounts/credentials.usecases';
import { credentialsSchema, lockedOut } from '../credentials';
import type { LoginThrottleLimits } from '../../usecases/accounts/login-throttle.usecases';
import { errors as errorAnswers } from '../common.schemas';
import { HttpError, type FieldError } from '../errors';
import { checkVendorCodes, dealerView, findDealer, findDealerByInnKpp, loginExists } from '../../usecases/dealers/dealers.repository';
import { previousApplicationSchema, REGISTRATION_FIELDS, registrationAcceptedSchema, registrationSchema, type RegistrationRequest } from './dealers.schemas';
import { audit } from '../../usecases/audit/audit.usecases';

const t = ru.registration;

/** What a rejected applicant gets back to correct: its form as it sent it (the password excepted). */
const APPLICATION_FIELDS = [
  'legalForm', 'fullName', 'shortName', 'inn', 'kpp', 'ogrn', 'legalAddress', 'postalAddress', 'bik', 'bankName',
  'correspondentAccount', 'settlementAccount', 'director', 'contactPerson', 'email', 'phone', 'requestedSegments', 'requestedVendors',
] as const;

/** postgres.js names the violated constraint; drizzle wraps the error in `cause`. */
function violatedConstraint(err: unknown): string | undefined {
  const e = err as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } } | null;
  if (e?.code === '23505') return e.constraint_name ?? '';
  if (e?.cause?.code === '23505') return e.cause.constraint_name ?? '';
  return undefined;
}

const fieldRank = (field: string) => {
  const i = REGISTRATION_FIELDS.findIndex((f) => field === f || field.startsWith(`${f}.`));
  return i < 0 ? REGISTRATION_FIELDS.length : i;
};

/**
 * Everything wrong with the form at once, at most one message per field, in form order: the
 * schema's findings (missing, too long, not an e-mail) and the requisite checks' (checksums and
 * how the requisites depend on each other), which run on whatever requisites were given.
 */
async function registrationProblems(db: Db, body: Record<string, unknown>) {
  const parsed = registrationSchema.safeParse(body, inRussian);
  const errors: FieldError[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  const requisites: RequisitesInput = {};
  for (const field of REQUISITE_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') requisites[field] = value;
  }
  const checked = checkRequisites(requisites, ru.requisites);
  errors.push(...checked.errors);
  if (parsed.success) {
    const form = parsed.data;
    // On a second application the password is the one already set, checked as credentials instead.
    const password = form.reapply ? null : passwordProblem(form.user.password, { login: form.user.login, email: form.user.email ?? form.email });
    if (password) errors.push({ field: 'user.password', message: passwordProblemText(password) });
    for (const { index, value } of parseSegments(form.requestedSegments).unknown) {
      errors.push({ field: `requestedSegments.${index}`, message: t.unknownSegment(value) });
    }
    errors.push(...(await checkVendorCodes(db, form.requestedVendors, 'requestedVendors', t.unknownVendor)).errors);
  }
  const firstPerField = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field) === i);
  firstPerField.sort((a, b) => fieldRank(a.field) - fieldRank(b.field));
  return { form: parsed.success ? parsed.data : undefined, errors: firstPerField, warnings: checked.warnings };
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

export function registerRegistrationRoutes(app: FastifyInstance, { db, temporal, loginThrottle }: { db: Db; temporal: Client; loginThrottle?: LoginThrottleLimits }): void {
  const startOnboarding = (dealerId: string, workflowIdReusePolicy: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE') =>
    temporal.workflow.start<OnboardingWorkflow>(onboardingWorkflowType, {
      taskQueue: ORDER_TASK_QUEUE,
      workflowId: onboardingWorkflowId(dealerId),
      workflowIdReusePolicy,
      args: [{ dealerId }],
      typedSearchAttributes: [{ key: DealerIdKey, value: dealerId }],
    });

  /** The rejected application whose login and password these are; anything else is refused. */
  async function rejectedApplicationOf(credentials: { login: string; password: string }, address: string) {
    const check = await checkCredentials(db, credentials.login, credentials.password, { address, limits: loginThrottle });
    if (check.outcome === 'locked') throw lockedOut(check);
    const user = check.outcome === 'ok' ? check.user : undefined;
    const dealer = user?.dealerId && user.role === 'dealer_admin' && !user.disabledAt ? await findDealer(db, user.dealerId) : undefined;
    if (!user || !dealer) {
      throw new HttpError(401, 'INVALID_CREDENTIALS', t.reapplyCredentials, [{ field: 'user.password', message: t.reapplyCredentials }]);
    }
    if (dealer.status !== 'rejected') throw new HttpError(409, `DEALER_${dealer.status.toUpperCase()}`, t.reapplyNotRejected(dealer.status));
    return { user, dealer };
  }

  /**
   * A rejected applicant corrects its application and sends it again: the same dealer and user,
   * pending once more, in front of staff through a new run of its onboarding workflow.
   */
  async function reapply(form: RegistrationRequest, warnings: unknown, ip: string, log: { error: (o: object, m: string) => void }) {
    const { user, dealer } = await rejectedApplicationOf(form.user, ip);
    const values = dealerValues(form);
    const other = await findDealerByInnKpp(db, values.inn, values.kpp);
    if (other && other.id !== dealer.id) {
      throw new HttpError(409, 'DEALER_EXISTS', t.duplicateDealer(values.inn, values.kpp), [{ field: 'inn', message: t.duplicateDealer(values.inn, values.kpp) }]);
    }
    const round = dealer.applicationRound + 1;
    const [updated] = await db
      .update(dealers)
      .set({ ...values, applicationRound: round, decidedAt: null, rejectionReason: null })
      .where(and(eq(dealers.id, dealer.id), eq(dealers.status, 'rejected')))
      .returning({ id: dealers.id });
    // Two corrected applications at once: the first one is in, the second finds it pending.
    if (!updated) throw new HttpError(409, 'DEALER_PENDING', t.reapplyNotRejected('pending'));
    try {
      await startOnboarding(dealer.id, 'ALLOW_DUPLICATE');
    } catch (err) {
      log.error({ err, dealerId: dealer.id }, 'onboarding workflow did not start for a second application');
      // Back to the rejected application as it was: nobody would decide on this one.
      const { id: _id, createdAt: _created, ...previous } = dealer;
      await db.update(dealers).set(previous).where(eq(dealers.id, dealer.id));
      throw new HttpError(503, 'REGISTRATION_UNAVAILABLE', t.unavailable);
    }
    await audit(db, {
      actorUserId: user.id,
      action: 'dealer.reapplied',
      subjectType: 'dealer',
      subjectId: dealer.id,
      details: { round, previousRejectionReason: dealer.rejectionReason, inn: values.inn, kpp: values.kpp },
      ip,
    });
    return { dealerId: dealer.id, status: 'pending', login: user.login, applicationRound: round, message: t.reapplied(values.email), warnings };
  }

  /**
   * A rejected applicant reads back its application and the reason it was rejected, to correct it
   * (the registration page fills its form from this). Only with the application's login and password.
   */
  app.withTypeProvider<ZodTypeProvider>().post('/api/registrations/previous', { schema: { body: credentialsSchema, response: { 200: previousApplicationSchema, ...errorAnswers(401, 409) } } }, async (request) => {
    const credentials = request.body;
    const { dealer } = await rejectedApplicationOf(credentials, request.ip);
    const view = dealerView(dealer);
    const application = Object.fromEntries(APPLICATION_FIELDS.map((field) => [field, view[field]]));
    return { rejectionReason: view.rejectionReason, applicationRound: view.applicationRound, application };
  });

  /**
   * A prospective dealer applies (no login). The dealer and its first administrator are stored
   * together, pending, and the onboarding workflow puts the application in front of staff. A
   * request refused for any reason stores nothing.
   */
  // The form is checked field by field below (every field's first problem at once), so the body is not declared here.
  app.post('/api/registrations', { schema: { response: { 200: registrationAcceptedSchema, 201: registrationAcceptedSchema } } }, async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'body', message: t.required }]);
    }
    const { form, errors, warnings } = await registrationProblems(db, body as Record<string, unknown>);
    if (!form || errors.length > 0) throw new HttpError(422, 'REGISTRATION_INVALID', t.invalid, errors);

    if (form.reapply) return reapply(form, warnings, request.ip, request.log);
    const values = dealerValues(form);
    const duplicate = () => new HttpError(409, 'DEALER_EXISTS', t.duplicateDealer(values.inn, values.kpp), [{ field: 'inn', message: t.duplicateDealer(values.inn, values.kpp) }]);
    const loginTaken = () => new HttpError(409, 'LOGIN_TAKEN', t.loginTaken(form.user.login), [{ field: 'user.login', message: t.loginTaken(form.user.login) }]);
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
      await startOnboarding(dealerId, 'REJECT_DUPLICATE');
    } catch (err) {
      request.log.error({ err, dealerId }, 'onboarding workflow did not start');
      // Nobody would ever decide on an application without its workflow: take it back.
      await db.transaction(async (tx) => {
        await tx.delete(users).where(eq(users.dealerId, dealerId));
        await tx.delete(dealers).where(eq(dealers.id, dealerId));
      });
      throw new HttpError(503, 'REGISTRATION_UNAVAILABLE', t.unavailable);
    }
    await audit(db, {
      action: 'dealer.registered',
      subjectType: 'dealer',
      subjectId: dealerId,
      details: { inn: values.inn, kpp: values.kpp, login: form.user.login },
      ip: request.ip,
    });
    return reply.code(201).send({
      dealerId,
      status: 'pending',
      login: form.user.login,
      message: t.accepted(form.user.email ?? form.email),
      warnings,
    });
  });
}
