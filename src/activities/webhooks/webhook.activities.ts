import { Context } from '@temporalio/activity';
import { ApplicationFailure, msOptionalToNumber } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import type { WebhookDeliveryProblem } from '../../domain/webhooks';
import { OutboundRefused, outboundRequest, type OutboundPolicy } from '../../infra/outbound-address';
import { WEBHOOK_HEADERS, type WebhookDeliveryOutcome } from '../../workflows/webhooks/webhook-delivery.contract';
import type { ActivityDeps } from '../deps';
import { parseRetryAfter } from '../../infra/vendor-api-client';
import { signatureHeader } from '../../infra/signature';

/** A receiver that does not answer within this is down for this attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** 408 and 429 say "later"; every other 4xx says our request will never be taken. */
const isRetryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** The retry policy's own back-off at this attempt, so that a receiver's Retry-After is a floor, never a shortcut. */
function policyBackoffMs(): number {
  const { retryPolicy, attempt } = Context.current().info;
  const initial = msOptionalToNumber(retryPolicy?.initialInterval) ?? 1_000;
  const maximum = msOptionalToNumber(retryPolicy?.maximumInterval) ?? 100 * initial;
  return Math.min(initial * (retryPolicy?.backoffCoefficient ?? 2) ** (attempt - 1), maximum);
}

/** `outbound` replaces the process's outbound policy (the environment's allow-list, the system resolver) in tests. */
export function createWebhookActivities({ db, keyCipher, outbound }: Pick<ActivityDeps, 'db' | 'keyCipher'> & { outbound?: OutboundPolicy }) {
  /** Every attempt leaves its trace on the row: the dealer's delivery log reads it. */
  async function recordAttempt(deliveryId: string, result: { status?: 'delivered' | 'failed'; statusCode: number | null; error: WebhookDeliveryProblem | null }) {
    const [row] = await db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        ...(result.status ? { status: result.status } : {}),
        ...(result.status === 'delivered' ? { deliveredAt: sql`now()` } : {}),
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')))
      .returning({ attempts: webhookDeliveries.attempts });
    return row?.attempts ?? 0;
  }

  return {
    /**
     * One signed POST of a delivery. 2xx: delivered. 4xx other than 408/429: failed for good,
     * returned rather than thrown. Anything else (5xx, 408, 429, a timeout, no connection) throws
     * for Temporal to retry, no sooner than the receiver's Retry-After.
     */
    async deliverWebhook({ deliveryId }: { deliveryId: string }): Promise<WebhookDeliveryOutcome> {
      const [row] = await db
        .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secretEncrypted: webhookEndpoints.secretEncrypted, disabledAt: webhookEndpoints.disabledAt })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(eq(webhookDeliveries.id, deliveryId));
      if (!row) throw ApplicationFailure.nonRetryable(`webhook delivery ${deliveryId} does not exist`);
      const { delivery } = row;
      // A second run after a crash: the first one already settled it.
      if (delivery.status !== 'pending') return { status: delivery.status, attempts: delivery.attempts };
      if (row.disabledAt) {
        await db.update(webhookDeliveries).set({ status: 'failed', lastError: 'endpoint_disabled' satisfies WebhookDeliveryProblem }).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
        return { status: 'failed', attempts: delivery.attempts };
      }

      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let statusCode: number;
      let retryAfter: string | null;
      try {
        // Resolved and checked now, on every attempt, and connected to the checked address only:
        // an endpoint saved with a public name cannot be turned inward by changing its DNS later.
        const answer = await outboundRequest(row.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'SID-Webhooks/1',
            [WEBHOOK_HEADERS.event]: delivery.event,
            [WEBHOOK_HEADERS.delivery]: delivery.id,
            [WEBHOOK_HEADERS.signature]: signatureHeader(keyCipher.decrypt(row.secretEncrypted), timestamp, body),
          },
          body,
          // The deadline covers the answer's body too: a receiver may send headers and then stall.
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          // The answer is never shown or stored; only its status matters.
          maxBodyBytes: 0,
          ...(outbound ? { policy: outbound } : {}),
        });
        statusCode = answer.status;
        const header = answer.headers['retry-after'];
        retryAfter = typeof header === 'string' ? header : null;
      } catch (err) {
        if (err instanceof OutboundRefused) {
          // Refused by the address guard: not worth a retry; the dealer sees why in a word.
          const problem: WebhookDeliveryProblem = err.code === 'unresolvable' ? 'unresolvable' : err.code === 'address_not_public' ? 'address_not_public' : 'invalid_url';
          if (problem === 'unresolvable') {
            // A name may appear in DNS later (a dealer setting up): retried like an unreachable host.
            await recordAttempt(deliveryId, { statusCode: null, error: problem });
            throw ApplicationFailure.retryable(`webhook ${deliveryId}: ${problem}`, 'WebhookReceiverUnreachable');
          }
          return { status: 'failed', attempts: await recordAttempt(deliveryId, { status: 'failed', statusCode: null, error: problem }) };
        }
        const problem: WebhookDeliveryProblem = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unreachable';
        await recordAttempt(deliveryId, { statusCode: null, error: problem });
        throw ApplicationFailure.retryable(`webhook ${deliveryId}: ${problem}`, 'WebhookReceiverUnreachable');
      }

      if (statusCode >= 200 && statusCode < 300) {
        return { status: 'delivered', attempts: await recordAttempt(deliveryId, { status: 'delivered', statusCode, error: null }) };
      }
      // A redirect is an answer, not a place to send the dealer's data.
      const problem: WebhookDeliveryProblem = statusCode >= 300 && statusCode < 400 ? 'redirect' : 'http_status';
      if (!isRetryableStatus(statusCode)) {
        return { status: 'failed', attempts: await recordAttempt(deliveryId, { status: 'failed', statusCode, error: problem }) };
      }
      await recordAttempt(deliveryId, { statusCode, error: problem });
      const retryAfterMs = parseRetryAfter(retryAfter);
      throw ApplicationFailure.create({
        message: `webhook ${deliveryId}: HTTP ${statusCode}`,
        type: 'WebhookReceiverUnavailable',
        ...(retryAfterMs === null ? {} : { nextRetryDelay: Math.max(retryAfterMs, policyBackoffMs()) }),
      });
    },

    /** Retries ran out (a day of them): the delivery is failed, with the last reason kept. */
    async giveUpWebhookDelivery({ deliveryId }: { deliveryId: string; reason: string }): Promise<WebhookDeliveryOutcome> {
      // The reason (the last failure's message) goes to the workflow's history, not to the dealer's log.
      const gaveUp: WebhookDeliveryProblem = 'gave_up';
      await db
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: sql`coalesce(${webhookDeliveries.lastError}, ${gaveUp})` })
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
      const [row] = await db.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
      return { status: row?.status === 'delivered' ? 'delivered' : 'failed', attempts: row?.attempts ?? 0 };
    },
  };
}
