import { emailAdapterSettingsSchema, type EmailAdapterSettings } from './adapter-settings';

// The schema lives with the other adapter kinds' (adapter-settings.ts); mail ingestion imports it from here.
export { emailAdapterSettingsSchema, type EmailAdapterSettings };

/** Whether a reply's sender belongs to the vendor: its order desk's domain or a listed sender. */
export function isVendorSender(settings: EmailAdapterSettings | null, from: string | null): boolean {
  if (!settings || !from) return false;
  const address = from.toLowerCase();
  const domain = address.split('@')[1] ?? '';
  const known = [settings.orderDesk.split('@')[1] ?? '', ...settings.senders].map((s) => s.toLowerCase()).filter(Boolean);
  return known.some((s) => (s.includes('@') ? s === address : domain === s || domain.endsWith(`.${s}`)));
}

/** Our request's Message-ID names order, vendor and attempt, so a reply quoting it is matched exactly. */
export const requestMessageId = (orderNumber: string, vendorCode: string, attempt: number, domain: string) =>
  `<order.${orderNumber}.${vendorCode}.${attempt}@${domain}>`;

const REQUEST_ID = /^<order\.(SID-\d{7,})\.([A-Za-z0-9_-]+)\.\d+@[^>]+>$/;

export function parseRequestMessageId(messageId: string): { orderNumber: string; vendorCode: string } | null {
  const match = REQUEST_ID.exec(messageId.trim());
  return match ? { orderNumber: match[1]!, vendorCode: match[2]! } : null;
}
