import { createHmac } from 'node:crypto';

/**
 * The demo's per-vendor callback secrets: each API vendor of the seed gets its own, derived from
 * VENDOR_SIM_CALLBACK_SECRET and its code, so the simulator (which plays every demo vendor) can
 * sign for each without one secret being shared. Real vendors' secrets are set by staff, one each.
 */
export function demoVendorCallbackSecret(master: string, vendorCode: string): string {
  return createHmac('sha256', master).update(`sid-demo-vendor-callback:${vendorCode.toUpperCase()}`).digest('base64url');
}
