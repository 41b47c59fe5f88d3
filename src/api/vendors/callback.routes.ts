import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../../../db/client';
import { parseVendorApiSecrets } from '../../infra/vendor-api-client';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { inRussian } from '../../locale/zod.ru';
import { vendorFulfillmentWorkflowId, vendorOrderReadySignal } from '../../workflows/orders/order.contract';
import { HttpError, invalidRequest } from '../errors';
import { assertStorableInput } from '../input-guard';
import { signalIfRunning } from '../../infra/signal-if-running';
import { apiVendorForCallback, calledBackVendorOrder } from '../../usecases/fulfilment/vendor-callbacks.usecases';
import { CALLBACK_FRESHNESS_SECONDS, checkVendorCallbackSignature, VENDOR_SIGNATURE_HEADER } from './callback-signature';
import { vendorCallbackContracts } from './callback.schemas';

export interface VendorCallbackDeps {
  db: Db;
  temporal: Client;
  keyCipher: KeyCipher;
}

type CallbackVendor = Awaited<ReturnType<typeof apiVendorForCallback>>;

/**
 * Validates with the route's contract like every route (src/api/contracts.ts), but a refused
 * callback body keeps its own code, `INVALID_CALLBACK`, and the message that says what a callback holds.
 */
const callbackValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const parsed = schema.safeParse(data ?? {}, inRussian);
    if (parsed.success) return { value: parsed.data };
    if (httpPart !== 'body') return { error: invalidRequest(parsed.error, httpPart === 'querystring' ? 'query' : 'params') };
    const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
    return { error: new HttpError(400, 'INVALID_CALLBACK', ru.vendorCallbacks.invalidBody, fields) };
  };

/**
 * `POST /api/vendor-callbacks/:vendorCode`: an API vendor announces that an order is ready. The
 * callback only wakes the fulfilment: keys are still fetched with our bearer token, so a forged
 * or repeated callback can at worst cause one extra read. Duplicates are answered 2xx like the first.
 */
export async function vendorCallbackRoutes(app: FastifyInstance, { db, temporal, keyCipher }: VendorCallbackDeps): Promise<void> {
  // The signature covers the exact bytes sent: keep them, parse only once they are verified.
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
  app.setValidatorCompiler(callbackValidator);
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** The vendor a verified callback came from, for its handler. */
  const verified = new WeakMap<FastifyRequest, CallbackVendor>();

  // The body is only read after the signature is checked, and only then validated by the
  // contract: an unverified caller learns nothing of what a body must hold.
  async function verifySignatureThenParse(request: FastifyRequest): Promise<void> {
    const vendorCode = (request.params as { vendorCode: string }).vendorCode.toUpperCase();
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
    request.body = json;
    verified.set(request, vendor);
  }

  api.post('/:vendorCode', { schema: vendorCallbackContracts.callback, preValidation: verifySignatureThenParse }, async (request, reply) => {
    const vendor = verified.get(request)!;
    const callback = request.body;
    const found = await calledBackVendorOrder(db, vendor, callback);

    // Nothing to wake for "still processing", nor for an order whose keys are already stored.
    const wake = callback.status !== 'processing' && found.status !== 'completed';
    if (wake) {
      await signalIfRunning(temporal, vendorFulfillmentWorkflowId(found.orderNumber, vendor.code), (handle) =>
        handle.signal(vendorOrderReadySignal, { vendorOrderId: callback.orderId }),
      );
    }
    request.log.info({ vendorCode: vendor.code, vendorOrderId: callback.orderId, status: callback.status, woke: wake }, 'vendor callback accepted');
    return reply.code(202).send({ received: true as const, orderNumber: found.orderNumber, fulfilmentWoken: wake });
  });
}
