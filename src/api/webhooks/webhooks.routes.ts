import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { dealers, users, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import { startWebhookDeliveries } from '../../usecases/webhooks/webhook-deliveries.usecases';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { uuidParam } from '../accounts/account.schemas';
import { managingFrom } from '../accounts/dealer-users.routes';
import type { Managing } from '../../usecases/accounts/dealer-users.usecases';
import { webhookEndpointScope } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';
import { webhookContracts, webhookUrlResolutionProblem, type CreateWebhookRequest } from './webhooks.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import type { WebhookDeliveryProblem } from '../../domain/webhooks';

const t = ru.webhooks;

/** Active endpoints per dealer: each status change is one POST to each, so a runaway list costs every order. */
export const MAX_ACTIVE_WEBHOOKS = 10;
/** The delivery log shows the newest this many. */
const DELIVERY_LOG_LIMIT = 200;

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  createdBy: users.login,
  createdAt: webhookEndpoints.createdAt,
  disabledAt: webhookEndpoints.disabledAt,
};
const deliveryColumns = {
  id: webhookDeliveries.id,
  event: webhookDeliveries.event,
  eventKey: webhookDeliveries.eventKey,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  createdAt: webhookDeliveries.createdAt,
  deliveredAt: webhookDeliveries.deliveredAt,
};

/** A signing secret: 32 random bytes, recognisable by its prefix in a dealer's configuration. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Webhooks to a dealer's own systems. Managed by a dealer admin with a session only, like users
 * and API keys: an API key has dealer-user rights, and a leaked key must not be able to point
 * the dealer's order events somewhere else. The signing secret is in the creation answer once,
 * and stored encrypted for signing.
 */
export function registerWebhookRoutes(app: FastifyInstance, { db, temporal, keyCipher }: { db: Db; temporal: Client; keyCipher: KeyCipher }): void {
  const managing = managingFrom(db, '/api/dealer');

  const listEndpoints = (m: Managing, where = webhookEndpointScope(m.principal, m.dealerId)) =>
    db.select(endpointColumns).from(webhookEndpoints).leftJoin(users, eq(users.id, webhookEndpoints.createdByUserId)).where(where).orderBy(desc(webhookEndpoints.createdAt));

  /** The endpoint named in the path, if the principal's dealer owns it; another dealer's is simply not found. */
  async function endpointOf(request: FastifyRequest, m: Managing) {
    const id = uuidParam.safeParse((request.params as { webhookId?: string }).webhookId);
    const [found] = id.success ? await listEndpoints(m, and(webhookEndpointScope(m.principal, m.dealerId), eq(webhookEndpoints.id, id.data))) : [];
    if (!found) throw new HttpError(404, 'WEBHOOK_NOT_FOUND', t.notFound);
    return found;
  }

  app.post('/api/dealer/webhooks', { schema: webhookContracts.create }, async (request, reply) => {
    const m = await managing(request);
    const body = request.body as CreateWebhookRequest;
    const resolved = await webhookUrlResolutionProblem(body.url);
    if (resolved) throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'url', message: resolved }]);
    const secret = newSigningSecret();
    const id = await db.transaction(async (tx) => {
      // Creations for one dealer queue on its row, so concurrent ones cannot all see room for one more.
      await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, m.dealerId)).for('update');
      const [active] = await tx.select({ n: count() }).from(webhookEndpoints).where(and(webhookEndpointScope(m.principal, m.dealerId), isNull(webhookEndpoints.disabledAt)));
      if ((active?.n ?? 0) >= MAX_ACTIVE_WEBHOOKS) throw new HttpError(409, 'TOO_MANY_WEBHOOKS', t.tooMany(MAX_ACTIVE_WEBHOOKS));
      const [row] = await tx
        .insert(webhookEndpoints)
        .values({ dealerId: m.dealerId, url: body.url, events: body.events, secretEncrypted: keyCipher.encrypt(secret), createdByUserId: m.principal.userId })
        .returning({ id: webhookEndpoints.id });
      await audit(tx, { actorUserId: m.principal.userId, action: 'webhook.created', subjectType: 'webhook_endpoint', subjectId: row!.id, details: { dealerId: m.dealerId, url: body.url, events: body.events }, ip: m.ip });
      return row!.id;
    });
    const [created] = await listEndpoints(m, and(webhookEndpointScope(m.principal, m.dealerId), eq(webhookEndpoints.id, id)));
    return reply.code(201).send({ webhook: created, secret });
  });

  app.get('/api/dealer/webhooks', { schema: webhookContracts.list }, async (request) => ({ items: await listEndpoints(await managing(request)) }));

  // Disabled, not deleted: its deliveries stay in the log. Disabling twice is the same disabling.
  app.delete('/api/dealer/webhooks/:webhookId', { schema: webhookContracts.disable }, async (request) => {
    const m = await managing(request);
    const found = await endpointOf(request, m);
    await db.transaction(async (tx) => {
      const [disabled] = await tx
        .update(webhookEndpoints)
        .set({ disabledAt: new Date() })
        .where(and(eq(webhookEndpoints.id, found.id), isNull(webhookEndpoints.disabledAt)))
        .returning({ id: webhookEndpoints.id });
      if (disabled) await audit(tx, { actorUserId: m.principal.userId, action: 'webhook.disabled', subjectType: 'webhook_endpoint', subjectId: found.id, details: { dealerId: m.dealerId, url: found.url }, ip: m.ip });
    });
    return { webhook: await endpointOf(request, m) };
  });

  app.post('/api/dealer/webhooks/:webhookId/test', { schema: webhookContracts.test }, async (request, reply) => {
    const m = await managing(request);
    const found = await endpointOf(request, m);
    if (found.disabledAt) throw new HttpError(409, 'WEBHOOK_DISABLED', t.disabled);
    const eventKey = `ping/${randomUUID()}`;
    const payload = { id: eventKey, type: 'ping', occurredAt: new Date().toISOString(), data: { webhookId: found.id, url: found.url } };
    const deliveryId = await db.transaction(async (tx) => {
      const [row] = await tx.insert(webhookDeliveries).values({ endpointId: found.id, event: 'ping', eventKey, payload }).returning({ id: webhookDeliveries.id });
      await audit(tx, { actorUserId: m.principal.userId, action: 'webhook.ping', subjectType: 'webhook_endpoint', subjectId: found.id, details: { dealerId: m.dealerId, deliveryId: row!.id }, ip: m.ip });
      return row!.id;
    });
    try {
      await startWebhookDeliveries(db, temporal, { deliveryIds: [deliveryId] });
    } catch (err) {
      request.log.error({ err }, 'webhook ping workflow did not start');
      await db.update(webhookDeliveries).set({ status: 'failed', lastError: 'not_sent' satisfies WebhookDeliveryProblem }).where(eq(webhookDeliveries.id, deliveryId));
      throw new HttpError(503, 'WEBHOOK_DELIVERY_UNAVAILABLE', t.unavailable);
    }
    const [delivery] = await db.select(deliveryColumns).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    return reply.code(202).send({ delivery });
  });

  app.get('/api/dealer/webhooks/:webhookId/deliveries', { schema: webhookContracts.deliveries }, async (request) => {
    const m = await managing(request);
    const found = await endpointOf(request, m);
    const items = await db
      .select(deliveryColumns)
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, found.id))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(DELIVERY_LOG_LIMIT);
    return { items };
  });
}
