import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  listWebhookEndpoints,
  pingWebhookEndpoint,
  webhookEndpointDeliveries,
} from '../../usecases/webhooks/webhook-endpoints.usecases';
import { managingFrom } from '../accounts/dealer-users.routes';
import { HttpError } from '../errors';
import { webhookContracts, webhookUrlResolutionProblem, type CreateWebhookRequest } from './webhooks.schemas';

const webhookIdOf = (params: unknown) => (params as { webhookId: string }).webhookId;

/**
 * Webhooks to a dealer's own systems. Managed by a dealer admin with a session only, like users
 * and API keys: an API key has dealer-user rights, and a leaked key must not be able to point
 * the dealer's order events somewhere else. The signing secret is in the creation answer once,
 * and stored encrypted for signing.
 */
export function registerWebhookRoutes(app: FastifyInstance, { db, temporal, keyCipher }: { db: Db; temporal: Client; keyCipher: KeyCipher }): void {
  const managing = managingFrom(db, '/api/dealer');

  app.post('/api/dealer/webhooks', { schema: webhookContracts.create }, async (request, reply) => {
    const m = await managing(request);
    const body = request.body as CreateWebhookRequest;
    const resolved = await webhookUrlResolutionProblem(body.url);
    if (resolved) throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'url', message: resolved }]);
    return reply.code(201).send(await createWebhookEndpoint(db, keyCipher, m, body));
  });

  app.get('/api/dealer/webhooks', { schema: webhookContracts.list }, async (request) => ({ items: await listWebhookEndpoints(db, await managing(request)) }));

  // Disabled, not deleted: its deliveries stay in the log.
  app.delete('/api/dealer/webhooks/:webhookId', { schema: webhookContracts.disable }, async (request) => disableWebhookEndpoint(db, await managing(request), webhookIdOf(request.params)));

  app.post('/api/dealer/webhooks/:webhookId/test', { schema: webhookContracts.test }, async (request, reply) => {
    const m = await managing(request);
    const ping = await pingWebhookEndpoint(db, temporal, m, webhookIdOf(request.params), (err) => request.log.error({ err }, 'webhook ping workflow did not start'));
    return reply.code(202).send(ping);
  });

  app.get('/api/dealer/webhooks/:webhookId/deliveries', { schema: webhookContracts.deliveries }, async (request) =>
    webhookEndpointDeliveries(db, await managing(request), webhookIdOf(request.params)),
  );
}
