import { z } from 'zod';
import { STAFF_QUEUE_KINDS, STAFF_QUEUE_STATUSES } from '../../domain/staff-queue';
import { itemsOf, isoDate, timestamp } from '../common.schemas';
import { isoDateSchema } from '../iso-date';
import { ONEC_DIRECTIONS } from '../billing/onec.schemas';

export const rateOverrideSchema = z.object({
  rate: z.string().regex(/^\d{1,6}([.,]\d{1,4})?$/, 'курс строкой, не больше 4 знаков после запятой, например "81.2500"'),
  date: isoDateSchema,
});

export const queueQuerySchema = z.object({ kind: z.enum(STAFF_QUEUE_KINDS).optional(), status: z.enum(STAFF_QUEUE_STATUSES).default('open') });

export const queueItemSchema = z.object({
  id: z.uuid(),
  kind: z.enum(STAFF_QUEUE_KINDS),
  reference: z.string().nullable(),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(STAFF_QUEUE_STATUSES),
  createdAt: timestamp,
  resolvedAt: timestamp.nullable(),
  resolvedByUserId: z.uuid().nullable(),
});

export const onecLogQuerySchema = z.object({
  search: z.string().trim().max(100).optional().meta({
    description: 'An order number (the exchanges about its invoices and act) or a document number (an invoice, an act, a payment order): exchanges that mention it',
    example: 'SID-000123',
  }),
});

export const onecLogEntrySchema = z.object({
  id: z.number().int(),
  direction: z.enum(ONEC_DIRECTIONS),
  endpoint: z.string(),
  clientId: z.string().nullable(),
  statusCode: z.number().int(),
  requestBody: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
});

export const staffContracts = {
  queue: { querystring: queueQuerySchema, response: { 200: itemsOf(queueItemSchema) } },
  rateOverride: { body: rateOverrideSchema, response: { 200: z.object({ currency: z.literal('USD'), date: isoDate, rate: z.string(), source: z.literal('override') }) } },
  onecLog: { querystring: onecLogQuerySchema, response: { 200: itemsOf(onecLogEntrySchema) } },
};
