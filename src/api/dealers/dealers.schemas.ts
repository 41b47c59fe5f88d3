import { z } from 'zod';
import { DEALER_STATUSES } from '../../domain/dealers/onboarding';
import { SETTLEMENT_SCHEMES } from '../../domain/order';
import { ru } from '../../locale/ru';
import { USER_ROLES } from '../../domain/accounts';
import { emailAddress, fieldErrorSchema, itemsOf, kopecks, pageOf, timestamp } from '../common.schemas';
import { refuseBidiControls } from '../name-text';
import { isoDateSchema } from '../iso-date';

const t = ru.registration;

/** A text field of the form: present, not blank once trimmed, of bounded length. */
const required = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? t.required : t.notText) })
    .trim()
    .min(1, t.required)
    .max(max, t.tooLong(max));
/** May be left out, null or blank: all mean "none". */
const optional = (max: number) =>
  z
    .string({ error: t.notText })
    .trim()
    .max(max, t.tooLong(max))
    .nullish()
    .transform((v) => (v ? v : null));
const email = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? t.required : t.notText) })
  .trim()
  .min(1, t.required)
  .max(200, t.tooLong(200))
  .pipe(emailAddress(t.email))
  .transform((v) => v.toLowerCase());

/**
 * The registration form. Requisites are only required and bounded here: whether they are right
 * (checksums, how they depend on each other) is for the shared requisite checks, which name the
 * field and the digit. Field names match POST /api/requisites/check.
 */
export const registrationSchema = z.object({
  legalForm: required(100),
  fullName: refuseBidiControls(required(500)),
  shortName: refuseBidiControls(required(200)),
  inn: required(40),
  kpp: optional(40),
  ogrn: required(40),
  legalAddress: required(500),
  /** Left out when it is the legal address. */
  postalAddress: optional(500),
  bik: required(40),
  bankName: required(300),
  correspondentAccount: optional(40),
  settlementAccount: required(40),
  director: required(200),
  contactPerson: required(200),
  email,
  phone: optional(50),
  /** Segments the dealer wants to sell to besides commercial customers: EDU, GOV. */
  requestedSegments: z.array(z.string({ error: t.notText }).trim().max(20, t.tooLong(20)), { error: t.notList }).max(10).default([]),
  /** Vendor codes the dealer wants to sell, as in the catalog (KASP, DRWEB, …). */
  requestedVendors: z.array(z.string({ error: t.notText }).trim().min(1, t.required).max(50, t.tooLong(50)), { error: t.notList }).max(300).default([]),
  /**
   * A rejected applicant applying again with corrected data: `user` then names the login and
   * password of the first application, which prove it is the same applicant.
   */
  reapply: z.boolean().optional(),
  user: z.object(
    {
      login: z
        .string({ error: (issue) => (issue.input === undefined ? t.required : t.notText) })
        .trim()
        .regex(/^[A-Za-z0-9._@-]{3,100}$/, t.login)
        .transform((v) => v.toLowerCase()),
      /** Defaults to the contact person. */
      fullName: refuseBidiControls(optional(200)),
      /** Defaults to the dealer's e-mail. */
      email: email.nullish(),
      password: z.string({ error: (issue) => (issue.input === undefined ? t.required : t.notText) }).max(1000, t.tooLong(1000)),
    },
    { error: t.required },
  ),
});
export type RegistrationRequest = z.infer<typeof registrationSchema>;

/** Form order: the order field errors are listed in. */
export const REGISTRATION_FIELDS = [...Object.keys(registrationSchema.shape).filter((k) => k !== 'user' && k !== 'reapply'), 'user.login', 'user.fullName', 'user.email', 'user.password'];

const ts = ru.staffDealers;

