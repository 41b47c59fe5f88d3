import { z } from 'zod';
import { STAFF_QUEUE_KINDS, STAFF_QUEUE_STATUSES } from '../../domain/staff-queue';
import { itemsOf, isoDate, timestamp } from '../common.schemas';
import { isoDateSchema } from '../iso-date';
import { ONEC_DIRECTIONS } from '../billing/onec.schemas';
import { ORDER_STATUSES } from '../../domain/order';
import { DEALER_STATUSES } from '../../domain/dealers';
import { errors } from '../common.schemas';

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

/** The most dealers and orders one staff search answers with, each. */
export const STAFF_SEARCH_LIMIT = 20;

export const staffSearchQuerySchema = z.object({
  q: z.string().trim().min(2, 'введите не меньше 2 символов: ИНН или название дилера, номер заказа или PartNumber').max(100).meta({ example: 'SID-0000123' }),
});

export const staffSearchSchema = z
  .object({
    dealers: z.array(
      z.object({
        id: z.uuid(),
        shortName: z.string(),
        inn: z.string(),
        status: z.enum(DEALER_STATUSES),
        temporalUrl: z.string().meta({ description: 'The Temporal UI listing the dealer’s workflows (search attribute DealerId)' }),
      }),
    ),
    orders: z.array(
      z.object({
        orderNumber: z.string(),
        dealerName: z.string(),
        status: z.enum(ORDER_STATUSES),
        createdAt: timestamp,
        partNumbers: z.array(z.string()),
        temporalUrl: z.string().meta({ description: 'The order’s workflow in the Temporal UI' }),
      }),
    ),
  })
  .meta({ id: 'StaffSearch' });

export const staffContracts = {
  search: {
    summary: `Staff find a dealer by INN or name and an order by number or PartNumber (at most ${STAFF_SEARCH_LIMIT} of each), with links to the Temporal UI`,
    querystring: staffSearchQuerySchema,
    response: { 200: staffSearchSchema, ...errors(400, 401, 403) },
  },
  queue: { querystring: queueQuerySchema, response: { 200: itemsOf(queueItemSchema) } },
  rateOverride: { body: rateOverrideSchema, response: { 200: z.object({ currency: z.literal('USD'), date: isoDate, rate: z.string(), source: z.literal('override') }) } },
  onecLog: { querystring: onecLogQuerySchema, response: { 200: itemsOf(onecLogEntrySchema) } },
};
