import archiver from 'archiver';
import { neutraliseSpreadsheetText } from '../../domain/text-safety';
import { ru } from '../../locale/ru';

/** What goes into the dealer's key archive for one order line. */
export interface ArchiveLine {
  lineNo: number;
  partNumber: string;
  productName: string;
  quantity: number;
  vendorOrderId: string | null;
  keys: string[];
  /** Key files as the vendor sent them (an e-mail vendor's .key / .lic files), packed beside the keys. */
  files?: Array<{ name: string; content: Buffer }>;
}

function csvCell(value: string | number): string {
  // A vendor order id or a product name from a price list must not become a formula in Excel.
  const text = typeof value === 'number' ? String(value) : neutraliseSpreadsheetText(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The archive's table of contents, for Russian Excel: `;`-separated (its list separator), Russian
 * headers, UTF-8 with a byte-order mark (without it Excel reads the Cyrillic as cp1251).
 */
export function manifestCsv(lines: readonly ArchiveLine[]): string {
  const rows: string[][] = [[...ru.keyArchive.manifestHeaders]];
  for (const line of lines) {
    rows.push([
      String(line.lineNo),
      line.partNumber,
      line.productName,
      String(line.quantity),
      String(line.keys.length),
      lineFileName(line),
      line.vendorOrderId ?? '',
      keyFilePaths(line).join(' '),
    ]);
  }
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export function lineFileName(line: Pick<ArchiveLine, 'lineNo' | 'partNumber'>): string {
  return `${String(line.lineNo).padStart(2, '0')}-${line.partNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`;
}

/** Where a line's key files go: a folder named like its key list, names made unique within it. */
export function keyFilePaths(line: Pick<ArchiveLine, 'lineNo' | 'partNumber' | 'files'>): string[] {
  const folder = lineFileName(line).replace(/\.txt$/, '');
  const used = new Set<string>();
  return (line.files ?? []).map((file) => {
    const safe = file.name.replace(/[^\p{L}\p{N}._-]/gu, '_') || 'license';
    let name = safe;
    for (let n = 2; used.has(name); n++) name = safe.replace(/(\.[^.]*)?$/, `-${n}$1`);
    used.add(name);
    return `${folder}/${name}`;
  });
}

/** A filed act or УПД as the archive and the act letter name it: PDFs by 1C's number, the XML by the name its format requires (its blob key's last part). */
export function actDocumentFileName(doc: { kind: string; number: string | null; blobKey: string }): string {
  return doc.kind === 'upd_xml' ? doc.blobKey.slice(doc.blobKey.lastIndexOf('/') + 1) : `${doc.kind}-${(doc.number ?? '').replace(/[^\p{L}\p{N}._-]/gu, '_')}.pdf`;
}

/** A document that travels with the keys (the act of transfer of rights and the УПД, once 1C has numbered the act). */
export interface ArchiveAttachment {
  name: string;
  content: Buffer;
}

const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

/**
 * A zip entry's date for a shipping instant. Zip stores a wall-clock time with no zone, which
 * archiver writes from the UTC fields: shifted by Moscow's fixed +3, the dealer's Explorer or
 * 7-Zip shows the Moscow shipping time. Zip keeps even seconds only.
 */
export function archiveEntryDate(shippedAt: Date): Date {
  return new Date(shippedAt.getTime() + MOSCOW_OFFSET_MS);
}

/**
 * Packs one text file per line (and its key files), manifest.csv and any attachments into a zip
 * held in memory, every entry dated with the shipping time: the same order shipped at the same
 * instant gives the same bytes, so a retried build writes what the first one wrote.
 */
export async function buildKeyArchive(
  orderNumber: string,
  lines: readonly ArchiveLine[],
  attachments: readonly ArchiveAttachment[],
  shippedAt: Date,
): Promise<Buffer> {
  const zip = archiver('zip', { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.on('warning', reject);
  });
  const date = archiveEntryDate(shippedAt);
  for (const line of lines) {
    const header = `# ${orderNumber} / ${line.partNumber} / ${line.productName} / x${line.quantity}\r\n`;
    zip.append(header + line.keys.join('\r\n') + '\r\n', { name: lineFileName(line), date });
    const paths = keyFilePaths(line);
    (line.files ?? []).forEach((file, i) => zip.append(file.content, { name: paths[i]!, date }));
  }
  zip.append(manifestCsv(lines), { name: 'manifest.csv', date });
  for (const attachment of attachments) zip.append(attachment.content, { name: attachment.name, date });
  await zip.finalize();
  await done;
  return Buffer.concat(chunks);
}
