import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { parseSegments } from '../../domain/dealers/onboarding';
import { passwordProblem } from '../../domain/dealers/password-policy';
import { checkRequisites, REQUISITE_FIELDS, type RequisitesInput } from '../../domain/requisites';
import { passwordProblemText } from '../../locale/shared.ru';
import { ru } from '../../locale/ru';
import { inRussian } from '../../locale/zod.ru';
import type { LoginThrottleLimits } from '../../usecases/accounts/login-throttle.usecases';
import { checkVendorCodes, dealerView } from '../../usecases/dealers/dealers.repository';
import { LoginLocked, reapplyDealer, registerDealer, rejectedApplicationOf } from '../../usecases/dealers/registration.usecases';
import { errors as errorAnswers } from '../common.schemas';
import { credentialsSchema, lockedOut } from '../credentials';
import { HttpError, type FieldError } from '../errors';
import { previousApplicationSchema, REGISTRATION_FIELDS, registrationAcceptedSchema, registrationSchema } from './dealers.schemas';

const t = ru.registration;

/** What a rejected applicant gets back to correct: its form as it sent it (the password excepted). */
const APPLICATION_FIELDS = [
  'legalForm', 'fullName', 'shortName', 'inn', 'kpp', 'ogrn', 'legalAddress', 'postalAddress', 'bik', 'bankName',
  'correspondentAccount', 'settlementAccount', 'director', 'contactPerson', 'email', 'phone', 'requestedSegments', 'requestedVendors',
] as const;

/** Too many wrong passwords: 429 with the wait, as at login. */
async function orLocked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof LoginLocked) throw lockedOut(err.check);
    throw err;
  }
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

export function registerRegistrationRoutes(app: FastifyInstance, { db, temporal, loginThrottle }: { db: Db; temporal: Client; loginThrottle?: LoginThrottleLimits }): void {
  /**
   * A rejected applicant reads back its application and the reason it was rejected, to correct it
   * (the registration page fills its form from this). Only with the application's login and password.
   */
  app.withTypeProvider<ZodTypeProvider>().post('/api/registrations/previous', { schema: { body: credentialsSchema, response: { 200: previousApplicationSchema, ...errorAnswers(401, 409) } } }, async (request) => {
    const credentials = request.body;
    const { dealer } = await orLocked(rejectedApplicationOf(db, credentials, request.ip, loginThrottle));
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

    const onStartFailure = (err: unknown) => request.log.error({ err }, 'onboarding workflow did not start');
    // A rejected applicant corrects its application and sends it again: the same dealer and user,
    // pending once more, in front of staff through a new run of its onboarding workflow.
    if (form.reapply) return orLocked(reapplyDealer(db, temporal, form, warnings, { ip: request.ip, loginThrottle, onStartFailure }));
    return reply.code(201).send(await registerDealer(db, temporal, form, warnings, { ip: request.ip, onStartFailure }));
  });
}
