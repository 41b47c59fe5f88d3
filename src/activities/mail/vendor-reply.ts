/**
 * One raw vendor reply (RFC 5322 bytes) to what the order workflow needs: which order it is about,
 * whether it is a real reply, an auto-reply or a bounce, and the license keys it carries.
 * Nothing here decides what happens next; unreadable parts become `problems` for staff.
 */
import { simpleParser, type Attachment, type HeaderLines, type ParsedMail, type SimpleParserOptions, type StructuredHeader } from 'mailparser';
import { EXTRACTION_LIMITS, fileExtension, type ExtractedKey, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { extractFromFile, FILE_EXTRACTORS } from './key-extraction';
import { readAuthenticationResults, type SenderAuthentication } from '../../domain/vendor-mail';
import { createKeyMatcher, findOrderNumbers, findStatedPasswords, type KeyMatcher } from '../../domain/key-patterns';
import { hasEightBitChars, htmlToText, redecodeLatin1 } from './text-decoding';
import { readHtml, readPlainText } from './text-keys';

export type { ExtractedKey } from './extraction-context';

/** How one vendor's replies are read (kept with the vendor). */
export interface VendorMailRules {
  /**
   * Regular expressions for this vendor's keys, tried instead of the default shape: a bare source
   * ("\\b\\d{4}-\\d{4}-\\d{4}\\b") or "/source/flags"; a capturing group, when present, is the key.
   */
  keyPatterns?: string[];
}

export type VendorReplyKind = 'reply' | 'auto-reply' | 'bounce';

export interface VendorReply {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Address only, lower-case. */
  from: string | null;
  subject: string;
  date: Date | null;
  kind: VendorReplyKind;
  /** Our order numbers found in the subject, bodies, attachments (names and contents) and attached messages. */
  orderRefs: string[];
  /** In-Reply-To, References and the ids in attached or bounced messages, with angle brackets: to match our request e-mail. */
  quotedMessageIds: string[];
  /** Distinct by key text; a key seen both in the body and in a file keeps the file. Empty for auto-replies and bounces. */
  keys: ExtractedKey[];
  /** Why something could not be read, in Russian, for staff. */
  problems: string[];
  /** The message's own attachments (not the files inside archives). */
  attachments: Array<{ fileName: string; contentType: string; size: number }>;
  /** What the receiving server's `Authentication-Results` say about the From domain; null when they say nothing. */
  authentication: SenderAuthentication | null;
  /** Keys read only after Cyrillic look-alikes in them were taken as Latin letters. */
  normalisedKeys: string[];
}

const PARSER_OPTIONS: SimpleParserOptions = {
  // Our own HTML reading keeps table cells apart; mailparser's would run them together.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  keepDeliveryStatus: true,
};

const AUTO_REPLY_SUBJECT = /^\s*(автоответ|автоматический ответ|out of office|auto:|automatic reply|auto[- ]?reply)/i;

/**
 * Reads one vendor reply. Never throws for what is in the bytes: a damaged attachment, or input that
 * is no mail message at all, comes back as `problems` (a mailbox poller files it for staff and moves
 * on; an activity that threw would retry the same bytes forever).
 */
export async function parseVendorReply(raw: Buffer, rules: VendorMailRules = {}): Promise<VendorReply> {
  const { matcher, problems: ruleProblems } = createKeyMatcher(rules.keyPatterns);
  const collector = new ReplyCollector(matcher);
  for (const problem of ruleProblems) collector.problem(problem);

  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    return unreadable([...ruleProblems, `Письмо не удалось разобрать (${(error as Error).message}): разберите исходный файл вручную.`]);
  }
  if (mail.headers.size === 0) {
    return unreadable([...ruleProblems, 'Это не почтовое сообщение: в начале нет ни одного заголовка (From, Subject, Message-ID…). Ключи не искались.']);
  }

  const subject = readSubject(mail.subject, mail.headerLines);
  const kind = classify(mail, subject);
  collector.addText(subject);
  await readMessage(mail, raw, collector, 0, '');
  // Some mail servers quote the returned message as text instead of attaching it.
  if (kind === 'bounce' && mail.text) collector.addMessageIds([...mail.text.matchAll(/^\s*Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!));

  const messageId = messageIdsIn(mail.messageId)[0] ?? null;
  const inReplyTo = messageIdsIn(mail.inReplyTo)[0] ?? null;
  const references = messageIdsIn(mail.references);
  const collected = collector.result();
  const quotedMessageIds = [...new Set([...(inReplyTo ? [inReplyTo] : []), ...references, ...collected.messageIds])].filter((id) => id !== messageId);
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const from = mail.from?.value[0]?.address?.toLowerCase() || null;
  const keys = kind === 'reply' ? collected.keys : [];

  return {
    messageId,
    inReplyTo,
    references,
    from,
    subject,
    date,
    kind,
    orderRefs: collected.orderRefs,
    quotedMessageIds,
    // Keys come only from a vendor's own reply: an auto-reply or a bounce must never complete an order.
    keys,
    problems: collected.problems,
    attachments: mail.attachments.map((attachment, index) => ({
      fileName: attachmentName(attachment, index, raw),
      contentType: attachment.contentType.toLowerCase(),
      size: attachment.size,
    })),
    authentication: readAuthenticationResults(
      mail.headerLines.filter((h) => h.key === 'authentication-results').map((h) => h.line.replace(/^[^:]*:\s*/, '').replace(/\r?\n[ \t]+/g, ' ')),
      from,
    ),
    normalisedKeys: keys.map((k) => k.key).filter((k) => matcher.normalised.has(k)),
  };
}

/** Input that is no mail message: returned, not thrown, so a mailbox poller can file it for staff and move on. */
function unreadable(problems: string[]): VendorReply {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    subject: '',
    date: null,
    kind: 'reply',
    orderRefs: [],
    quotedMessageIds: [],
    keys: [],
    problems,
    attachments: [],
    authentication: null,
    normalisedKeys: [],
  };
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}

