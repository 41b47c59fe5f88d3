import { readFileSync } from 'node:fs';

/** The real-world vendor replies in test/fixtures/mail (a copy of ../shared/fixtures/mail, so CI needs nothing beside the checkout) and what each must lead to (its manifest.json). */
const FIXTURES = new URL('../fixtures/mail/', import.meta.url);

export interface MailFixture {
  file: string;
  outcome: 'keys' | 'staff-queue' | 'no-keys' | 'duplicate';
  keys?: string[];
  key_files?: string[];
  part_numbers?: string[];
  match_by?: string;
  duplicate_of?: string;
}

export const mailManifest: MailFixture[] = JSON.parse(readFileSync(new URL('manifest.json', FIXTURES), 'utf8'));

/**
 * A fixture as delivered: the placeholders replaced byte for byte (as the fixtures' README says),
 * and any further literal replacements (a Message-ID of its own, say).
 */
export function mailFixture(file: string, values: { orderRef?: string; requestMessageId?: string; replace?: Array<[string, string]> } = {}): Buffer {
  let raw = readFileSync(new URL(file, FIXTURES)).toString('latin1');
  if (values.orderRef) raw = raw.replaceAll('{{ORDER_REF}}', values.orderRef);
  if (values.requestMessageId) raw = raw.replaceAll('{{REQUEST_MESSAGE_ID}}', values.requestMessageId);
  for (const [from, to] of values.replace ?? []) raw = raw.replace(from, to);
  return Buffer.from(raw, 'latin1');
}
