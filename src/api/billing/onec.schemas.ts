import { z } from 'zod';
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
