import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { createApiKey, listApiKeys, revokeApiKey } from '../../usecases/accounts/api-keys.usecases';
import { adminOnly, errors, itemsOf } from '../common.schemas';
import { apiKeyAnswerSchema, apiKeySchema, createApiKeySchema, createdApiKeySchema, keyIdParams as keyOnly } from './account.schemas';
import { managingFrom, paramsFor, USER_MANAGEMENT_BASES } from './dealer-users.routes';

/**
 * API keys for a dealer's own systems (src/usecases/accounts/api-keys.usecases.ts). A dealer admin
 * creates them (the key is in the answer once and nowhere else), lists and revokes them; staff may
 * list and revoke any dealer's.
 */
export function registerApiKeyRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const create = {
    tags: ['dealer admin'],
    summary: 'Create an API key; `key` is in this answer only, store it now',
    security: adminOnly,
    body: createApiKeySchema.meta({ example: { name: 'ERP: заказы' } }),
    response: { 201: createdApiKeySchema.meta({ description: 'Created' }), ...errors(400, 401, 403) },
  };
  app.post('/api/dealer/api-keys', { schema: create }, async (request, reply) => {
    const m = await managingFrom(db, '/api/dealer')(request);
    return reply.code(201).send(await createApiKey(db, m, (request.body as { name: string }).name));
  });

  for (const base of USER_MANAGEMENT_BASES) {
    const managing = managingFrom(db, base);

    const list = { tags: ['dealer admin'], summary: 'The dealer’s API keys (never the keys themselves)', security: adminOnly, response: { 200: itemsOf(apiKeySchema), ...errors(401, 403) } };
    app.get(`${base}/api-keys`, { schema: list }, async (request) => ({ items: await listApiKeys(db, await managing(request)) }));

    const revoke = async (request: FastifyRequest) => revokeApiKey(db, await managing(request), (request.params as { keyId: string }).keyId);
    const revoked = { 200: apiKeyAnswerSchema, ...errors(401, 403, 404) };
    const keyIdParams = paramsFor(base, keyOnly);
    app.post(`${base}/api-keys/:keyId/revoke`, { schema: { tags: ['dealer admin'], summary: 'Revoke an API key: requests with it get 401 from now on', security: adminOnly, params: keyIdParams, response: revoked } }, revoke);
    app.delete(`${base}/api-keys/:keyId`, { schema: { tags: ['dealer admin'], summary: 'Revoke an API key (same as POST …/revoke)', security: adminOnly, params: keyIdParams, response: revoked } }, revoke);
  }
}
