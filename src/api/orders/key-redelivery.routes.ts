/**
 * Key re-delivery: a dealer mails a shipped order's key archive again to one of its users
 * (`POST /api/orders/:orderNumber/resend-keys`), and sees every download and every letter that
 * carried the archive (`GET /api/orders/:orderNumber/key-deliveries`).
 *
 * Who may send to whom: a dealer user (and an API key, which acts as one) only to itself; a
 * dealer admin to any active user of its dealer; staff to any active user of the order's dealer.
 * The letter is sent by the `keyResend` workflow through the same sender as the shipment letter.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { keyArchiveDeliveries, resendKeyArchive } from '../../usecases/delivery/key-redelivery.usecases';
import { requireUser } from '../auth';
import { anyDealer, errors } from '../common.schemas';
import { keyDeliveriesSchema, keysResentSchema, orderNumberParams } from './order.schemas';

const t = ru.keyDelivery;

export const resendKeysSchema = z.object({
  userId: z.uuid({ error: t.recipientNotFound }),
});

export function registerKeyRedeliveryRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const resendKeys = {
    tags: ['orders'],
    summary: 'Mail a shipped order’s key archive again to a user of the dealer',
    description:
      'A dealer user (and an API key) may send only to itself, a dealer admin to any active user of its dealer. Each request is its own letter and is audited (`keys.archive_resent`); at most 10 per order per hour (429).',
    security: anyDealer,
    params: orderNumberParams,
    body: resendKeysSchema,
    response: { 202: keysResentSchema.meta({ description: 'Accepted: the letter is on its way' }), ...errors(400, 401, 403, 404, 409, 422, 429, 503) },
  };
  api.post('/api/orders/:orderNumber/resend-keys', { schema: resendKeys }, async (request, reply) => {
    const principal = requireUser(request);
    const resent = await resendKeyArchive(db, temporal, principal, { orderNumber: request.params.orderNumber, userId: request.body.userId, ip: request.ip }, (err) =>
      request.log.error({ err }, 'key-resend workflow did not start'),
    );
    return reply.code(202).send(resent);
  });

  const keyDeliveries = {
    tags: ['orders'],
    summary: 'Every download of the key archive and every letter that carried it',
    security: anyDealer,
    params: orderNumberParams,
    response: { 200: keyDeliveriesSchema, ...errors(401, 404) },
  };
  api.get('/api/orders/:orderNumber/key-deliveries', { schema: keyDeliveries }, async (request) => {
    return keyArchiveDeliveries(db, requireUser(request), request.params.orderNumber);
  });
}
