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

/** An HMAC-SHA256 in hex: exactly 64 hex digits, nothing before, after or between. */
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Strict: Buffer.from(…, 'hex') stops at the first non-hex character, so "<signature>zz" would
 * decode to the same bytes; the shape is checked first, the bytes compared in constant time.
 */
export function signaturesMatch(expected: string, given: string): boolean {
  if (!HEX_SHA256.test(expected) || !HEX_SHA256.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/** An outbox item's id as 1C writes it in the path: decimal digits only, no sign, exponent, hex or spaces. */
export function parseOutboxId(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,14}$/.test(text)) return undefined;
  return Number(text);
}

/** How far a request's timestamp may be from the server's clock, either way. */
export const ONEC_FRESHNESS_SECONDS = 300;
