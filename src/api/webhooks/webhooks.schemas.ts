import { z } from 'zod';
import { ru } from '../../locale/ru';
import { WEBHOOK_EVENTS } from '../../workflows/webhooks/webhook-delivery.contract';

const t = ru.webhooks;

/** Plain http is for a receiver on the developer's own machine, never in production (the Dockerfile sets NODE_ENV). */
export const allowsLoopbackHttp = () => process.env.NODE_ENV !== 'production';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a webhook URL cannot be used, or null: https, or http to this machine while developing; no credentials in it. */
export function webhookUrlProblem(value: string, allowLoopback = allowsLoopbackHttp()): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return t.url;
  }
  if (url.username || url.password) return t.noCredentials;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowLoopback && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return url.protocol === 'http:' ? t.httpsOnly : t.url;
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
