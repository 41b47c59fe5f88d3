/**
 * Zip archives and zips in zips. adm-zip reads the directory and hands over each entry's compressed
 * bytes (it is already in the tree, has no dependencies and is kept up with security fixes); the
 * inflating is ours, through zlib with maxOutputLength, so an entry can never unpack to more than the
 * size it declares, and no declared size is believed past the limits. A damaged archive becomes a
 * problem for staff, never an exception.
 *
 * Password-protected entries (ZipCrypto or AES) are opened with @zip.js/zip.js, trying the passwords
 * the letter states ("Пароль: 7731"); its output is cut off at the entry's declared size, the same
 * bound the inflating above keeps.
 */
import AdmZip from 'adm-zip';
import { crc32, inflateRawSync } from 'node:zlib';
import { configure, Uint8ArrayReader, Writer, ZipReader, type Entry } from '@zip.js/zip.js';
import { contentTypeForName, fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';

const ZIP_TYPES = new Set(['application/zip', 'application/x-zip', 'application/x-zip-compressed', 'multipart/x-zip']);

function startsLikeZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} МБ`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} КБ`;
  return `${bytes} байт`;
}

/** Entry names are UTF-8 when flagged (or when they happen to be valid UTF-8); Russian Windows writes CP866. */
function entryName(entry: AdmZip.IZipEntry): string {
  const raw = entry.rawEntryName;
  if (entry.header.flags & 0x800) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('ibm866').decode(raw);
  }
}

// Resource forks and folder thumbnails that archivers add: never keys.
function isArchiverClutter(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name) || /(^|\/)(\.DS_Store|Thumbs\.db)$/i.test(name);
}

class EntryUnreadable extends Error {}

configure({ useWebWorkers: false });

/** zip.js output that refuses more bytes than the entry declared (an archive lying about a size is refused). */
class BoundedWriter extends Writer<Buffer> {
  private readonly chunks: Buffer[] = [];
  private written = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override writeUint8Array(array: Uint8Array): void {
    this.written += array.length;
    if (this.written > this.limit) throw new Error('ERR_BOUNDED_WRITER_LIMIT');
    this.chunks.push(Buffer.from(array));
  }
  override getData(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Opens one encrypted entry with the passwords the letter states, in the order it states them.
 * Null when none opens it.
 */
async function decryptEntry(entry: Entry, passwords: readonly string[], declared: number, path: string): Promise<Buffer | null> {
  if (entry.directory) return null;
  for (const password of passwords) {
    try {
      const data = await entry.getData(new BoundedWriter(Math.max(1, declared)), { password, checkSignature: true });
      if (data.length !== declared) throw new Error('size mismatch');
      return data;
    } catch (error) {
      if ((error as Error).message === 'ERR_BOUNDED_WRITER_LIMIT') {
        throw new EntryUnreadable(`Файл «${path}» в архиве распаковывается больше заявленных ${formatSize(declared)} — не распакован (похоже на zip-бомбу).`);
      }
      // A wrong password (or a ZipCrypto one passing its one-byte check and failing the CRC): try the next.
    }
  }
  return null;
}

function unpack(entry: AdmZip.IZipEntry, path: string): Buffer {
  const declared = entry.header.size;
  let compressed: Buffer;
  try {
    compressed = entry.getCompressedData();
  } catch {
    throw new EntryUnreadable(`Файл «${path}» в архиве обрезан или повреждён — не прочитан.`);
  }
  let data: Buffer;
  if (entry.header.method === 0) {
    data = compressed;
  } else if (entry.header.method === 8) {
    try {
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, declared) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new EntryUnreadable(
          `Файл «${path}» в архиве распаковывается больше заявленных ${formatSize(declared)} — не распакован (архив подделан или повреждён, похоже на zip-бомбу).`,
        );
      }
      throw new EntryUnreadable(`Файл «${path}» в архиве повреждён (${(error as Error).message}) — не прочитан.`);
    }
  } else {
    throw new EntryUnreadable(`Файл «${path}» в архиве сжат методом ${entry.header.method}, который не поддерживается — не прочитан.`);
  }
  if (data.length !== declared || crc32(data) !== entry.header.crc >>> 0) {
    throw new EntryUnreadable(`Файл «${path}» в архиве повреждён (не сходится размер или контрольная сумма) — не прочитан.`);
  }
  return data;
}

