import { z } from 'zod';
import { errors, timestamp } from '../common.schemas';
import { isoDateSchema } from '../iso-date';

const isoDate = isoDateSchema;

/** Which way an exchange with 1C went: a call from 1C ('in') or one SID made to 1C ('out'). */
export const ONEC_DIRECTIONS = ['in', 'out'] as const;
export type OnecDirection = (typeof ONEC_DIRECTIONS)[number];
/** Amounts come from 1C as decimal strings in roubles, "12345.67": never as floats. */
const amount = z.string().regex(/^\d{1,13}([.,]\d{1,2})?$/, 'сумма строкой в рублях, не больше двух знаков после точки, например "12345.67"');

export const documentNumberSchema = z.object({
  sidDocumentId: z.uuid('sidDocumentId — идентификатор документа SID из очереди выгрузки'),
  number: z.string().trim().min(1).max(30),
  date: isoDate,
});

export const paymentSchema = z.object({
  /** 1C's own id of the payment: the same payment sent again changes nothing. */
  paymentId: z.string().trim().min(1).max(100),
  invoiceNumber: z.string().trim().min(1).max(30),
  amount,
  paidOn: isoDate,
  paymentOrderNumber: z.string().trim().min(1).max(30),
});

export const paymentCorrectionSchema = z.object({
  status: z.literal('cancelled', { error: 'поддерживается только отмена платежа: status "cancelled"' }),
  reason: z.string().trim().min(1).max(500),
});

export const outboxQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export type DocumentNumberRequest = z.infer<typeof documentNumberSchema>;
export type PaymentRequest = z.infer<typeof paymentSchema>;
export type PaymentCorrectionRequest = z.infer<typeof paymentCorrectionSchema>;

// ---- Answers -------------------------------------------------------------------------------------

const ONEC_DOCUMENT_TYPES = ['invoice', 'act'] as const;
/** The outbox's id: a bigserial, answered as a JSON number (below 2^53 for any outbox SID will have). */
const outboxId = z.number().int();

/**
 * The exchange's contracts (docs/1c-exchange.md): every request part validated after the
 * signature was checked, every answer serialised by its schema. Not part of the dealer API's
 * OpenAPI document (src/api/contracts.ts#NOT_DEALER_API).
 */
export const onecContracts = {
  outbox: {
    querystring: outboxQuerySchema,
    response: {
      200: z.object({
        items: z.array(
          z.object({ id: outboxId, documentType: z.string(), sidDocumentId: z.string(), createdAt: timestamp, document: z.unknown() }),
        ),
      }),
      ...errors(400, 401, 409),
    },
  },
  ack: {
    params: z.object({ id: z.string().max(40) }),
    response: { 200: z.object({ id: outboxId, acknowledgedAt: timestamp.nullable() }), ...errors(400, 401, 404, 409) },
  },
  documentNumber: {
    body: documentNumberSchema,
    response: {
      200: z.object({ sidDocumentId: z.string(), documentType: z.enum(ONEC_DOCUMENT_TYPES), number: z.string(), status: z.enum(['assigned', 'already_assigned']) }),
      ...errors(400, 401, 404, 409, 422),
    },
  },
  payment: {
    body: paymentSchema,
    response: {
      200: z.object({
        status: z.enum(['applied', 'duplicate']),
        invoiceNumber: z.string(),
        remainingKopecks: z.number().int().optional(),
        overpaidKopecks: z.number().int().optional(),
      }),
      202: z.object({ status: z.literal('queued'), reason: z.enum(['unknown_invoice', 'invoice_closed']) }),
      ...errors(400, 401, 409, 422),
    },
  },
  paymentCorrection: {
    params: z.object({ paymentId: z.string().max(100) }),
    body: paymentCorrectionSchema,
    response: { 200: z.object({ paymentId: z.string(), status: z.enum(['cancelled', 'already_cancelled']) }), ...errors(400, 401, 404, 409) },
  },
};
