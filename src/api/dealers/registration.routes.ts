import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { auditLog, dealers, users } from '../../../db/schema';
import { parseSegments } from '../../domain/dealers/onboarding';
import { passwordProblem } from '../../domain/dealers/password-policy';
import { checkRequisites, parseLegalForm, REQUISITE_FIELDS, type RequisitesInput } from '../../domain/requisites';
import { hashPassword } from '../../infra/passwords';
import { ru } from '../../locale/ru';
import { onboarding } from '../../workflows/onboarding';
import { onboardingWorkflowId } from '../../workflows/onboarding.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/order.contract';
import { DealerIdKey } from '../../workflows/search-attributes';
import { HttpError, type FieldError } from '../errors';
import { checkVendorCodes, findDealerByInnKpp, loginExists } from './dealers.repository';
import { REGISTRATION_FIELDS, registrationSchema, type RegistrationRequest } from './dealers.schemas';

const t = ru.registration;

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
  const parsed = registrationSchema.safeParse(body);
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
    const password = passwordProblem(form.user.password, { login: form.user.login, email: form.user.email ?? form.email });
    if (password) errors.push({ field: 'user.password', message: password });
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

export function registerRegistrationRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  /**
   * A prospective dealer applies (no login). The dealer and its first administrator are stored
   * together, pending, and the onboarding workflow puts the application in front of staff. A
   * request refused for any reason stores nothing.
   */
  app.post('/api/registrations', async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'body', message: t.required }]);
    }
    const { form, errors, warnings } = await registrationProblems(db, body as Record<string, unknown>);
    if (!form || errors.length > 0) throw new HttpError(422, 'REGISTRATION_INVALID', t.invalid, errors);

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
      await temporal.workflow.start(onboarding, {
        taskQueue: ORDER_TASK_QUEUE,
        workflowId: onboardingWorkflowId(dealerId),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ dealerId }],
        typedSearchAttributes: [{ key: DealerIdKey, value: dealerId }],
      });
    } catch (err) {
      request.log.error({ err, dealerId }, 'onboarding workflow did not start');
      // Nobody would ever decide on an application without its workflow: take it back.
      await db.transaction(async (tx) => {
        await tx.delete(users).where(eq(users.dealerId, dealerId));
        await tx.delete(dealers).where(eq(dealers.id, dealerId));
      });
      throw new HttpError(503, 'REGISTRATION_UNAVAILABLE', t.unavailable);
    }
    await db.insert(auditLog).values({
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