function classify(mail: ParsedMail, subject: string): VendorReplyKind {
  const contentType = mail.headers.get('content-type') as StructuredHeader | undefined;
  if (contentType?.value.toLowerCase() === 'multipart/report' && contentType.params['report-type']?.toLowerCase() === 'delivery-status') return 'bounce';
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  if (from.startsWith('mailer-daemon@') || mail.headers.has('x-failed-recipients')) return 'bounce';

  const autoSubmitted = headerText(mail, 'auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-reply';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto-reply';
  if (headerText(mail, 'precedence')?.trim().toLowerCase() === 'auto_reply') return 'auto-reply';
  if (AUTO_REPLY_SUBJECT.test(subject)) return 'auto-reply';
  return 'reply';
}

/** Message-IDs with angle brackets, from a header value mailparser gave as a string or a list. */
function messageIdsIn(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  const ids: string[] = [];
  for (const text of values) {
    const bracketed = text.match(/<[^<>\s]+>/g);
    if (bracketed) ids.push(...bracketed);
    else ids.push(...text.split(/[\s,]+/).filter(Boolean).map((id) => `<${id}>`));
  }
  return [...new Set(ids)];
}

/** The decoded subject; a bare 8-bit one (old Russian mailers) is read again from the raw header. */
function readSubject(subject: string | undefined, headerLines: HeaderLines): string {
  const decoded = subject ?? '';
  if (!decoded.includes('\uFFFD')) return decoded;
  const line = headerLines.find((h) => h.key === 'subject')?.line;
  const rawValue = line?.replace(/^subject:\s*/i, '').replace(/\r?\n[ \t]+/g, ' ');
  return rawValue && hasEightBitChars(rawValue) ? redecodeLatin1(rawValue).trim() : decoded;
}

const UNNAMED_PART_NAMES: Record<string, string> = {
  'message/rfc822': 'message.eml',
  'message/delivery-status': 'delivery-status.txt',
  'text/rfc822-headers': 'headers.txt',
};

/**
 * The attachment's file name. A bare 8-bit name reaches us read as Latin-1; when exactly those bytes
 * stand in the raw message, the header was 8-bit (not RFC 2047/2231 encoded) and is read again.
 */
function attachmentName(attachment: Attachment, index: number, rawMessage: Buffer): string {
  const name = attachment.filename;
  if (!name) return UNNAMED_PART_NAMES[attachment.contentType.toLowerCase()] ?? `attachment-${index + 1}`;
  return hasEightBitChars(name) && rawMessage.includes(Buffer.from(name, 'latin1')) ? redecodeLatin1(name) : name;
}

/** The body and the attachments of a message, the top one or an attached one. */
async function readMessage(mail: ParsedMail, raw: Buffer, context: ExtractionContext, depth: number, pathPrefix: string): Promise<void> {
  if (mail.text) readPlainText(mail.text, context);
  if (mail.html) readHtml(mail.html, context);
  for (const [index, attachment] of mail.attachments.entries()) {
    const name = attachmentName(attachment, index, raw);
    const contentType = attachment.contentType.toLowerCase();
    const charset = (attachment.headers.get('content-type') as StructuredHeader | undefined)?.params?.charset;
    const file: MailFile = {
      name: attachment.filename ? name : '',
      path: pathPrefix + name,
      contentType,
      content: attachment.content,
      depth,
      ...(charset ? { charset } : {}),
      ...(attachment.related ? { inline: true } : {}),
    };
    await context.open(file);
  }
}

/** A forwarded or bounced message: its ids tell which of our requests it was, its body and files may hold keys. */
const attachedMessageExtractor: FileExtractor = {
  name: 'message',
  accepts: (file) => ['message/rfc822', 'message/global'].includes(file.contentType) || fileExtension(file.name) === 'eml',
  extract: async (file, context) => {
    if (file.depth >= context.limits.maxDepth) {
      context.problem(`Вложенное письмо «${file.path}» лежит глубже ${context.limits.maxDepth} уровней — не прочитано.`);
      return;
    }
    const mail = await simpleParser(file.content, PARSER_OPTIONS);
    context.addMessageIds([...messageIdsIn(mail.messageId), ...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references)]);
    context.addText(readSubject(mail.subject, mail.headerLines));
    await readMessage(mail, file.content, context, file.depth + 1, `${file.path}/`);
  },
};

