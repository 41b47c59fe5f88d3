import { ORDER_NUMBER_PATTERN } from './order';
import { normaliseLookalikes } from './vendor-mail';

/**
 * What a license key looks like when a vendor says nothing else: 4 to 6 groups of 4-6 upper-case
 * letters or digits joined by dashes ("6B32-16FD-AEEB-9757", "WAC6GW-PEXJ9N-WNSDD6-SRSSKC").
 * The look-arounds keep it from starting or ending inside a longer token ("Pro9NR48-...", a UUID).
 * A default match must hold a letter (see DEFAULT_KEY_SHAPE): a hotline number ("8800-2220-3344-0101"),
 * a date, an INN, a sum or an order number, all digits, is never a key.
 */
export const DEFAULT_KEY_PATTERN = '(?<![A-Za-z0-9-])[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){3,5}(?![A-Za-z0-9-])';

/**
 * Our order number (ORDER_NUMBER_PATTERN) wherever a vendor may have put it: also lower-case, or
 * as "SID_0000042" / "SID0000042" where a mailer or a file system did not like the dash.
 */
const ORDER_NUMBER_IN_TEXT = /(?<![A-Za-z0-9])SID[-_ ]?(\d{7,})(?!\d)/gi;

/** Distinct order numbers in canonical form ("SID-0000042"), in order of appearance. */
export function findOrderNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(ORDER_NUMBER_IN_TEXT)) {
    const orderNumber = `SID-${match[1]}`;
    if (ORDER_NUMBER_PATTERN.test(orderNumber)) found.add(orderNumber);
  }
  return [...found];
}

// "Артикул: ABBX-PRO-1Y", "SKU ...", "P/N ...": a part number, whatever it looks like, is never a key.
const PART_NUMBER_LABEL =
  /(?:артикул|арт\.|sku|p\/n|part\s*(?:number|no\.?|#)|партномер|парт-номер|каталожный\s+номер)\s*[:#№.]?\s*([A-Z0-9][A-Z0-9._/-]{2,})/giu;

export function findLabelledPartNumbers(text: string): string[] {
  return [...text.matchAll(PART_NUMBER_LABEL)].map((m) => m[1]!).filter((pn) => /\d|-/.test(pn));
}

/** What a default match must also be: not digits alone. A vendor whose serials are all digits says so in its keyPatterns. */
const DEFAULT_KEY_SHAPE = (key: string) => /[A-Z]/.test(key);

/** Dash look-alikes that HTML and word processors put into keys, and invisible characters that split them. */
function normalizeForKeys(text: string): string {
  return text.replace(/[\u2010\u2011\u2012\u2013\u2212]/g, '-').replace(/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g, '');
}

export interface KeyMatcher {
  /** Distinct keys in the text, in order of appearance; never an order number or a part of one. */
  find(text: string): string[];
  /**
   * Keys found only after Cyrillic look-alikes in them were read as Latin letters (the vendor's
   * key shape is Latin): recorded with the message, so staff can see it was done.
   */
  readonly normalised: ReadonlySet<string>;
}

export interface KeyMatcherSetup {
  matcher: KeyMatcher;
  /** Patterns that did not compile, said for staff. */
  problems: string[];
}

/** "/serial: (\d+)/i" carries its flags; a bare source gets none. The global flag is always added. */
function compileVendorPattern(source: string): RegExp {
  const literal = /^\/([\s\S]+)\/([a-z]*)$/.exec(source);
  const [body, flags] = literal ? [literal[1]!, literal[2]!] : [source, ''];
  return new RegExp(body, flags.includes('g') ? flags : flags + 'g');
}

/**
 * Builds the matcher for one vendor. Vendor patterns are regular expressions tried instead of the
 * default, as a bare source or as "/source/flags"; when a pattern has a capturing group, the first
 * group is the key (e.g. "Serial: (\d{4}-\d{4}-\d{4})").
 */
export function createKeyMatcher(vendorPatterns?: readonly string[]): KeyMatcherSetup {
  const problems: string[] = [];
  const usesDefault = !vendorPatterns || vendorPatterns.length === 0;
  const sources = usesDefault ? [DEFAULT_KEY_PATTERN] : vendorPatterns;
  // A vendor whose patterns name no Cyrillic (nor any Unicode class) has Latin keys: look-alikes typed into them are read as Latin.
  const latinShape = usesDefault || !sources.some((s) => /[\u0400-\u04ff]|\\p\{|\\u04/i.test(s));
  const normalised = new Set<string>();
  const patterns: RegExp[] = [];
  for (const source of sources) {
    try {
      const pattern = compileVendorPattern(source);
      if (pattern.test('')) throw new Error('шаблон совпадает с пустой строкой');
      patterns.push(pattern);
    } catch (error) {
      problems.push(`Шаблон ключа вендора «${source}» не работает (${(error as Error).message}): по нему ключи не искались, исправьте правила вендора.`);
    }
  }

  function find(rawText: string): string[] {
    const plain = normalizeForKeys(rawText);
    const fixed = latinShape ? normaliseLookalikes(plain) : { text: plain, changed: [] };
    const text = fixed.text;
    const orderSpans = [...text.matchAll(ORDER_NUMBER_IN_TEXT)].map((m) => [m.index, m.index + m[0].length] as const);
    const hits: Array<{ start: number; end: number; key: string }> = [];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const key = (match[1] ?? match[0]).trim();
        const start = match.index;
        const end = start + match[0].length;
        if (!key || orderSpans.some(([s, e]) => start < e && end > s)) continue;
        if (usesDefault && !DEFAULT_KEY_SHAPE(key)) continue;
        hits.push({ start, end, key });
      }
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    const keys = new Set<string>();
    let coveredUntil = -1;
    for (const hit of hits) {
      // Two vendor patterns matching the same spot give one key, the longer.
      if (hit.end <= coveredUntil) continue;
      coveredUntil = Math.max(coveredUntil, hit.end);
      keys.add(hit.key);
      if (fixed.changed.some((token) => token.includes(hit.key)) && !plain.includes(hit.key)) normalised.add(hit.key);
    }
    return [...keys];
  }

  return { matcher: { find, normalised }, problems };
}

/**
 * Passwords a letter states for its archive: "Пароль: 7731", "пароль к архиву — Qw7!x", "password:
 * 7731", "Password for the archive is 7731". The value runs to the next space; closing punctuation
 * and quotes are dropped.
 */
const PASSWORD_STATEMENT =
  /(?<![\p{L}])(?:пароль|password|passwd|pwd)(?:\s+(?:к|для|от|на|архива|to|for|of)(?:\s+(?:архиву|архива|архив|вложению|вложения|файлу|файла|zip|the|archive|attachment|file)){0,2})?\s*(?:[:=—–-]|is\b)\s*[«"'“„]?([^\s«»"'“”„<>]{1,64})/giu;

export function findStatedPasswords(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PASSWORD_STATEMENT)) {
    // "Пароль: 7731." — the full stop is most likely the sentence's; the raw value is tried after it.
    for (const password of [match[1]!.replace(/[.,;:)\]»"'”]+$/u, ''), match[1]!]) {
      if (password && !found.includes(password)) found.push(password);
    }
  }
  return found;
}
