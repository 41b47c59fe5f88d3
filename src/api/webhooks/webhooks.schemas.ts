import { z } from 'zod';
import { checkOutboundTarget, checkOutboundUrlForm, OutboundRefused, outboundPolicyFromEnv, type OutboundPolicy, type OutboundRefusalCode } from '../../infra/outbound-address';
import { ru } from '../../locale/ru';
import { WEBHOOK_EVENTS } from '../../workflows/webhooks/webhook-delivery.contract';
import { ORDER_STATUSES, SETTLEMENT_SCHEMES } from '../../domain/order';
import { WEBHOOK_DELIVERY_PROBLEMS, WEBHOOK_DELIVERY_STATUSES } from '../../domain/webhooks';
import { adminOnly, cents, errors, itemsOf, kopecks, timestamp } from '../common.schemas';

const t = ru.webhooks;

/** The field error for an address the outbound guard refuses (src/infra/outbound-address.ts). */
export function webhookRefusalMessage(code: OutboundRefusalCode): string {
  switch (code) {
    case 'credentials':
      return t.noCredentials;
    case 'scheme':
      return t.httpsOnly;
    case 'address_not_public':
      return t.notPublic;
    case 'unresolvable':
      return t.unresolvable;
    case 'invalid_url':
      return t.url;
  }
}

/**
 * Why a webhook URL cannot be used, or null, judged by its form alone: https to a public host
 * (plain http, or a private address, only for a development allow-list entry), no credentials.
 * The route also resolves the host (`webhookUrlResolutionProblem`), and every delivery checks again.
 */
export function webhookUrlProblem(value: string, policy: OutboundPolicy = outboundPolicyFromEnv()): string | null {
  try {
    checkOutboundUrlForm(value, policy);
    return null;
  } catch (err) {
    if (err instanceof OutboundRefused) return webhookRefusalMessage(err.code);
    throw err;
  }
}

/**
 * Resolves the host as a delivery would: a name that points at a private address is refused when
 * saved. A name that does not resolve yet is accepted (the dealer may be setting up DNS); its
 * deliveries wait and retry, and are refused if it ever resolves inward.
 */
export async function webhookUrlResolutionProblem(value: string, policy: OutboundPolicy = outboundPolicyFromEnv()): Promise<string | null> {
  try {
    await checkOutboundTarget(value, policy);
    return null;
  } catch (err) {
    if (err instanceof OutboundRefused) return err.code === 'unresolvable' ? null : webhookRefusalMessage(err.code);
    throw err;
  }
}

export const createWebhookSchema = z.object({
  url: z
    .string({ error: t.url })
    .trim()
    .min(1, t.url)
    .max(2000, t.url)
    .superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: t.events }), { error: t.events })
    .min(1, t.events)
    .default(['order.status_changed'])
    .transform((events) => [...new Set(events)]),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookSchema>;

// ---- Answers -------------------------------------------------------------------------------------

const eventType = z.enum([...WEBHOOK_EVENTS, 'ping']);

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ format: 'uri' }),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    createdBy: z.string().nullable().meta({ description: 'Login of the admin who added it' }),
    createdAt: timestamp,
    disabledAt: timestamp.nullable(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const webhookDeliverySchema = z
  .object({
    id: z.uuid().meta({ description: 'Sent as X-SID-Delivery: the same on every attempt, for the receiver to drop repeats' }),
    event: eventType,
    eventKey: z.string().meta({ description: '`<orderNumber>/<status>`, or `ping/<uuid>`: one delivery per event and endpoint' }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable().meta({ description: 'The receiver’s HTTP status at the last attempt; null when it could not be reached' }),
    lastError: z.enum(WEBHOOK_DELIVERY_PROBLEMS).nullable().meta({ description: 'Why the last attempt failed, as a short classification; never the receiver’s answer' }),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

/** The JSON body SID POSTs to a webhook endpoint: documented for receivers, built by src/usecases/webhooks. */
export const webhookEventSchema = z
  .object({
    id: z.string().meta({ description: 'The event’s key, `<orderNumber>/<status>`: the same on every endpoint and attempt' }),
    type: eventType,
    occurredAt: z.string().meta({ format: 'date-time' }),
    data: z
      .object({
        orderNumber: z.string(),
        status: z.enum(ORDER_STATUSES),
        previousStatus: z.enum(ORDER_STATUSES).nullable(),
        settlementScheme: z.enum(SETTLEMENT_SCHEMES),
        totals: z.object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks, grossCents: cents }),
        links: z.object({ self: z.string().meta({ description: 'GET this with an API key for the whole order' }), web: z.string() }),
      })
      .partial()
      .meta({ description: 'For `order.status_changed`: orderNumber, status, previousStatus (null when unknown), settlementScheme, totals, links; for `ping`: webhookId, url' }),
  })
  .meta({ id: 'WebhookEvent', description: 'The JSON body SID POSTs to a webhook endpoint (see the API description for the headers and signature)' });

export const webhookIdParams = z.object({ webhookId: z.string().max(100).meta({ description: 'A webhook endpoint of the dealer', example: '00000000-0000-4000-8000-000000000004' }) });

export const webhookContracts = {
  list: { tags: ['webhooks'], summary: 'The dealer’s webhook endpoints (never their secrets)', security: adminOnly, response: { 200: itemsOf(webhookEndpointSchema), ...errors(401, 403) } },
  create: {
    tags: ['webhooks'],
    summary: 'Add a webhook endpoint (https); `secret` signs its requests and is in this answer only, store it now',
    security: adminOnly,
    body: createWebhookSchema.meta({ example: { url: 'https://erp.example.ru/sid-webhooks', events: ['order.status_changed'] } }),
    response: {
      201: z.object({ webhook: webhookEndpointSchema, secret: z.string().meta({ pattern: '^whsec_[A-Za-z0-9_-]{43}$' }) }).meta({ description: 'Created' }),
      ...errors(400, 401, 403, 409),
    },
  },
  disable: {
    tags: ['webhooks'],
    summary: 'Disable an endpoint: nothing more is sent to it (its log stays)',
    security: adminOnly,
    params: webhookIdParams,
    response: { 200: z.object({ webhook: webhookEndpointSchema }), ...errors(401, 403, 404) },
  },
  test: {
    tags: ['webhooks'],
    summary: 'Send a signed `ping` event to the endpoint now; it appears in the delivery log',
    security: adminOnly,
    params: webhookIdParams,
    response: { 202: z.object({ delivery: webhookDeliverySchema }).meta({ description: 'Accepted: on its way' }), ...errors(401, 403, 404, 409, 503) },
  },
  deliveries: {
    tags: ['webhooks'],
    summary: 'The endpoint’s delivery log, newest first (200 at most)',
    security: adminOnly,
    params: webhookIdParams,
    response: { 200: itemsOf(webhookDeliverySchema), ...errors(401, 403, 404) },
  },
};
