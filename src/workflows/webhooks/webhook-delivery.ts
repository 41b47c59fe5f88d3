import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WebhookDeliveryInput, WebhookDeliveryOutcome } from './webhook-delivery.contract';

// A dealer's system may be down for a deploy or a night: keep trying, backing off to every 30
// minutes, for a day. Each attempt records itself on the delivery row; 4xx answers (but 408/429)
// end the delivery from inside the activity, without throwing.
const { deliverWebhook } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
const { giveUpWebhookDelivery } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/** One webhook event to one endpoint (`webhook-<deliveryId>`): POSTed, signed, until delivered or given up. */
export async function webhookDelivery(input: WebhookDeliveryInput): Promise<WebhookDeliveryOutcome> {
  try {
    return await deliverWebhook(input);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return giveUpWebhookDelivery({ deliveryId: input.deliveryId, reason: err.cause?.message ?? err.message });
  }
}
