import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { parseVendorApiSecrets } from '../../infra/vendor-api-client';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { vendorFulfillmentWorkflowId, vendorOrderReadySignal } from '../../workflows/orders/order.contract';
import { HttpError } from '../errors';
import { assertStorableInput } from '../input-guard';
import { signalIfRunning } from '../../infra/signal-if-running';
import { apiVendorForCallback, calledBackVendorOrder } from '../../usecases/fulfilment/vendor-callbacks.usecases';
import { CALLBACK_FRESHNESS_SECONDS, checkVendorCallbackSignature, VENDOR_SIGNATURE_HEADER } from './callback-signature';

export interface VendorCallbackDeps {
  db: Db;
  temporal: Client;
  keyCipher: KeyCipher;
}

const callbackSchema = z.object({
  orderId: z.string({ error: 'номер заказа у вендора (строка)' }).trim().min(1, 'номер заказа у вендора не может быть пустым').max(200),
  partnerOrderRef: z.string({ error: 'наш номер заказа (строка)' }).trim().min(1, 'наш номер заказа не может быть пустым').max(200),
  status: z.enum(['processing', 'completed', 'rejected'], { error: 'status: processing, completed или rejected' }),
});

/**
 * `POST /api/vendor-callbacks/:vendorCode`: an API vendor announces that an order is ready. The
 * callback only wakes the fulfilment: keys are still fetched with our bearer token, so a forged
 * or repeated callback can at worst cause one extra read. Duplicates are answered 2xx like the first.
 */
export async function vendorCallbackRoutes(app: FastifyInstance, { db, temporal, keyCipher }: VendorCallbackDeps): Promise<void> {
  // The signature covers the exact bytes sent: keep them, parse only once they are verified.
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  app.post<{ Params: { vendorCode: string } }>('/:vendorCode', async (request, reply) => {
    const vendorCode = request.params.vendorCode.toUpperCase();
    const vendor = await apiVendorForCallback(db, vendorCode);
    const callbackSecret = vendor.adapterSecretEncrypted ? parseVendorApiSecrets(keyCipher.decrypt(vendor.adapterSecretEncrypted)).callbackSecret : undefined;
    if (!callbackSecret) throw new HttpError(401, 'CALLBACKS_NOT_CONFIGURED', ru.vendorCallbacks.notConfigured(vendorCode));

    const raw = typeof request.body === 'string' ? request.body : '';
    const header = request.headers[VENDOR_SIGNATURE_HEADER];
    const check = checkVendorCallbackSignature(callbackSecret, vendor.code, typeof header === 'string' ? header : undefined, raw);
    if (!check.ok) {
      request.log.warn({ vendorCode, problem: check.problem }, 'vendor callback refused');
      switch (check.problem) {
        case 'missing':
          throw new HttpError(401, 'UNSIGNED', ru.vendorCallbacks.unsigned);
        case 'malformed':
          throw new HttpError(401, 'MALFORMED_SIGNATURE', ru.vendorCallbacks.malformedSignature);
        case 'mismatch':
          throw new HttpError(401, 'BAD_SIGNATURE', ru.vendorCallbacks.badSignature(vendorCode));
        case 'stale':
          throw new HttpError(401, 'STALE_CALLBACK', ru.vendorCallbacks.stale(check.timestamp, CALLBACK_FRESHNESS_SECONDS));
      }
    }

    let json: unknown;
    try {
      json = JSON.parse(raw.replace(/^\uFEFF/, ''));
    } catch {
      throw new HttpError(400, 'INVALID_JSON', ru.vendorCallbacks.invalidJson);
    }
    // The edge rule saw only the raw text: what its escapes decode to passes the same check.
    assertStorableInput(json);
    const parsed = callbackSchema.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
      throw new HttpError(400, 'INVALID_CALLBACK', ru.vendorCallbacks.invalidBody, fields);
    }
    const callback = parsed.data;

    const found = await calledBackVendorOrder(db, vendor, callback);

    // Nothing to wake for "still processing", nor for an order whose keys are already stored.
    const wake = callback.status !== 'processing' && found.status !== 'completed';
    if (wake) {
      await signalIfRunning(temporal, vendorFulfillmentWorkflowId(found.orderNumber, vendorCode), (handle) =>
        handle.signal(vendorOrderReadySignal, { vendorOrderId: callback.orderId }),
      );
    }
    request.log.info({ vendorCode, vendorOrderId: callback.orderId, status: callback.status, woke: wake }, 'vendor callback accepted');
    return reply.code(202).send({ received: true, orderNumber: found.orderNumber, fulfilmentWoken: wake });
  });
}