/** Bounces that return only the headers of our request. */
const attachedHeadersExtractor: FileExtractor = {
  name: 'message-headers',
  accepts: (file) => ['text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers'].includes(file.contentType),
  extract: async (file, context) => {
    const mail = await simpleParser(Buffer.concat([file.content, Buffer.from('\r\n\r\n')]), PARSER_OPTIONS);
    context.addMessageIds([...messageIdsIn(mail.messageId), ...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references)]);
    context.addText(readSubject(mail.subject, mail.headerLines));
  },
};

const MESSAGE_EXTRACTORS: readonly FileExtractor[] = [attachedMessageExtractor, attachedHeadersExtractor, ...FILE_EXTRACTORS];

/** Where an extraction puts what it finds; keys are merged so that the richest sighting wins. */
class ReplyCollector implements ExtractionContext {
  readonly limits = EXTRACTION_LIMITS;
  readonly unpacked = { bytes: 0, files: 0 };
  private readonly found = new Map<string, ExtractedKey>();
  private readonly partNumbers = new Set<string>();
  private readonly orderRefs = new Set<string>();
  private readonly messageIds = new Set<string>();
  private readonly problems: string[] = [];
  readonly passwords = new Set<string>();

  constructor(readonly keys: KeyMatcher) {}

  addKey(candidate: ExtractedKey): void {
    const seen = this.found.get(candidate.key);
    if (!seen) {
      this.found.set(candidate.key, candidate);
      return;
    }
    const weight = (k: ExtractedKey) => (k.file ? 2 : k.fileName ? 1 : 0);
    const [kept, other] = weight(candidate) > weight(seen) ? [candidate, seen] : [seen, candidate];
    const partNumber = kept.partNumber ?? other.partNumber;
    this.found.set(candidate.key, { ...kept, ...(partNumber ? { partNumber } : {}) });
  }

  addPartNumber(partNumber: string): void {
    this.partNumbers.add(partNumber.trim().toUpperCase());
  }

  addText(text: string): void {
    for (const orderNumber of findOrderNumbers(text)) this.orderRefs.add(orderNumber);
    for (const password of findStatedPasswords(text)) this.passwords.add(password);
  }

  addMessageIds(ids: readonly string[]): void {
    for (const id of ids) this.messageIds.add(id);
  }

  problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  open(file: MailFile): Promise<void> {
    return extractFromFile(file, this, MESSAGE_EXTRACTORS);
  }

  result() {
    return {
      keys: [...this.found.values()].filter((k) => !this.partNumbers.has(k.key.toUpperCase())),
      orderRefs: [...this.orderRefs],
      messageIds: [...this.messageIds],
      problems: [...this.problems],
    };
  }
}

/** The letter as staff read it beside the keys they choose: the plain-text body, or the HTML body as text. */
export async function readLetterText(raw: Buffer): Promise<string> {
  try {
    const mail = await simpleParser(raw, PARSER_OPTIONS);
    if (mail.text?.trim()) return mail.text;
    return mail.html ? htmlToText(mail.html).full : '';
  } catch {
    return '';
  }
}
