import type { OrderStatus } from '../../domain/order';
import { cancelOrder, recordOrderStatus, type PendingWebhooks } from '../../usecases/orders/order-status.usecases';
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
    /** Keeps the orders projection (what lists and filters read) in step with the workflow. */
    async recordOrderStatus(input: { orderId: string; status: OrderStatus }): Promise<void> {
      await sendWebhooks(await recordOrderStatus(db, input, publicUrl));
    },

    /** An order that cannot go on (prepay invoice expired): cancelled, and the dealer told. */
    async cancelOrder(input: { orderId: string; reason: string }): Promise<void> {
      await sendWebhooks(await cancelOrder(db, input, publicUrl));
    },
  };
}
