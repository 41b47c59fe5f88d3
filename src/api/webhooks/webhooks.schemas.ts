import { z } from 'zod';
import { checkOutboundTarget, checkOutboundUrlForm, OutboundRefused, outboundPolicyFromEnv, type OutboundPolicy, type OutboundRefusalCode } from '../../infra/outbound-address';
import { ru } from '../../locale/ru';
import { WEBHOOK_EVENTS } from '../../workflows/webhooks/webhook-delivery.contract';

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
