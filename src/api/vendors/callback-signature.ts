import { checkSignatureHeader, signatureHeader, type SignatureCheck } from '../../activities/webhooks/signature';

/**
 * The signature a vendor puts on its callbacks: SID's HMAC scheme (src/activities/webhooks/signature.ts),
 * `X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under the
 * vendor's callback secret. Inside the freshness window a replay only repeats a harmless wake-up.
 */
export const VENDOR_SIGNATURE_HEADER = 'x-vendor-signature';
/** How far a callback's timestamp may be from SID's clock, either way. */
export const CALLBACK_FRESHNESS_SECONDS = 300;

export type { SignatureCheck };

export const vendorCallbackSignature = signatureHeader;

export function checkVendorCallbackSignature(secret: string, header: string | undefined, body: string, nowSeconds = Date.now() / 1000): SignatureCheck {
  return checkSignatureHeader(secret, header, body, CALLBACK_FRESHNESS_SECONDS, nowSeconds);
}
