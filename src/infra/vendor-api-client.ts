import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { asFetchResponse, OutboundRefused, outboundRequest } from './outbound-address';

/**
 * Client for a vendor's distributor API, modelled on a large antivirus vendor's: place an order
 * (with end-user data, our line references and where to call us back) under an Idempotency-Key,
 * get an order id back, and read the order until its licenses are issued.
 */
export interface VendorApiSettings {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/**
 * A request that gets no answer is abandoned after this long: below the activity's 10 s
 * start-to-close timeout, so the attempt fails with a message naming the vendor, not an anonymous timeout.
 */
export const DEFAULT_VENDOR_TIMEOUT_MS = 8_000;
/** A Retry-After longer than this is taken as this: a vendor's typo must not park an order for days. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * What `vendors.adapter_secret_encrypted` holds for an api vendor once decrypted: JSON
 * `{"token":"…","callbackSecret":"…"}`. Rows written before callbacks existed hold the bare token,
 * which still reads as `{ token }` (a vendor without a callback secret is polled only).
 */
export interface VendorApiSecrets {
  token: string;
  callbackSecret?: string;
}

const secretsSchema = z.object({ token: z.string().min(1), callbackSecret: z.string().min(1).optional() });

export function parseVendorApiSecrets(plaintext: string): VendorApiSecrets {
  if (!plaintext.startsWith('{')) return { token: plaintext };
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    throw new Error('the api vendor secret looks like JSON but does not parse: expected {"token":"…","callbackSecret":"…"}');
  }
  const parsed = secretsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`the api vendor secret is incomplete: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function serializeVendorApiSecrets(secrets: VendorApiSecrets): string {
  return JSON.stringify(secretsSchema.parse(secrets));
}

export interface PlaceVendorOrderRequest {
  idempotencyKey: string;
  partnerOrderRef: string;
  endUser: Record<string, unknown> | null;
  items: Array<{ lineRef: string; sku: string; quantity: number }>;
  /** Where the vendor announces that the order is ready; absent for vendors we only poll. */
  callbackUrl?: string;
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

/** Retry-After as seconds or as an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  // Delay-seconds, or an HTTP date (which starts with the day's name).
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : /^[A-Za-z]+,? /.test(text) ? Date.parse(text) - now : Number.NaN;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * 429 and 5xx are the vendor's trouble, worth a retry, no sooner than its Retry-After when it
 * sends one (Temporal's `nextRetryDelay`); other 4xx mean our request is wrong.
 */
async function checked(response: Response, what: string): Promise<unknown> {
  if (response.ok) return response.json();
  const body = (await response.text()).slice(0, 500);
  const message = `${what}: vendor answered ${response.status} ${body}`;
  if (response.status === 429 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw ApplicationFailure.create({
      message: retryAfterMs === null ? message : `${message} (asked to retry after ${Math.ceil(retryAfterMs / 1000)} s)`,
      type: response.status === 429 ? 'VendorThrottled' : 'VendorUnavailable',
      details: [{ status: response.status, retryAfterMs }],
      ...(retryAfterMs === null ? {} : { nextRetryDelay: retryAfterMs }),
    });
  }
  throw ApplicationFailure.nonRetryable(message, 'VendorRejected');
}

/** One request and its answer. A vendor that does not answer in time, or cannot be reached, is retried like a 5xx. */
async function exchange(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<unknown> {
  try {
    // The deadline covers the body too: a vendor may send headers and then stall.
    // The base URL is staff's configuration, yet still only a public address (or the development
    // allow-list, where the vendor simulator runs); connected to the address that was checked.
    const answer = await outboundRequest(url, {
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
      timeoutMs,
    });
    return await checked(asFetchResponse(answer), what);
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err;
    if (err instanceof OutboundRefused) {
      throw ApplicationFailure.nonRetryable(`${what}: the vendor's API address is refused (${err.message}); staff: set a public https base URL`, 'VendorAddressRefused');
    }
    if (err instanceof Error && err.name === 'TimeoutError') {
      throw ApplicationFailure.retryable(`${what}: vendor did not answer within ${timeoutMs} ms`, 'VendorTimeout');
    }
    if (err instanceof SyntaxError) throw ApplicationFailure.retryable(`${what}: vendor answered something that is not JSON`, 'VendorUnavailable');
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw ApplicationFailure.retryable(`${what}: vendor unreachable at ${new URL(url).origin} (${cause})`, 'VendorUnreachable');
  }
}

export function createVendorApiClient(settings: VendorApiSettings) {
  const headers = { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json' };
  const timeoutMs = settings.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS;
  const base = settings.baseUrl.replace(/\/$/, '');

  return {
    async placeOrder(request: PlaceVendorOrderRequest) {
      const what = `placing ${request.partnerOrderRef}`;
      const placed = await exchange(
        `${base}/v1/orders`,
        {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': request.idempotencyKey },
          body: JSON.stringify({
            partnerOrderRef: request.partnerOrderRef,
            endUser: request.endUser,
            items: request.items,
            ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
          }),
        },
        timeoutMs,
        what,
      );
      return placedSchema.parse(placed);
    },
    async getOrder(vendorOrderId: string): Promise<VendorOrder> {
      const what = `reading vendor order ${vendorOrderId}`;
      return orderSchema.parse(await exchange(`${base}/v1/orders/${encodeURIComponent(vendorOrderId)}`, { headers }, timeoutMs, what));
    },
  };
}
