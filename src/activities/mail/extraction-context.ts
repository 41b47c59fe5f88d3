/**
 * What key extractors work with: the file they are handed, the context they report into and the
 * limits that keep a hostile archive from eating the worker.
 */
import type { KeyMatcher } from '../../domain/key-patterns';

export interface ExtractedKey {
  key: string;
  partNumber?: string;
  /** The file the key was read from (its own name, e.g. "license_1.key" from inside a zip); absent for a key from the body. */
  fileName?: string;
  /**
   * The file's bytes when the file is the license itself (a .key/.lic file or an armoured block
   * holding this one key) and has to reach the customer as it is. A list of keys (CSV, XML, a text
   * file with several keys) names its file but carries no bytes.
   */
  file?: Buffer;
}

/** One piece of content to look into: a mail attachment, a file inside an archive, an attached message. */
export interface MailFile {
  /** The file's own name ("" when it has none). */
  name: string;
  /** Where it sits, for staff: "Keys.zip/licenses.zip/seat1.lic". */
  path: string;
  /** Lower-case MIME type without parameters. */
  contentType: string;
  charset?: string;
  content: Buffer;
  /** How many containers (archives, attached messages) it is inside. */
  depth: number;
  /** An inline part of an HTML body (a logo): not worth a problem when nothing reads it. */
  inline?: boolean;
}

export interface ExtractionLimits {
  /** Containers inside containers: a zip in a zip in a forwarded message... */
  maxDepth: number;
  /** One file after unpacking. Key files are a few hundred bytes; a CSV of 10 000 keys is under 1 MB. */
  maxFileBytes: number;
  /** All files unpacked from one message together. */
  maxTotalBytes: number;
  /** Files unpacked from archives per message. */
  maxFiles: number;
}

export const EXTRACTION_LIMITS: ExtractionLimits = {
  maxDepth: 5,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFiles: 1000,
};

/** What an extractor can do with what it reads. */
export interface ExtractionContext {
  readonly keys: KeyMatcher;
  readonly limits: ExtractionLimits;
  /** What archives in this message have unpacked so far, held under limits.maxTotalBytes and maxFiles. */
  readonly unpacked: { bytes: number; files: number };
  /** Archive passwords the letter states ("Пароль: 7731"), in order; bodies are read before attachments. */
  readonly passwords: ReadonlySet<string>;
  addKey(key: ExtractedKey): void;
  /** A part number the vendor named: never taken for a key in this message. */
  addPartNumber(partNumber: string): void;
  /** Text a person would read (subjects, bodies, file contents, file names): searched for our order numbers. */
  addText(text: string): void;
  /** Message-IDs quoted by an attached message, with angle brackets. */
  addMessageIds(ids: readonly string[]): void;
  /** Why something could not be read, in Russian, for staff. */
  problem(message: string): void;
  /** Hands a file found inside a container (archive, attached message) back to the extractors. */
  open(file: MailFile): Promise<void>;
}

export interface FileExtractor {
  readonly name: string;
  accepts(file: MailFile): boolean;
  extract(file: MailFile, context: ExtractionContext): void | Promise<void>;
}

export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  htm: 'text/html',
  html: 'text/html',
  zip: 'application/zip',
  eml: 'message/rfc822',
  pdf: 'application/pdf',
};

/** For files in archives, which come without a MIME type. */
export function contentTypeForName(name: string): string {
  return TYPES_BY_EXTENSION[fileExtension(name)] ?? 'application/octet-stream';
}
