import { emailAdapterSettingsSchema, type EmailAdapterSettings } from './adapter-settings';

// The schema lives with the other adapter kinds' (adapter-settings.ts); mail ingestion imports it from here.
export { emailAdapterSettingsSchema, type EmailAdapterSettings };

/** Our request's Message-ID names order, vendor and attempt, so a reply quoting it is matched exactly. */
export const requestMessageId = (orderNumber: string, vendorCode: string, attempt: number, domain: string) =>
  `<order.${orderNumber}.${vendorCode}.${attempt}@${domain}>`;

const REQUEST_ID = /^<order\.(SID-\d{7,})\.([A-Za-z0-9_-]+)\.\d+@[^>]+>$/;

export function parseRequestMessageId(messageId: string): { orderNumber: string; vendorCode: string } | null {
  const match = REQUEST_ID.exec(messageId.trim());
  return match ? { orderNumber: match[1]!, vendorCode: match[2]! } : null;
}
