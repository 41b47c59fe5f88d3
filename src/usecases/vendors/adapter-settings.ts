/**
 * The non-secret adapter settings of a vendor (`vendors.adapter_settings`), one schema per adapter
 * kind. The activities read the column through these, staff edits are validated by them
 * (src/usecases/vendors/staff-vendors.usecases.ts), and db/seed.ts writes values of these shapes. Objects are not
 * strict: a reader must not fail over a leftover key, and parsing drops it on the next save.
 * Secrets (API token, callback secret) live apart, encrypted: see vendor-api-client.ts.
 */
import { z } from 'zod';
import type { AdapterKind } from '../../domain/order';
import { checkOutboundUrlForm, OutboundRefused } from '../../infra/outbound-address';
import { ru } from '../../locale/ru';

const m = ru.staffVendors.settings;

/** Hours before a fulfilment without keys goes to staff; the workflow takes it at submit. */
const slaHours = z.number({ error: m.slaHours }).int({ error: m.slaHours }).min(1, m.slaHours).max(24 * 30, m.slaHours).optional();

export const apiAdapterSettingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: m.baseUrl }),
  /** Below the vendor activity's 10 s start-to-close timeout, so a slow vendor fails with its own message. */
  timeoutMs: z.number({ error: m.timeoutMs }).int({ error: m.timeoutMs }).min(100, m.timeoutMs).max(9_000, m.timeoutMs).optional(),
  slaHours,
});
export type ApiAdapterSettings = z.infer<typeof apiAdapterSettingsSchema>;

/**
 * Why staff may not save this vendor API address, or null: https to a public host, like every
 * outbound address (the vendor simulator and other local services only through the development
 * allow-list, SID_OUTBOUND_ALLOW). Each request checks again, after resolving the host.
 */
export function vendorBaseUrlProblem(baseUrl: string): string | null {
  try {
    checkOutboundUrlForm(baseUrl);
    return null;
  } catch (err) {
    if (err instanceof OutboundRefused) return m.baseUrlRefused;
    throw err;
  }
}

export const emailAdapterSettingsSchema = z.object({
  /** Where order requests go. */
  orderDesk: z.email({ error: m.orderDesk }),
  /** Addresses or domains (with their subdomains) the vendor replies from: the only senders trusted with keys (src/domain/vendor-mail.ts#senderVerdict). */
  senders: z.array(z.string({ error: m.sender }).trim().min(3, m.sender).max(200, m.sender).regex(/^[^\s@]*@?[^\s@]+\.[^\s@]+$/, m.sender)).default([]),
  /** Regular expressions for this vendor's keys, tried instead of the default key shape. */
  keyPatterns: z.array(z.string({ error: m.keyPattern }).min(1, m.keyPattern).max(500, m.keyPattern)).optional(),
  slaHours,
});
export type EmailAdapterSettings = z.infer<typeof emailAdapterSettingsSchema>;

/** A manual vendor needs nothing but how long staff may take. */
export const manualAdapterSettingsSchema = z.object({ slaHours });
export type ManualAdapterSettings = z.infer<typeof manualAdapterSettingsSchema>;

export const adapterSettingsSchemas = {
  api: apiAdapterSettingsSchema,
  email: emailAdapterSettingsSchema,
  manual: manualAdapterSettingsSchema,
} as const satisfies Record<AdapterKind, z.ZodType>;

export type AdapterSettings<K extends AdapterKind = AdapterKind> = z.infer<(typeof adapterSettingsSchemas)[K]>;
