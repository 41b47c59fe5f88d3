/** What became of a message read from the vendor mailbox. */
export const INBOUND_MAIL_STATUSES = [
  /** Keys taken into an order. */
  'matched',
  /** About an order, but nothing to take: an acknowledgement, an auto-reply. */
  'no_keys',
  /** Sent to staff: no order found, unreadable, a bounce of our request, or more keys than ordered. */
  'staff',
  /** The same message delivered again: nothing added. */
  'duplicate',
] as const;
export type InboundMailStatus = (typeof INBOUND_MAIL_STATUSES)[number];

/**
 * Whether `from` is one of a vendor's configured senders: an exact address ("keys@abbyy.ru"), or a
 * domain ("abbyy.ru") and its subdomains ("mail.abbyy.ru"). Nothing else counts: "abbyy-vendor.ru"
 * and "abbyy.ru.evil.com" are not "abbyy.ru". A vendor with no senders trusts nobody.
 */
export function isListedSender(senders: readonly string[], from: string | null): boolean {
  if (!from) return false;
  const address = from.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = address.slice(at + 1);
  return senders.some((entry) => {
    const s = entry.trim().toLowerCase().replace(/^@/, '');
    if (!s) return false;
    return s.includes('@') ? s === address : domain === s || domain.endsWith(`.${s}`);
  });
}

/** The domain a sender setting would add for an address: "Keys@Mail.Abbyy.ru" → "mail.abbyy.ru". */
export function senderDomain(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1).trim().toLowerCase() || null : null;
}

export const AUTH_METHODS = ['spf', 'dkim', 'dmarc'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** What the receiving server said about the sender (RFC 8601 `Authentication-Results`). */
export interface SenderAuthentication {
  /** Each method's result as written ("pass", "fail", "softfail", "none"…), for the From domain only; absent when not stated. */
  spf?: string;
  dkim?: string;
  dmarc?: string;
  /** At least one of SPF, DKIM, DMARC passed for the From domain. */
  passed: boolean;
  /** DMARC failed, or SPF and DKIM both failed with nothing passing: the From domain is not who sent it. */
  failed: boolean;
}

const sameOrParent = (domain: string, of: string) => domain === of || domain.endsWith(`.${of}`) || of.endsWith(`.${domain}`);

/**
 * Reads the `Authentication-Results` headers for the From domain: SPF counts for the domain of
 * `smtp.mailfrom` (or `smtp.helo`), DKIM for `header.d`/`header.i`, DMARC for `header.from`, each
 * when it is the From domain or in the same organisational tree. Results about other domains (a
 * relay's own DKIM signature) are ignored. Null when no header says anything about the domain.
 *
 * A pass never makes a sender trusted by itself (only the vendor's senders do), so a forged header
 * saying "pass" gains nothing; a failure takes trust away.
 */
export function readAuthenticationResults(headers: readonly string[], fromAddress: string | null): SenderAuthentication | null {
  const fromDomain = fromAddress ? senderDomain(fromAddress) : null;
  if (!fromDomain || headers.length === 0) return null;
  const found: Partial<Record<AuthMethod, string>> = {};
  const rank = (r: string) => (r === 'pass' ? 3 : r === 'fail' ? 2 : 1);
  for (const header of headers) {
    // "mx.example; spf=pass smtp.mailfrom=a.ru; dkim=pass header.d=a.ru (comment)"
    const clauses = header.replace(/\([^()]*\)/g, ' ').split(';').slice(1);
    for (const clause of clauses) {
      const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(clause);
      if (!m) continue;
      const method = m[1]!.toLowerCase() as AuthMethod;
      const result = m[2]!.toLowerCase();
      const props = new Map([...clause.matchAll(/([a-z]+\.[a-z]+)\s*=\s*("?)([^\s";]+)\2/gi)].map((p) => [p[1]!.toLowerCase(), p[3]!.toLowerCase()]));
      const about =
        method === 'spf'
          ? (props.get('smtp.mailfrom') ?? props.get('smtp.helo'))
          : method === 'dkim'
            ? (props.get('header.d') ?? props.get('header.i'))
            : props.get('header.from');
      const domain = about ? (senderDomain(about) ?? about.replace(/^@/, '')) : null;
      if (!domain || !sameOrParent(domain, fromDomain)) continue;
      const previous = found[method];
      if (!previous || rank(result) > rank(previous)) found[method] = result;
    }
  }
  if (Object.keys(found).length === 0) return null;
  const passed = AUTH_METHODS.some((m) => found[m] === 'pass');
  const failed = found.dmarc === 'fail' || (!passed && (found.spf === 'fail' || found.dkim === 'fail'));
  return { ...found, passed, failed };
}

