import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The 1C exchange signature: HMAC-SHA256 over
 * "<timestamp>\n<nonce>\n<METHOD>\n<path with query>\n<body>" with the client's key, hex-encoded.
 * The nonce (a fresh GUID per request) lets two identical requests in one second both pass while a
 * replayed one is refused. A 1C programmer computes the same string (docs/1c-exchange.md).
 */
export interface SignedParts {
  timestamp: string;
  nonce: string;
  method: string;
  path: string;
  body: string;
}

export function onecSignature(secret: string, parts: SignedParts): string {
  return createHmac('sha256', secret)
    .update(`${parts.timestamp}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.path}\n${parts.body}`, 'utf8')
    .digest('hex');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** How far a request's timestamp may be from the server's clock, either way. */
export const ONEC_FRESHNESS_SECONDS = 300;
