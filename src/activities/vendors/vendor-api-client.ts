import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';

/**
 * Client for a vendor's distributor API, modelled on a large antivirus vendor's: place an order
 * (with end-user data and our line references) under an Idempotency-Key, get an order id back,
 * and read the order until its licenses are issued.
 */
export interface VendorApiSettings {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export interface PlaceVendorOrderRequest {
  idempotencyKey: string;
  partnerOrderRef: string;
  endUser: Record<string, unknown> | null;
  items: Array<{ lineRef: string; sku: string; quantity: number }>;
}

const placedSchema = z.object({ orderId: z.string().min(1), status: z.string() });
const orderSchema = z.object({
  orderId: z.string(),
  status: z.enum(['processing', 'completed', 'rejected']),
  reason: z.string().optional(),
  items: z
    .array(
      z.object({
        lineRef: z.string(),
        sku: z.string(),
        licenses: z.array(z.object({ key: z.string().min(1) })),
      }),
    )
    .default([]),
});
export type VendorOrder = z.infer<typeof orderSchema>;

/** 429 and 5xx are the vendor's trouble, worth a retry; other 4xx mean our request is wrong. */
async function checked(response: Response, what: string): Promise<unknown> {
  if (response.ok) return response.json();
  const body = (await response.text()).slice(0, 500);
  const message = `${what}: vendor answered ${response.status} ${body}`;
  if (response.status === 429 || response.status >= 500) throw ApplicationFailure.retryable(message, 'VendorUnavailable');
  throw ApplicationFailure.nonRetryable(message, 'VendorRejected');
}

export function createVendorApiClient(settings: VendorApiSettings) {
  const headers = { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json' };
  const signal = () => AbortSignal.timeout(settings.timeoutMs ?? 15_000);
  const base = settings.baseUrl.replace(/\/$/, '');

  return {
    async placeOrder(request: PlaceVendorOrderRequest) {
      const response = await fetch(`${base}/v1/orders`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': request.idempotencyKey },
        body: JSON.stringify({ partnerOrderRef: request.partnerOrderRef, endUser: request.endUser, items: request.items }),
        signal: signal(),
      });
      return placedSchema.parse(await checked(response, `placing ${request.partnerOrderRef}`));
    },
    async getOrder(vendorOrderId: string): Promise<VendorOrder> {
      const response = await fetch(`${base}/v1/orders/${encodeURIComponent(vendorOrderId)}`, { headers, signal: signal() });
      return orderSchema.parse(await checked(response, `reading vendor order ${vendorOrderId}`));
    },
  };
}