/**
 * Why a message about an order was not trusted with its keys: the sender is not one of the
 * vendor's, the vendor has no senders configured (staff confirm every letter), or the receiving
 * server's checks say the From domain did not send it.
 */
export const UNTRUSTED_SENDER_REASONS = ['unknown_sender', 'no_senders_configured', 'authentication_failed'] as const;
export type UntrustedSenderReason = (typeof UNTRUSTED_SENDER_REASONS)[number];

export function senderVerdict(
  senders: readonly string[],
  from: string | null,
  authentication: SenderAuthentication | null,
): { trusted: true } | { trusted: false; reason: UntrustedSenderReason } {
  if (senders.length === 0) return { trusted: false, reason: 'no_senders_configured' };
  if (!isListedSender(senders, from)) return { trusted: false, reason: 'unknown_sender' };
  if (authentication?.failed) return { trusted: false, reason: 'authentication_failed' };
  return { trusted: true };
}

/**
 * Cyrillic letters that look like Latin ones, as vendors' staff type them into keys by mistake
 * ("6В32-16FD" with a Cyrillic В).
 */
const LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', х: 'x', у: 'y',
};
const LOOKALIKE_CLASS = Object.keys(LOOKALIKES).join('');
/** A token of Latin letters, digits and dashes with Cyrillic look-alikes in it, and a digit: a key typed in the wrong layout. */
const MIXED_TOKEN = new RegExp(`(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}-]*[${LOOKALIKE_CLASS}])(?=[\\p{L}\\p{N}-]*\\d)[A-Za-z0-9${LOOKALIKE_CLASS}-]+(?![\\p{L}\\p{N}])`, 'gu');

/** The text with look-alikes replaced inside key-like tokens only (Russian words stay as they are), and how many tokens changed. */
export function normaliseLookalikes(text: string): { text: string; changed: string[] } {
  const changed: string[] = [];
  const out = text.replace(MIXED_TOKEN, (token) => {
    if (!token.includes('-')) return token;
    const latin = [...token].map((ch) => LOOKALIKES[ch] ?? ch).join('');
    changed.push(latin);
    return latin;
  });
  return { text: out, changed };
}

/** Kept with an inbound message for staff (inbound_mail.details); never holds key text. */
export interface InboundMailDetails {
  authentication?: SenderAuthentication | null;
  /** Keys in which Cyrillic look-alike letters were read as Latin ones. */
  lookalikesNormalised?: number;
  /** A letter offering more keys than the order still needs: how many it offered, how many were open. */
  candidates?: number;
  openPlaces?: number;
  /** Who vouched for the letter when its sender was not trusted. */
  acceptedBy?: string;
}

/** Our request's Message-ID names order, vendor and attempt, so a reply quoting it is matched exactly. */
export const requestMessageId = (orderNumber: string, vendorCode: string, attempt: number, domain: string) =>
  `<order.${orderNumber}.${vendorCode}.${attempt}@${domain}>`;

const REQUEST_ID = /^<order\.(SID-\d{7,})\.([A-Za-z0-9_-]+)\.\d+@[^>]+>$/;

export function parseRequestMessageId(messageId: string): { orderNumber: string; vendorCode: string } | null {
  const match = REQUEST_ID.exec(messageId.trim());
  return match ? { orderNumber: match[1]!, vendorCode: match[2]! } : null;
}

/** The senders in a vendor's stored adapter settings (`vendors.adapter_settings`), whatever else they hold. */
export function sendersOf(adapterSettings: unknown): string[] {
  const senders = (adapterSettings as { senders?: unknown } | null)?.senders;
  return Array.isArray(senders) ? senders.filter((s): s is string => typeof s === 'string') : [];
}
