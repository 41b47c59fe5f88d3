import { ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { VendorFulfillmentInput, VendorFulfillmentResult } from './order.contract';

// Vendor calls retry with backoff through 5xx, 429 and timeouts; a rejected request does not retry.
const vendorApi = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['VendorRejected'] },
});

// Most vendors issue keys within seconds, some take hours: poll soon, then back off to a minute.
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 60_000;

/** Gets the keys for one vendor's part of an order, the way that vendor hands them over. */
export async function vendorFulfillment(input: VendorFulfillmentInput): Promise<VendorFulfillmentResult> {
  const { vendor } = input;
  switch (vendor.adapterKind) {
    case 'api': {
      const { vendorOrderId } = await vendorApi.placeVendorOrder({
        orderId: input.orderId,
        orderNumber: input.orderNumber,
        vendorId: vendor.vendorId,
        vendorCode: vendor.vendorCode,
        lines: vendor.lines,
      });
      for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
        const collected = await vendorApi.collectVendorKeys({ vendorId: vendor.vendorId, vendorOrderId, lines: vendor.lines });
        if (collected.state === 'completed') return { vendorCode: vendor.vendorCode, vendorOrderId, keyCount: collected.keyCount };
        await sleep(delay);
      }
    }
    case 'email':
    case 'manual':
      // The API refuses these vendors until their adapters exist (issue 4); reaching here is a bug.
      throw ApplicationFailure.nonRetryable(`the ${vendor.adapterKind} adapter of vendor ${vendor.vendorCode} is not available yet`, 'AdapterUnavailable');
  }
}
