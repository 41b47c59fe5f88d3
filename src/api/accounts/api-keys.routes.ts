import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { apiKeys, users } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { apiKeyScope } from '../../usecases/dealer-scope';
import { adminOnly, errors, itemsOf } from '../common.schemas';
import { HttpError } from '../errors';
import { apiKeyAnswerSchema, apiKeySchema, createApiKeySchema, createdApiKeySchema, keyIdParams as keyOnly, uuidParam } from './account.schemas';
import { newApiKey } from '../../usecases/accounts/api-keys.usecases';
import { managingFrom, paramsFor, USER_MANAGEMENT_BASES } from './dealer-users.routes';
import type { Managing } from '../../usecases/accounts/dealer-users.usecases';
import { audit } from '../../usecases/audit/audit.usecases';

const t = ru.accounts;

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdBy: users.login,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/**
 * API keys for a dealer's own systems. A dealer admin creates them (the key is in the answer
 * once and nowhere else), lists and revokes them; staff may list and revoke any dealer's.
 */
export function registerApiKeyRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const listKeys = (m: Managing, where = apiKeyScope(m.principal, m.dealerId)) =>
    db.select(keyColumns).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.createdByUserId)).where(where).orderBy(desc(apiKeys.createdAt));

  const keyIdOf = (request: FastifyRequest) => {
    const id = uuidParam.safeParse((request.params as { keyId?: string }).keyId);
    if (!id.success) throw new HttpError(404, 'API_KEY_NOT_FOUND', t.apiKeyNotFound);
    return id.data;
  };

  const create = {
    tags: ['dealer admin'],
    summary: 'Create an API key; `key` is in this answer only, store it now',
    security: adminOnly,
    body: createApiKeySchema.meta({ example: { name: 'ERP: заказы' } }),
    response: { 201: createdApiKeySchema.meta({ description: 'Created' }), ...errors(400, 401, 403) },
  };
  app.post('/api/dealer/api-keys', { schema: create }, async (request, reply) => {
    const m = await managingFrom(db, '/api/dealer')(request);
    const body = request.body as { name: string };
    const { key, prefix, keyHash } = newApiKey();
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.insert(apiKeys).values({ dealerId: m.dealerId, name: body.name, keyHash, prefix, createdByUserId: m.principal.userId }).returning({ id: apiKeys.id });
      await audit(tx, { actorUserId: m.principal.userId, action: 'api_key.created', subjectType: 'api_key', subjectId: row!.id, details: { dealerId: m.dealerId, name: body.name, prefix }, ip: m.ip });
      return row!.id;
    });
    const [created] = await listKeys(m, and(apiKeyScope(m.principal, m.dealerId), eq(apiKeys.id, id)));
    return reply.code(201).send({ apiKey: created, key });
  });

  for (const base of USER_MANAGEMENT_BASES) {
    const managing = managingFrom(db, base);

    const list = { tags: ['dealer admin'], summary: 'The dealer’s API keys (never the keys themselves)', security: adminOnly, response: { 200: itemsOf(apiKeySchema), ...errors(401, 403) } };
    app.get(`${base}/api-keys`, { schema: list }, async (request) => ({ items: await listKeys(await managing(request)) }));

    const revoke = async (request: FastifyRequest) => {
      const m = await managing(request);
      const keyId = keyIdOf(request);
      const [found] = await listKeys(m, and(apiKeyScope(m.principal, m.dealerId), eq(apiKeys.id, keyId)));
      if (!found) throw new HttpError(404, 'API_KEY_NOT_FOUND', t.apiKeyNotFound);
      // Revoking twice is the same revocation: the first time stands.
      await db.transaction(async (tx) => {
        const [revoked] = await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id });
        if (revoked) await audit(tx, { actorUserId: m.principal.userId, action: 'api_key.revoked', subjectType: 'api_key', subjectId: keyId, details: { dealerId: m.dealerId, prefix: found.prefix }, ip: m.ip });
      });
      const [after] = await listKeys(m, and(apiKeyScope(m.principal, m.dealerId), eq(apiKeys.id, keyId)));
      return { apiKey: after };
    };
    const revoked = { 200: apiKeyAnswerSchema, ...errors(401, 403, 404) };
    const keyIdParams = paramsFor(base, keyOnly);
    app.post(`${base}/api-keys/:keyId/revoke`, { schema: { tags: ['dealer admin'], summary: 'Revoke an API key: requests with it get 401 from now on', security: adminOnly, params: keyIdParams, response: revoked } }, revoke);
    app.delete(`${base}/api-keys/:keyId`, { schema: { tags: ['dealer admin'], summary: 'Revoke an API key (same as POST …/revoke)', security: adminOnly, params: keyIdParams, response: revoked } }, revoke);
  }
}