export interface ZipEntryFile {
  /** The entry's own name, without folders. */
  name: string;
  /** The path inside the archive: "licenses/seat1.lic". */
  entryPath: string;
  /** Archive path and entry path, for staff: "keys.zip/licenses/seat1.lic". */
  path: string;
  content: Buffer;
}

/**
 * Unpacks the entries of a zip within the message's limits, handing each to `visit`; `select`
 * picks entries by their path inside the archive (all by default). Every refusal is a problem.
 */
export async function unpackZip(
  file: MailFile,
  context: ExtractionContext,
  visit: (entry: ZipEntryFile) => Promise<void>,
  select: (entryPath: string) => boolean = () => true,
): Promise<void> {
  const { limits, unpacked } = context;
  const archive = file.path || file.name || 'архив';
  if (file.depth >= limits.maxDepth) {
    context.problem(`Архив «${archive}» вложен глубже ${limits.maxDepth} уровней — не распакован.`);
    return;
  }
  let entries: AdmZip.IZipEntry[];
  // zip.js's view of the same archive, read only when an entry is encrypted (same central directory order).
  let encryptedView: Promise<Entry[]> | null = null;
  try {
    entries = new AdmZip(file.content, { noSort: true }).getEntries();
  } catch (error) {
    context.problem(`Архив «${archive}» повреждён или обрезан — ключи из него не прочитаны (${(error as Error).message}).`);
    return;
  }

  for (const [index, entry] of entries.entries()) {
    const name = entryName(entry);
    if (entry.isDirectory || isArchiverClutter(name) || !select(name)) continue;
    const path = `${archive}/${name}`;
    if (unpacked.files >= limits.maxFiles) {
      context.problem(`В письме больше ${limits.maxFiles} файлов в архивах — «${path}» и следующие не прочитаны.`);
      return;
    }
    const declared = entry.header.size;
    if (declared > limits.maxFileBytes) {
      context.problem(
        `Файл «${path}» в архиве занимает ${formatSize(declared)} после распаковки, больше предела ${formatSize(limits.maxFileBytes)} — не распакован (похоже на zip-бомбу).`,
      );
      continue;
    }
    if (unpacked.bytes + declared > limits.maxTotalBytes) {
      context.problem(
        `Архивы в письме распаковываются больше чем в ${formatSize(limits.maxTotalBytes)} — «${path}» и следующие не распакованы (похоже на zip-бомбу).`,
      );
      return;
    }
    let content: Buffer;
    try {
      if (entry.header.flags & 0x1) {
        const passwords = [...context.passwords];
        if (passwords.length === 0) {
          context.problem(`Файл «${path}» в архиве зашифрован паролем, а пароля в письме нет — не прочитан.`);
          continue;
        }
        encryptedView ??= new ZipReader(new Uint8ArrayReader(new Uint8Array(file.content))).getEntries();
        const view = (await encryptedView)[index];
        const opened = view ? await decryptEntry(view, passwords, declared, path) : null;
        if (!opened) {
          context.problem(
            `Файл «${path}» в архиве зашифрован, и ${passwords.length === 1 ? 'пароль из письма его не открыл' : `ни один из ${passwords.length} паролей из письма его не открыл`} — не прочитан.`,
          );
          continue;
        }
        content = opened;
      } else {
        content = unpack(entry, path);
      }
    } catch (error) {
      if (!(error instanceof EntryUnreadable)) throw error;
      context.problem(error.message);
      continue;
    }
    unpacked.bytes += content.length;
    unpacked.files += 1;
    await visit({ name: name.slice(name.lastIndexOf('/') + 1), entryPath: name, path, content });
  }
}

function readZip(file: MailFile, context: ExtractionContext): Promise<void> {
  return unpackZip(file, context, ({ name, path, content }) =>
    context.open({ name, path, contentType: contentTypeForName(name), content, depth: file.depth + 1 }),
  );
}

export const zipKeyExtractor: FileExtractor = {
  name: 'zip',
  accepts: (file) => fileExtension(file.name) === 'zip' || ZIP_TYPES.has(file.contentType) || startsLikeZip(file.content),
  extract: readZip,
};
