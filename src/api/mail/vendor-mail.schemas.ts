import { z } from 'zod';
import { INBOUND_MAIL_STATUSES } from '../../domain/vendor-mail';
import { ru } from '../../locale/ru';
import { errors, fileResponse, itemsOf, timestamp } from '../common.schemas';

/**
 * The staff vendor-mail routes' contracts: what ingestion did with each reply, the original and
 * the letter beside its keys, and the staff decisions on a letter (accept its sender, choose its
 * keys, match it to an order by hand).
 */

const t = ru.vendorMailApi;

export const vendorMailQuerySchema = z.object({
  status: z.enum(INBOUND_MAIL_STATUSES).optional(),
  orderNumber: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const idParams = z.object({ id: z.uuid(t.badId) });
export const matchLetterSchema = z.object({
  orderNumber: z.string().trim().min(1, t.orderRequired).max(40),
  vendorCode: z
    .string()
    .trim()
    .min(1, t.vendorRequired)
    .max(40)
    .transform((v) => v.toUpperCase()),
});
export const acceptLetterSchema = z.object({ addSender: z.enum(['address', 'domain'], { error: t.addSenderInvalid }).optional() });
export const chooseKeysSchema = z.object({
  keys: z
    .array(z.string({ error: t.keyInvalid }).trim().min(1, t.keyInvalid).max(4000, t.keyInvalid), { error: t.keysRequired })
    .min(1, t.keysRequired)
    .max(1000, t.keysRequired),
});

/** What the receiving server said of the sender (SPF, DKIM, DMARC for the From domain). */
export const senderAuthenticationSchema = z.object({
  spf: z.string().optional(),
  dkim: z.string().optional(),
  dmarc: z.string().optional(),
  passed: z.boolean(),
  failed: z.boolean(),
});

export const vendorMailItemSchema = z.object({
  id: z.uuid(),
  receivedAt: timestamp,
  sentAt: timestamp.nullable(),
  from: z.string().nullable(),
  subject: z.string(),
  kind: z.string(),
  status: z.enum(INBOUND_MAIL_STATUSES),
  reason: z.string().nullable(),
  keyCount: z.number().int(),
  problems: z.array(z.string()),
  details: z.object({
    authentication: senderAuthenticationSchema.nullable().optional(),
    lookalikesNormalised: z.number().int().optional(),
    candidates: z.number().int().optional(),
    openPlaces: z.number().int().optional(),
    acceptedBy: z.string().optional(),
  }),
  orderNumber: z.string().nullable(),
  vendorCode: z.string().nullable(),
});

export const letterSchema = z.object({
  id: z.uuid(),
  orderNumber: z.string(),
  vendorCode: z.string(),
  from: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  candidates: z.array(z.object({ key: z.string(), fileName: z.string().nullable() })),
  openPlaces: z.number().int(),
  authentication: senderAuthenticationSchema.nullable(),
  problems: z.array(z.string()),
});

export const letterDecisionSchema = z.object({
  id: z.uuid(),
  status: z.enum(INBOUND_MAIL_STATUSES),
  orderNumber: z.string().nullable(),
  vendorCode: z.string().nullable(),
  keysStored: z.number().int(),
});

export const vendorMailContracts = {
  list: { querystring: vendorMailQuerySchema, response: { 200: itemsOf(vendorMailItemSchema), ...errors(401, 403) } },
  original: { params: idParams, response: { 200: fileResponse('message/rfc822', 'The message as it arrived'), ...errors(401, 403, 404) } },
  letter: { params: idParams, response: { 200: letterSchema, ...errors(401, 403, 404, 409) } },
  accept: {
    params: idParams,
    body: acceptLetterSchema,
    response: { 200: letterDecisionSchema.extend({ senderAdded: z.string().nullable() }), ...errors(401, 403, 404, 409, 422) },
  },
  chooseKeys: { params: idParams, body: chooseKeysSchema, response: { 200: letterDecisionSchema, ...errors(401, 403, 404, 409, 422) } },
  match: { params: idParams, body: matchLetterSchema, response: { 200: letterDecisionSchema, ...errors(401, 403, 404, 409, 422) } },
};
