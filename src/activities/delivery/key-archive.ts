import archiver from 'archiver';
import { neutraliseSpreadsheetText } from '../../domain/text-safety';

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
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function manifestCsv(lines: readonly ArchiveLine[]): string {
  const rows = [['line', 'part_number', 'product', 'quantity', 'keys', 'file', 'vendor_order_id', 'key_files']];
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
  // A byte-order mark makes Excel read the UTF-8 Cyrillic names correctly.
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
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

/** A document that travels with the keys (the act of transfer of rights and the УПД, once 1C has numbered the act). */
export interface ArchiveAttachment {
  name: string;
  content: Buffer;
}

/** Packs one text file per line (and its key files), manifest.csv and any attachments into a zip held in memory. */
export async function buildKeyArchive(orderNumber: string, lines: readonly ArchiveLine[], attachments: readonly ArchiveAttachment[] = []): Promise<Buffer> {
  const zip = archiver('zip', { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.on('warning', reject);
  });
  const date = new Date('2000-01-01T00:00:00Z'); // fixed entry dates: the same keys give the same archive
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
