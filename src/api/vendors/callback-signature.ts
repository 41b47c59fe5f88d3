import { checkSignatureHeader, signatureHeader, type SignatureCheck } from '../../infra/signature';

/**
 * The signature a vendor puts on its callbacks: SID's HMAC scheme (src/activities/webhooks/signature.ts)
 * with the vendor's code inside the signed text,
 * `X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<VENDORCODE>.<raw body>">`
 * under the vendor's own callback secret. The code is the one in the callback's path, upper-case:
 * a callback signed for vendor A does not pass on B's path, even where two vendors were given one
 * secret. Inside the freshness window a replay only repeats a harmless wake-up.
 */
export const VENDOR_SIGNATURE_HEADER = 'x-vendor-signature';
/** How far a callback's timestamp may be from SID's clock, either way. */
export const CALLBACK_FRESHNESS_SECONDS = 300;

export type { SignatureCheck };

/** What is signed after the timestamp: the vendor's code, a dot, the raw body. */
const signedText = (vendorCode: string, body: string) => `${vendorCode.toUpperCase()}.${body}`;

export function vendorCallbackSignature(secret: string, vendorCode: string, timestamp: number, body: string): string {
  return signatureHeader(secret, timestamp, signedText(vendorCode, body));
}

export function checkVendorCallbackSignature(secret: string, vendorCode: string, header: string | undefined, body: string, nowSeconds = Date.now() / 1000): SignatureCheck {
  return checkSignatureHeader(secret, header, signedText(vendorCode, body), CALLBACK_FRESHNESS_SECONDS, nowSeconds);
}
