/**
 * Webhooks to a dealer's own systems: its endpoints, their signing secrets (shown once, stored
 * encrypted for signing), a test delivery, and the delivery log. Every read and change goes
 * through `webhookEndpointScope`: another dealer's endpoint is simply not found.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, users, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import type { WebhookDeliveryProblem } from '../../domain/webhooks';
import type { CreateWebhookRequest } from '../../api/webhooks/webhooks.schemas';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import type { Managing } from '../accounts/dealer-users.usecases';
import { audit } from '../audit/audit.usecases';
import { webhookEndpointScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import { startWebhookDeliveries } from './webhook-deliveries.usecases';
import { isUuid } from '../../domain/ids';

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


const selectEndpoints = (db: Db, m: Managing, where?: SQL) =>
  db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.createdByUserId))
    .where(and(webhookEndpointScope(m.principal, m.dealerId), where))
    .orderBy(desc(webhookEndpoints.createdAt));

export const listWebhookEndpoints = (db: Db, m: Managing) => selectEndpoints(db, m);

/** The endpoint with this id, if the managed dealer owns it. */
export async function findWebhookEndpoint(db: Db, m: Managing, webhookId: string) {
  const [found] = isUuid(webhookId) ? await selectEndpoints(db, m, eq(webhookEndpoints.id, webhookId)) : [];
  if (!found) throw new UseCaseError(404, 'WEBHOOK_NOT_FOUND', t.notFound);
  return found;
}

/** A new endpoint, at most MAX_ACTIVE_WEBHOOKS active per dealer; its secret is answered this once. */
export async function createWebhookEndpoint(db: Db, keyCipher: KeyCipher, m: Managing, body: CreateWebhookRequest) {
  const secret = newSigningSecret();
  const id = await db.transaction(async (tx) => {
    // Creations for one dealer queue on its row, so concurrent ones cannot all see room for one more.
    await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, m.dealerId)).for('update');
    const [active] = await tx.select({ n: count() }).from(webhookEndpoints).where(and(webhookEndpointScope(m.principal, m.dealerId), isNull(webhookEndpoints.disabledAt)));
    if ((active?.n ?? 0) >= MAX_ACTIVE_WEBHOOKS) throw new UseCaseError(409, 'TOO_MANY_WEBHOOKS', t.tooMany(MAX_ACTIVE_WEBHOOKS));
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ dealerId: m.dealerId, url: body.url, events: body.events, secretEncrypted: keyCipher.encrypt(secret), createdByUserId: m.principal.userId })
      .returning({ id: webhookEndpoints.id });
    await audit(tx, { actorUserId: m.principal.userId, action: 'webhook.created', subjectType: 'webhook_endpoint', subjectId: row!.id, details: { dealerId: m.dealerId, url: body.url, events: body.events }, ip: m.ip });
    return row!.id;
  });
  return { webhook: await findWebhookEndpoint(db, m, id), secret };
}

/** Disabled, not deleted: its deliveries stay in the log. Disabling twice is the same disabling. */
export async function disableWebhookEndpoint(db: Db, m: Managing, webhookId: string) {
  const found = await findWebhookEndpoint(db, m, webhookId);
  await db.transaction(async (tx) => {
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ disabledAt: new Date() })
      .where(and(eq(webhookEndpoints.id, found.id), isNull(webhookEndpoints.disabledAt)))
      .returning({ id: webhookEndpoints.id });
    if (disabled) await audit(tx, { actorUserId: m.principal.userId, action: 'webhook.disabled', subjectType: 'webhook_endpoint', subjectId: found.id, details: { dealerId: m.dealerId, url: found.url }, ip: m.ip });
  });
  return { webhook: await findWebhookEndpoint(db, m, webhookId) };
}

/**
 * A `ping` delivery to an active endpoint, through the same delivery workflow as order events.
 * When the workflow cannot start, the delivery is marked failed and the caller is told (503).
 */
export async function pingWebhookEndpoint(db: Db, temporal: Client, m: Managing, webhookId: string, onStartFailure: (err: unknown) => void) {
  const found = await findWebhookEndpoint(db, m, webhookId);
  if (found.disabledAt) throw new UseCaseError(409, 'WEBHOOK_DISABLED', t.disabled);
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
    onStartFailure(err);
    await db.update(webhookDeliveries).set({ status: 'failed', lastError: 'not_sent' satisfies WebhookDeliveryProblem }).where(eq(webhookDeliveries.id, deliveryId));
    throw new UseCaseError(503, 'WEBHOOK_DELIVERY_UNAVAILABLE', t.unavailable);
  }
  const [delivery] = await db.select(deliveryColumns).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  return { delivery: delivery! };
}

/** The endpoint's delivery log, newest first. */
export async function webhookEndpointDeliveries(db: Db, m: Managing, webhookId: string) {
  const found = await findWebhookEndpoint(db, m, webhookId);
  const items = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, found.id))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(DELIVERY_LOG_LIMIT);
  return { items };
}