export const listDealersSchema = z.object({
  status: z.enum(DEALER_STATUSES).optional(),
  /** Part of a name, or the start of an INN. */
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListDealersQuery = z.output<typeof listDealersSchema>;

export const approveDealerSchema = z.object({
  priceGroupId: z.number({ error: 'укажите ценовую группу (id из GET /api/staff/dealer-groups)' }).int().positive(),
  settlementScheme: z.enum(SETTLEMENT_SCHEMES, { error: ts.schemeUnknown }),
  creditLimitKopecks: z.number({ error: ts.creditLimit }).int(ts.creditLimit).min(0, ts.creditLimit).max(Number.MAX_SAFE_INTEGER, ts.creditLimit),
  /** Authorised segments besides commercial: edu, gov (any case). */
  segments: z.array(z.string().trim().max(20)).max(10).default([]),
  authorizedVendors: z.array(z.string().trim().min(1).max(50)).max(300).default([]),
});
export type ApproveDealerRequest = z.infer<typeof approveDealerSchema>;

export const rejectDealerSchema = z.object({
  reason: z.string({ error: ts.reasonRequired }).trim().min(1, ts.reasonRequired).max(1000, t.tooLong(1000)),
});

/**
 * What staff may change about a dealer once it is approved: its commercial terms and how to reach
 * it. Requisites are the dealer's legal identity and are not edited here. Every field is optional;
 * orders already placed keep the scheme and prices they were placed with.
 */
export const updateDealerSchema = z
  .object({
    priceGroupId: approveDealerSchema.shape.priceGroupId.optional(),
    settlementScheme: approveDealerSchema.shape.settlementScheme.optional(),
    creditLimitKopecks: approveDealerSchema.shape.creditLimitKopecks.optional(),
    segments: z.array(z.string().trim().max(20)).max(10).optional(),
    authorizedVendors: z.array(z.string().trim().min(1).max(50)).max(300).optional(),
    contactPerson: required(200).optional(),
    email: email.optional(),
    /** null clears it; left out keeps it. */
    phone: optional(50).optional(),
    postalAddress: required(500).optional(),
    /** The contract the dealer buys under, printed as «Основание: Договор № … от …» on its documents. */
    contractNumber: required(50).optional(),
    contractDate: isoDateSchema.optional(),
  })
  .strict();
export type UpdateDealerRequest = z.infer<typeof updateDealerSchema>;

export const suspendDealerSchema = z.object({
  reason: z.string({ error: ts.suspensionReasonRequired }).trim().min(1, ts.suspensionReasonRequired).max(1000, t.tooLong(1000)),
});

// ---- Answers (staff) -----------------------------------------------------------------------------

export const dealerListItemSchema = z.object({
  id: z.uuid(),
  status: z.enum(DEALER_STATUSES),
  legalForm: z.string(),
  shortName: z.string(),
  inn: z.string(),
  kpp: z.string().nullable(),
  requestedSegments: z.array(z.string()),
  requestedVendors: z.array(z.string()),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
});
export const dealerPageSchema = pageOf(dealerListItemSchema);

export const dealerDetailSchema = dealerListItemSchema.extend({
  fullName: z.string(),
  ogrn: z.string(),
  legalAddress: z.string(),
  postalAddress: z.string().nullable(),
  bik: z.string(),
  bankName: z.string(),
  correspondentAccount: z.string().nullable(),
  settlementAccount: z.string(),
  director: z.string(),
  contactPerson: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  priceGroupId: z.number().int().nullable(),
  settlementScheme: z.enum(SETTLEMENT_SCHEMES).nullable(),
  creditLimitKopecks: kopecks.nullable(),
  creditHold: z.boolean(),
  segments: z.array(z.string()).nullable(),
  authorizedVendors: z.array(z.string()).nullable(),
  rejectionReason: z.string().nullable(),
  suspendedAt: timestamp.nullable(),
  suspensionReason: z.string().nullable(),
  applicationRound: z.number().int(),
  contractNumber: z.string().nullable(),
  contractDate: z.string().nullable().meta({ format: 'date' }),
  users: z.array(z.object({ id: z.uuid(), login: z.string(), fullName: z.string().nullable(), email: z.string().nullable(), role: z.enum(USER_ROLES), createdAt: timestamp })),
  staffTasks: z.array(z.object({ id: z.string(), kind: z.string(), summary: z.string(), status: z.string(), createdAt: timestamp, resolvedAt: timestamp.nullable() })),
});
const innNoteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('distributor') }),
  z.object({ kind: z.literal('otherDealer'), dealerId: z.uuid(), shortName: z.string(), kpp: z.string().nullable(), status: z.enum(DEALER_STATUSES) }),
  z.object({ kind: z.literal('endUserOfOtherDealer'), dealerId: z.uuid(), shortName: z.string(), orders: z.number().int() }),
]);
export const dealerAnswerSchema = z.object({
  dealer: dealerDetailSchema.extend({ innNotes: z.array(innNoteSchema).optional().meta({ description: 'Only in the detail answer: what staff should know about the INN' }) }),
});
export const dealerGroupSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const dealerIdParams = z.object({ id: z.string().max(100) });

export const staffDealerContracts = {
  list: { querystring: listDealersSchema, response: { 200: dealerPageSchema } },
  groups: { response: { 200: itemsOf(dealerGroupSchema) } },
  detail: { params: dealerIdParams, response: { 200: dealerAnswerSchema } },
  approve: { params: dealerIdParams, body: approveDealerSchema, response: { 200: dealerAnswerSchema } },
  reject: { params: dealerIdParams, body: rejectDealerSchema, response: { 200: dealerAnswerSchema } },
  update: { params: dealerIdParams, body: updateDealerSchema, response: { 200: dealerAnswerSchema } },
  suspend: { params: dealerIdParams, body: suspendDealerSchema, response: { 200: dealerAnswerSchema } },
  reactivate: { params: dealerIdParams, response: { 200: dealerAnswerSchema } },
};

/** What a registration (or a re-application) answers: the application is pending staff's decision. */
export const registrationAcceptedSchema = z.object({
  dealerId: z.uuid(),
  status: z.literal('pending'),
  login: z.string(),
  applicationRound: z.number().int().optional(),
  message: z.string(),
  warnings: z.array(fieldErrorSchema),
});

/** What a rejected applicant reads back to correct: the reason, the round, and its form as sent (the password excepted). */
export const previousApplicationSchema = z.object({
  rejectionReason: z.string().nullable(),
  applicationRound: z.number().int(),
  application: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
});
