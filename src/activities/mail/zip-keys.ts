/**
 * Zip archives and zips in zips. adm-zip reads the directory and hands over each entry's compressed
 * bytes (it is already in the tree, has no dependencies and is kept up with security fixes); the
 * inflating is ours, through zlib with maxOutputLength, so an entry can never unpack to more than the
 * size it declares, and no declared size is believed past the limits. A damaged archive becomes a
 * problem for staff, never an exception.
 */
import AdmZip from 'adm-zip';
import { crc32, inflateRawSync } from 'node:zlib';
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
  try {
    entries = new AdmZip(file.content, { noSort: true }).getEntries();
  } catch (error) {
    context.problem(`Архив «${archive}» повреждён или обрезан — ключи из него не прочитаны (${(error as Error).message}).`);
    return;
  }

  for (const entry of entries) {
    const name = entryName(entry);
    if (entry.isDirectory || isArchiverClutter(name) || !select(name)) continue;
    const path = `${archive}/${name}`;
    if (unpacked.files >= limits.maxFiles) {
      context.problem(`В письме больше ${limits.maxFiles} файлов в архивах — «${path}» и следующие не прочитаны.`);
      return;
    }
    if (entry.header.flags & 0x1) {
      context.problem(`Файл «${path}» в архиве зашифрован паролем — не прочитан.`);
      continue;
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
      content = unpack(entry, path);
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
