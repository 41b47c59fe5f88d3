/** A dealer admin's webhooks (shapes as /api/openapi.json describes them). */
import { api } from './api';

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdBy: string | null;
  createdAt: string;
  disabledAt: string | null;
}
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export interface WebhookDelivery {
  id: string;
  event: string;
  eventKey: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const webhook = (id: string, action = '') => `/api/dealer/webhooks/${encodeURIComponent(id)}${action}`;

export const listWebhooks = () => api<{ items: Webhook[] }>('GET', '/api/dealer/webhooks').then((r) => r.items);
/** The answer is the only place the signing secret ever appears. */
export const createWebhook = (url: string) => api<{ webhook: Webhook; secret: string }>('POST', '/api/dealer/webhooks', { url, events: ['order.status_changed'] });
export const disableWebhook = (id: string) => api<{ webhook: Webhook }>('DELETE', webhook(id)).then((r) => r.webhook);
export const pingWebhook = (id: string) => api<{ delivery: WebhookDelivery }>('POST', webhook(id, '/test'), {}).then((r) => r.delivery);
export const listDeliveries = (id: string) => api<{ items: WebhookDelivery[] }>('GET', webhook(id, '/deliveries')).then((r) => r.items);
