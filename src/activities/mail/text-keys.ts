/** Keys in text: mail bodies, .txt/.key/.lic files (one key per line or armoured), HTML bodies and files. */
import { fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { findLabelledPartNumbers } from '../../domain/key-patterns';
import { decodeText, htmlToText, looksLikeText } from './text-decoding';

/** Files that are the license itself: the customer installs the file, not just the text in it. */
const KEY_FILE_EXTENSIONS = new Set(['key', 'lic', 'license', 'licence']);
const TEXT_EXTENSIONS = new Set(['txt', 'text', 'asc', ...KEY_FILE_EXTENSIONS]);

/** "-----BEGIN LICENSE-----", "-----BEGIN ACME LICENSE KEY-----"; never a PGP or certificate block. */
const ARMOURED_BLOCK = /-----BEGIN ([A-Z0-9 ]*LICEN[CS]E[A-Z0-9 ]*)-----([\s\S]*?)-----END \1-----/g;

/** Lines quoted from an earlier message ("> ...") carry that message's content, not new keys. */
function withoutQuotedLines(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
}

interface FoundKey {
  key: string;
  /** The armoured block it came from, when it did. */
  block?: string;
}

function findKeysInText(text: string, context: ExtractionContext): FoundKey[] {
  const found: FoundKey[] = [];
  for (const match of text.matchAll(ARMOURED_BLOCK)) {
    const inner = match[2]!.replace(/\r\n/g, '\n').trim();
    const keys = context.keys.find(inner);
    // An armoured block is a license by construction: when its content is no key-shaped text
    // (a signed blob, say), the content itself is the key.
    if (keys.length > 0) for (const key of keys) found.push({ key, block: match[0] });
    else if (inner) found.push({ key: inner, block: match[0] });
  }
  const outside = withoutQuotedLines(text.replace(ARMOURED_BLOCK, '\n'));
  for (const key of context.keys.find(outside)) found.push({ key });
  for (const partNumber of findLabelledPartNumbers(text)) context.addPartNumber(partNumber);
  return found;
}

/** A plain-text body: keys one per line, in running text or armoured. */
export function readPlainText(text: string, context: ExtractionContext): void {
  context.addText(text);
  for (const { key } of findKeysInText(text, context)) context.addKey({ key });
}

/** An HTML body: tags stripped with table cells kept apart; quoted (<blockquote>) text gives no keys. */
export function readHtml(html: string, context: ExtractionContext): void {
  const { full, unquoted } = htmlToText(html);
  context.addText(full);
  for (const { key } of findKeysInText(unquoted, context)) context.addKey({ key });
}

/** A text file: one key makes a .key/.lic file (or an armoured block) the key's own file, sent on as it is. */
export function readTextFile(text: string, file: MailFile, context: ExtractionContext): void {
  context.addText(text);
  const found = findKeysInText(text, context);
  const isKeyFile = KEY_FILE_EXTENSIONS.has(fileExtension(file.name)) || found.some((f) => f.block);
  for (const { key, block } of found) {
    let bytes: Buffer | undefined;
    if (isKeyFile && found.length === 1) bytes = file.content;
    else if (block) bytes = Buffer.from(block, 'utf8');
    context.addKey({ key, fileName: file.name, ...(bytes ? { file: bytes } : {}) });
  }
}

export const textKeyExtractor: FileExtractor = {
  name: 'text',
  accepts: (file) => file.contentType === 'text/plain' || TEXT_EXTENSIONS.has(fileExtension(file.name)),
  extract: (file, context) => readTextFile(decodeText(file.content, file.charset), file, context),
};

/** A file of no known type ("license.dat", application/octet-stream) that is text after all. */
export const sniffedTextExtractor: FileExtractor = {
  name: 'sniffed-text',
  accepts: (file) =>
    (file.contentType === 'application/octet-stream' || file.contentType === 'application/unknown' || file.contentType === '') &&
    file.content.length <= 1024 * 1024 &&
    looksLikeText(file.content),
  extract: (file, context) => readTextFile(decodeText(file.content, file.charset), file, context),
};

export const htmlKeyExtractor: FileExtractor = {
  name: 'html',
  accepts: (file) => file.contentType === 'text/html' || ['htm', 'html'].includes(fileExtension(file.name)),
  extract: (file, context) => {
    const { full, unquoted } = htmlToText(decodeText(file.content, file.charset));
    context.addText(full);
    for (const { key } of findKeysInText(unquoted, context)) context.addKey({ key, fileName: file.name });
  },
};

/** Delivery and read reports: searched for our order number (an envelope id, say), never for keys. */
export const deliveryStatusExtractor: FileExtractor = {
  name: 'delivery-status',
  accepts: (file) => ['message/delivery-status', 'message/global-delivery-status', 'message/disposition-notification'].includes(file.contentType),
  extract: (file, context) => context.addText(decodeText(file.content, file.charset)),
};
