import { z } from 'zod';
import { END_USER_FIELDS, LICENSE_TYPES } from '../../domain/license-policy';
import { ADAPTER_KINDS } from '../../domain/order';
import { ru } from '../../locale/ru';
import { errors, itemsOf } from '../common.schemas';

const t = ru.staffVendors;

export const listVendorsSchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(ADAPTER_KINDS).optional(),
});

/**
 * The adapter as staff set it. `settings` is checked against the chosen kind's schema
 * (src/activities/fulfilment/adapter-settings.ts) once the kind is known. Secrets are write-only:
 * absent means "keep what is stored"; a callback secret of null removes it.
 */
export const putAdapterSchema = z.object({
  kind: z.enum(ADAPTER_KINDS, { error: `адаптер: ${ADAPTER_KINDS.join(', ')}` }),
  settings: z.record(z.string(), z.unknown(), { error: 'настройки адаптера — объект { … }' }).default({}),
  secrets: z
    .object({
      token: z.string({ error: t.token }).trim().min(8, t.token).max(500, t.token).optional(),
      callbackSecret: z.string({ error: t.callbackSecret }).trim().min(16, t.callbackSecret).max(500, t.callbackSecret).nullable().optional(),
    })
    .optional(),
});
export type PutAdapterRequest = z.infer<typeof putAdapterSchema>;

/** The document itself is checked by the domain parser, which names each rule and field in Russian. */
export const putPolicySchema = z.object({ policy: z.unknown() });

const text = (max: number) => z.string().trim().max(max).optional();

/** A sample cart line, as a dealer would fill it in, against a policy not yet saved. */
export const previewPolicySchema = z.object({
  policy: z.unknown(),
  line: z.object({
    partNumber: z.string().trim().min(1, 'укажите артикул').max(100),
    quantity: z.number({ error: 'количество — целое число от 1' }).int('количество — целое число от 1').min(1, 'количество — целое число от 1').max(100_000),
    licenseType: z.enum(LICENSE_TYPES).default('new'),
    previousLicenseNumber: text(100),
    basePartNumber: text(100),
  }),
  endUser: z.partialRecord(z.enum(END_USER_FIELDS), z.string().trim().max(300)).optional(),
  /** A real dealer's authorisations and segments; without one, a dealer authorised for this vendor with `dealerSegments`. */
  dealerId: z.uuid('идентификатор дилера — UUID').optional(),
  dealerSegments: z.array(z.enum(['edu', 'gov'])).max(2).default([]),
});
export type PreviewPolicyRequest = z.infer<typeof previewPolicySchema>;

const vendorCodeParams = z.object({ code: z.string().trim().min(1).max(40) });

const adapterKind = z.enum(ADAPTER_KINDS);

export const vendorListItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  adapterKind,
  secretsSet: z.boolean(),
  products: z.number().int(),
  /** The API's host or the order-desk address; null for manual vendors or settings that do not read. */
  settings: z.object({ target: z.string().nullable(), slaHours: z.number().nullable() }),
  policy: z.object({
    valid: z.boolean(),
    ruleCount: z.number().int().nullable(),
    ruleKinds: z.array(z.string()),
    dealerAuthorisation: z.boolean().meta({ description: 'Only dealers the vendor has authorised may sell (some of) its products' }),
  }),
});

export const policyIssueSchema = z.object({ ruleId: z.string().optional(), path: z.string(), message: z.string() });

export const vendorDetailSchema = z.object({
  code: z.string(),
  name: z.string(),
  products: z.number().int(),
  adapter: z.object({
    kind: adapterKind,
    settings: z.record(z.string(), z.unknown()),
    /** Whether each secret is set: all that ever leaves the server of them. */
    secrets: z.object({ token: z.boolean(), callbackSecret: z.boolean() }),
  }),
  policy: z.object({ document: z.unknown(), valid: z.boolean(), issues: z.array(policyIssueSchema) }),
});

export const previewAnswerSchema = z.object({
  ok: z.boolean(),
  findings: z.array(z.object({ ruleId: z.string(), field: z.string(), message: z.string() })),
  product: z.object({ partNumber: z.string(), name: z.string(), segment: z.string() }),
  dealer: z.object({ id: z.uuid(), shortName: z.string() }).nullable(),
});

const vendorAnswer = z.object({ vendor: vendorDetailSchema });

/** The staff vendor routes' contracts: requests parsed, answers serialised by them. */
export const staffVendorContracts = {
  list: { querystring: listVendorsSchema, response: { 200: itemsOf(vendorListItemSchema), ...errors(401, 403) } },
  detail: { params: vendorCodeParams, response: { 200: vendorAnswer, ...errors(401, 403, 404) } },
  putAdapter: { params: vendorCodeParams, body: putAdapterSchema, response: { 200: vendorAnswer, ...errors(401, 403, 404, 409, 422) } },
  putPolicy: { params: vendorCodeParams, body: putPolicySchema, response: { 200: vendorAnswer, ...errors(401, 403, 404, 422) } },
  preview: { params: vendorCodeParams, body: previewPolicySchema, response: { 200: previewAnswerSchema, ...errors(401, 403, 404, 422) } },
};
