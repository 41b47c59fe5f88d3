import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature a vendor puts on its callbacks, in the manner of Stripe's webhooks:
 * `X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under the
 * vendor's callback secret. Several `v1=` entries may be given while a vendor rotates its secret.
 * The timestamp is covered, so an old callback cannot be replayed outside the freshness window;
 * inside it a replay only repeats a harmless wake-up.
 */
export const VENDOR_SIGNATURE_HEADER = 'x-vendor-signature';
/** How far a callback's timestamp may be from SID's clock, either way. */
export const CALLBACK_FRESHNESS_SECONDS = 300;

export function vendorCallbackSignature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; problem: 'missing' | 'malformed' }
  | { ok: false; problem: 'stale'; timestamp: number }
  | { ok: false; problem: 'mismatch' };

export function checkVendorCallbackSignature(secret: string, header: string | undefined, body: string, nowSeconds = Date.now() / 1000): SignatureCheck {
  if (!header) return { ok: false, problem: 'missing' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamps = parts.filter(([k]) => k === 't').map(([, v]) => v ?? '');
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  const [t] = timestamps;
  if (timestamps.length !== 1 || !t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, problem: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(vendorCallbackSignature(secret, timestamp, body).split('v1=')[1]!, 'hex');
  if (!signatures.some((s) => timingSafeEqual(s, expected))) return { ok: false, problem: 'mismatch' };
  // Checked after the signature, so "stale" is said only of a genuine callback: the vendor's clock or a replay.
  if (Math.abs(nowSeconds - timestamp) > CALLBACK_FRESHNESS_SECONDS) return { ok: false, problem: 'stale', timestamp };
  return { ok: true };
}
