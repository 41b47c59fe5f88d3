import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * SID's one HMAC signature scheme, in the manner of Stripe's webhooks:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under a shared secret. Vendors sign
 * their callbacks to SID with it (X-Vendor-Signature) and SID signs its webhooks to dealers with it
 * (X-SID-Signature). Several `v1=` entries may be given while a secret is rotated. The timestamp is
 * covered, so an old message cannot be replayed outside the freshness window.
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; problem: 'missing' | 'malformed' }
  | { ok: false; problem: 'stale'; timestamp: number }
  | { ok: false; problem: 'mismatch' };

export function checkSignatureHeader(secret: string, header: string | undefined, body: string, freshnessSeconds: number, nowSeconds = Date.now() / 1000): SignatureCheck {
  if (!header) return { ok: false, problem: 'missing' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamps = parts.filter(([k]) => k === 't').map(([, v]) => v ?? '');
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  const [t] = timestamps;
  if (timestamps.length !== 1 || !t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, problem: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(signatureHeader(secret, timestamp, body).split('v1=')[1]!, 'hex');
  if (!signatures.some((s) => timingSafeEqual(s, expected))) return { ok: false, problem: 'mismatch' };
  // Checked after the signature, so "stale" is said only of a genuine message: the sender's clock or a replay.
  if (Math.abs(nowSeconds - timestamp) > freshnessSeconds) return { ok: false, problem: 'stale', timestamp };
  return { ok: true };
}
