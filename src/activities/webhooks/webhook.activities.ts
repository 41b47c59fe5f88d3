import { Context } from '@temporalio/activity';
import { ApplicationFailure, msOptionalToNumber } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import { WEBHOOK_HEADERS, type WebhookDeliveryOutcome } from '../../workflows/webhooks/webhook-delivery.contract';
import type { ActivityDeps } from '../deps';
import { parseRetryAfter } from '../fulfilment/vendor-api-client';
import { signatureHeader } from './signature';

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

export function createWebhookActivities({ db, keyCipher }: Pick<ActivityDeps, 'db' | 'keyCipher'>) {
  /** Every attempt leaves its trace on the row: the dealer's delivery log reads it. */
  async function recordAttempt(deliveryId: string, result: { status?: 'delivered' | 'failed'; statusCode: number | null; error: string | null }) {
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
        await db.update(webhookDeliveries).set({ status: 'failed', lastError: 'endpoint disabled' }).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
        return { status: 'failed', attempts: delivery.attempts };
      }

      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let response: Response;
      let answer: string;
      try {
        response = await fetch(row.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'SID-Webhooks/1',
            [WEBHOOK_HEADERS.event]: delivery.event,
            [WEBHOOK_HEADERS.delivery]: delivery.id,
            [WEBHOOK_HEADERS.signature]: signatureHeader(keyCipher.decrypt(row.secretEncrypted), timestamp, body),
          },
          body,
          // A redirect is an answer, not a place to send the dealer's data.
          redirect: 'manual',
          // The deadline covers the answer's body too: a receiver may send headers and then stall.
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        answer = (await response.text()).slice(0, 300);
      } catch (err) {
        const error =
          err instanceof Error && err.name === 'TimeoutError'
            ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
            : `unreachable: ${err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err)}`;
        await recordAttempt(deliveryId, { statusCode: null, error });
        throw ApplicationFailure.retryable(`webhook ${deliveryId}: ${error}`, 'WebhookReceiverUnreachable');
      }

      const statusCode = response.status;
      if (statusCode >= 200 && statusCode < 300) {
        return { status: 'delivered', attempts: await recordAttempt(deliveryId, { status: 'delivered', statusCode, error: null }) };
      }
      const error = `HTTP ${statusCode}${answer ? `: ${answer}` : ''}`;
      if (!isRetryableStatus(statusCode)) {
        return { status: 'failed', attempts: await recordAttempt(deliveryId, { status: 'failed', statusCode, error }) };
      }
      await recordAttempt(deliveryId, { statusCode, error });
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      throw ApplicationFailure.create({
        message: `webhook ${deliveryId}: ${error}`,
        type: 'WebhookReceiverUnavailable',
        ...(retryAfterMs === null ? {} : { nextRetryDelay: Math.max(retryAfterMs, policyBackoffMs()) }),
      });
    },

    /** Retries ran out (a day of them): the delivery is failed, with the last reason kept. */
    async giveUpWebhookDelivery({ deliveryId, reason }: { deliveryId: string; reason: string }): Promise<WebhookDeliveryOutcome> {
      await db
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: sql`coalesce(${webhookDeliveries.lastError}, ${reason})` })
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
      const [row] = await db.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
      return { status: row?.status === 'delivered' ? 'delivered' : 'failed', attempts: row?.attempts ?? 0 };
    },
  };
}
