import type { OrderStatus } from '../../domain/order';
import { cancelOrder, recordOrderProgress, recordOrderStatus, type PendingWebhooks, type ProgressSnapshot } from '../../usecases/orders/order-status.usecases';
import { startWebhookDeliveries } from '../../usecases/webhooks/webhook-deliveries.usecases';
import type { ActivityDeps } from '../deps';

/** Without a Temporal client (tests of the projection alone) webhook deliveries are recorded, not sent. */
type OrderActivityDeps = Pick<ActivityDeps, 'db'> & Partial<Pick<ActivityDeps, 'temporal' | 'publicUrl'>>;

export function createOrderActivities({ db, temporal, publicUrl = '' }: OrderActivityDeps) {
  /** Dealers' webhooks, after the commit: the workflow ids are deterministic, so a retry sends nothing twice. */
  const sendWebhooks = async (pending: PendingWebhooks) => {
    if (pending && temporal) await startWebhookDeliveries(db, temporal, pending);
  };

  return {
    /**
     * Keeps the orders projection (what lists and filters read) in step with the workflow, and
     * with it the workflow's progress at this step (what the order page shows).
     */
    async recordOrderStatus(input: { orderId: string; status: OrderStatus; snapshot?: ProgressSnapshot }): Promise<void> {
      await sendWebhooks(await recordOrderStatus(db, input, publicUrl));
    },

    /**
     * The workflow's progress between status changes (a vendor's keys in, the key letter out, the
     * act issued). Run as a local activity: one UPDATE in the worker, no task queue round trip.
     */
    async recordOrderProgress(input: { orderId: string } & ProgressSnapshot): Promise<void> {
      await recordOrderProgress(db, input);
    },

    /** An order that cannot go on (prepay invoice expired): cancelled, and the dealer told. */
    async cancelOrder(input: { orderId: string; reason: string; snapshot?: ProgressSnapshot }): Promise<void> {
      await sendWebhooks(await cancelOrder(db, input, publicUrl));
    },
  };
}
