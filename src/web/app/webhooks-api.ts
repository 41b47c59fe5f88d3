/** A dealer admin's webhooks (shapes from the routes' response schemas). */
import type { WireOf } from '../../api/common.schemas';
import type { webhookDeliverySchema, webhookEndpointSchema } from '../../api/webhooks/webhooks.schemas';
import type { WebhookDeliveryStatus } from '../../domain/webhooks';
import { api } from './api';

export type Webhook = WireOf<typeof webhookEndpointSchema>;
export type DeliveryStatus = WebhookDeliveryStatus;
export type WebhookDelivery = WireOf<typeof webhookDeliverySchema>;

const webhook = (id: string, action = '') => `/api/dealer/webhooks/${encodeURIComponent(id)}${action}`;

export const listWebhooks = () => api<{ items: Webhook[] }>('GET', '/api/dealer/webhooks').then((r) => r.items);
/** The answer is the only place the signing secret ever appears. */
export const createWebhook = (url: string) => api<{ webhook: Webhook; secret: string }>('POST', '/api/dealer/webhooks', { url, events: ['order.status_changed'] });
export const disableWebhook = (id: string) => api<{ webhook: Webhook }>('DELETE', webhook(id)).then((r) => r.webhook);
export const pingWebhook = (id: string) => api<{ delivery: WebhookDelivery }>('POST', webhook(id, '/test'), {}).then((r) => r.delivery);
export const listDeliveries = (id: string) => api<{ items: WebhookDelivery[] }>('GET', webhook(id, '/deliveries')).then((r) => r.items);
