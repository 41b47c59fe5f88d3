/**
 * Bytes to text for what vendors send: UTF-8, Windows-1251 and KOI8-R, often without saying which.
 * Node's TextDecoder (full ICU) knows all of them, so no iconv dependency is needed.
 */

const CHARSET_ALIASES: Record<string, string> = {
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  koi8: 'koi8-r',
  cp866: 'ibm866',
  'x-cp866': 'ibm866',
  utf8: 'utf-8',
};

// Mailers label 8-bit text "us-ascii" or "iso-8859-1" by default: such a label says nothing about Russian text.
const UNINFORMATIVE_CHARSETS = new Set(['us-ascii', 'ascii', 'iso-8859-1', 'latin1', 'windows-1252']);

function decoderFor(charset: string | undefined, fatal = false): TextDecoder | null {
  if (!charset) return null;
  const label = charset.trim().toLowerCase();
  try {
    return new TextDecoder(CHARSET_ALIASES[label] ?? label, { fatal });
  } catch {
    return null;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

/**
 * Windows-1251 or KOI8-R for 8-bit Cyrillic text: in Windows-1251 lower-case letters are 0xE0-0xFF,
 * in KOI8-R they are 0xC0-0xDF, and running text is mostly lower-case.
 */
export function guessCyrillicCharset(bytes: Uint8Array): 'windows-1251' | 'koi8-r' {
  let upperHalf = 0;
  let lowerHalf = 0;
  for (const b of bytes) {
    if (b >= 0xe0) upperHalf++;
    else if (b >= 0xc0) lowerHalf++;
  }
  return lowerHalf > upperHalf ? 'koi8-r' : 'windows-1251';
}

/** Decodes a file or header: byte-order mark first, then a declared charset that fits, then UTF-8, then a Cyrillic guess. */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (!hasHighBytes(bytes)) return new TextDecoder('utf-8').decode(bytes);

  const declared = declaredCharset?.trim().toLowerCase();
  if (declared && !UNINFORMATIVE_CHARSETS.has(declared)) {
    const decoder = decoderFor(declared, true);
    if (decoder) {
      try {
        return decoder.decode(bytes);
      } catch {
        // declared UTF-8 but it is not: fall through to detection
      }
    }
  }
  if (isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes);
  return new TextDecoder(guessCyrillicCharset(bytes)).decode(bytes);
}

/**
 * mailparser reads unencoded 8-bit header values (a bare Windows-1251 Subject or file name, as old
 * Russian mailers send them) byte for byte as Latin-1. This turns such a value back into the bytes
 * and decodes them properly. Only call it when the raw header line did contain 8-bit bytes.
 */
export function redecodeLatin1(value: string): string {
  if (![...value].every((ch) => ch.charCodeAt(0) <= 0xff)) return value;
  return decodeText(Buffer.from(value, 'latin1'));
}

export function hasEightBitChars(value: string): boolean {
  return /[\u0080-\u00ff]/.test(value);
}

/** Plain text that a byte sniff can safely treat as text: no NUL bytes and few control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control / sample.length < 0.01;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hyphen: '‐',
  shy: '\u00ad',
  laquo: '«',
  raquo: '»',
  nbhy: '\u2011',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

// Tags that sit inside a run of text: dropping them must not split a key ("ABCDE-<b>FGHIJ</b>").
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'big', 'code', 'em', 'font', 'i', 'mark', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'wbr']);

export interface HtmlText {
  /** Everything a reader sees, quotes included. */
  full: string;
  /** Without <blockquote> content: what the sender wrote now, not what they quoted. */
  unquoted: string;
}

/** HTML to text with cell and block boundaries kept as tabs and line breaks, so table cells never run together. */
export function htmlToText(html: string): HtmlText {
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ');
  let unquoted = cleaned;
  // Innermost first, so nested quotes go too.
  for (let previous = ''; previous !== unquoted; ) {
    previous = unquoted;
    unquoted = unquoted.replace(/<blockquote\b[^>]*>(?:(?!<blockquote\b)[\s\S])*?<\/blockquote\s*>/gi, '\n');
  }
  return { full: stripTags(cleaned), unquoted: stripTags(unquoted) };
}

function stripTags(html: string): string {
  const text = html.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_tag, name: string) => {
    const tag = name.toLowerCase();
    if (INLINE_TAGS.has(tag)) return '';
    if (tag === 'td' || tag === 'th') return '\t';
    return '\n';
  });
  return decodeEntities(text.replace(/<[^>]*>/g, ' '))
    .replace(/[ \t\u00a0]*\n[ \t\u00a0\n]*/g, '\n')
    .trim();
}
