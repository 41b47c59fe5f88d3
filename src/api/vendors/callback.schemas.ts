import { z } from 'zod';
import { errors } from '../common.schemas';

/** What an API vendor may say of its order in a callback. */
export const VENDOR_CALLBACK_STATUSES = ['processing', 'completed', 'rejected'] as const;

/** A vendor's callback body: its order id, our order number, and where its order stands. */
export const vendorCallbackSchema = z.object({
  orderId: z.string({ error: 'номер заказа у вендора (строка)' }).trim().min(1, 'номер заказа у вендора не может быть пустым').max(200),
  partnerOrderRef: z.string({ error: 'наш номер заказа (строка)' }).trim().min(1, 'наш номер заказа не может быть пустым').max(200),
  status: z.enum(VENDOR_CALLBACK_STATUSES, { error: 'status: processing, completed или rejected' }),
});
export type VendorCallback = z.infer<typeof vendorCallbackSchema>;

/**
 * The callback route's contract. It is validated only after the signature is checked
 * (`preValidation` in callback.routes.ts), so an unsigned caller learns nothing of what a body
 * must hold; a refused body is `INVALID_CALLBACK` with each field named.
 */
export const vendorCallbackContracts = {
  callback: {
    summary: 'An API vendor announces that its order is ready (signed with X-Vendor-Signature)',
    params: z.object({ vendorCode: z.string() }),
    body: vendorCallbackSchema,
    response: {
      202: z.object({ received: z.literal(true), orderNumber: z.string(), fulfilmentWoken: z.boolean() }),
      ...errors(400, 401, 404, 409, 413),
    },
  },
};
