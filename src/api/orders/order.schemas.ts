import { z } from 'zod';
import { decodeOrderCursor } from './order-cursor';
import { isoDateSchema } from '../iso-date';
import { ORDER_STATUSES } from '../../domain/order';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { refuseBidiControls } from '../name-text';

export const placeOrderSchema = z.object({
  lines: z
    .array(
      z.object({
        partNumber: z.string().trim().min(1, 'укажите артикул').max(100),
        vendor: z.string().trim().min(1).max(20).optional(),
        quantity: z.number({ error: 'количество должно быть числом' }).int('количество должно быть целым').min(1, 'количество должно быть не меньше 1').max(100_000),
        licenseType: z.enum(LICENSE_TYPES).default('new'),
        previousLicenseNumber: z.string().trim().min(1).max(100).optional(),
        basePartNumber: z.string().trim().min(1).max(100).optional(),
      }),
    )
    .min(1, 'в заказе должна быть хотя бы одна строка')
    .max(200, 'в одном заказе не больше 200 строк'),
  endUser: z
    .object({
      name: refuseBidiControls(z.string().trim().min(1).max(300)),
      inn: z.string().regex(/^\d{10}(\d{2})?$/, 'ИНН конечного пользователя: 10 или 12 цифр').optional(),
      email: z.email().optional(),
      region: z.string().trim().min(1).max(100).optional(),
    })
    .optional(),
  /** The dealer's own id of this request: the same id twice returns the first order. */
  clientRequestId: z.string().trim().min(1).max(100).optional(),
});
export type PlaceOrderRequest = z.infer<typeof placeOrderSchema>;

/** The cart's live check: the lines and end user as typed so far; nothing is stored. */
export const checkOrderSchema = placeOrderSchema.pick({ lines: true, endUser: true });

const isoDate = isoDateSchema;
export const listOrdersSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  vendor: z.string().max(20).optional(),
  partNumber: z.string().max(100).optional(),
  invoiceNumber: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset paging: the `nextCursor` of the previous page. With it, `page` only labels the page. */
  after: z
    .string()
    .max(200)
    .refine((v) => decodeOrderCursor(v) !== null, 'неверная ссылка на следующую страницу: начните список сначала')
    .optional(),
});
