/**
 * Reading the cells of an Excel workbook (.xlsx): a zip of XML parts, of which only the shared
 * strings and the worksheets hold cell text. Vendor key mails (src/activities/mail/office-keys.ts)
 * unpack the parts through their own zip limits and hand them to `readSheets`; price lists use
 * `readXlsx`, which unpacks them here. Cell values come back as the text Excel stored: numbers
 * as written in the XML ("1234.5"), never through floats.
 */
import AdmZip from 'adm-zip';
import { crc32, inflateRawSync } from 'node:zlib';

export interface XlsxSheet {
  /** "xl/worksheets/sheet1.xml" */
  path: string;
  /** Row i is the spreadsheet's row i + 1: rows Excel left out (empty ones) are empty here. */
  rows: string[][];
}

/** The parts of a workbook that hold cell text. */
export const isSheetPart = (path: string) => path === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(path);

// XML, unlike HTML, has only these five named entities.
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] !== '#') return XML_ENTITIES[body] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function textRuns(xml: string): string {
  return [...xml.matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g)].map((m) => decodeXml(m[1]!)).join('');
}

/** "B12" -> 1 */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? '';
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

const sheetOrder = (path: string) => Number(/(\d+)\.xml$/.exec(path)?.[1] ?? Number.MAX_SAFE_INTEGER);

/** The cell text of every worksheet among the unpacked parts, in workbook order (sheet1, sheet2, …). */
export function readSheets(parts: ReadonlyMap<string, string>): XlsxSheet[] {
  const shared = [...(parts.get('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((m) => textRuns(m[1]!));
  const sheets: XlsxSheet[] = [];
  for (const [path, xml] of parts) {
    if (!path.startsWith('xl/worksheets/')) continue;
    const rows: string[][] = [];
    for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const cells: string[] = [];
      for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attributes = cell[1]!;
        const body = cell[2] ?? '';
        const type = /\bt="([^"]*)"/.exec(attributes)?.[1];
        const value = decodeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '');
        const text = type === 's' ? (shared[Number(value)] ?? '') : type === 'inlineStr' ? textRuns(body) : value;
        const reference = /\br="([A-Z]+)\d+"/.exec(attributes)?.[1];
        const column = reference ? columnIndex(reference) : cells.length;
        while (cells.length < column) cells.push('');
        cells[column] = text;
      }
      const number = Number(/\br="(\d+)"/.exec(row[1]!)?.[1] ?? rows.length + 1);
      while (rows.length < number - 1) rows.push([]);
      rows.push(cells);
    }
    sheets.push({ path, rows });
  }
  return sheets.sort((a, b) => sheetOrder(a.path) - sheetOrder(b.path));
}

export type XlsxProblem = 'not_xlsx' | 'damaged' | 'too_large' | 'no_sheet';
export class XlsxError extends Error {
  constructor(readonly problem: XlsxProblem) {
    super(`xlsx: ${problem}`);
  }
}

/**
 * The sheets of a workbook given as bytes. Parts are inflated by zlib with an output limit, so no
 * part unpacks past what its header claims, and all of them together stay within `maxBytes`
 * (a zip bomb stops there).
 */
export function readXlsx(bytes: Buffer, { maxBytes }: { maxBytes: number }): XlsxSheet[] {
  let entries: AdmZip.IZipEntry[];
  try {
    entries = new AdmZip(bytes, { noSort: true }).getEntries();
  } catch {
    throw new XlsxError('not_xlsx');
  }
  const parts = new Map<string, string>();
  let unpacked = 0;
  for (const entry of entries) {
    if (entry.isDirectory || !isSheetPart(entry.entryName)) continue;
    unpacked += entry.header.size;
    if (unpacked > maxBytes) throw new XlsxError('too_large');
    let data: Buffer;
    try {
      const compressed = entry.getCompressedData();
      data = entry.header.method === 0 ? compressed : inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.header.size) });
    } catch (error) {
      throw new XlsxError((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'damaged');
    }
    if (data.length !== entry.header.size || crc32(data) !== entry.header.crc >>> 0) throw new XlsxError('damaged');
    parts.set(entry.entryName, data.toString('utf8'));
  }
  const sheets = readSheets(parts);
  if (sheets.length === 0) throw new XlsxError(entries.some((e) => e.entryName === '[Content_Types].xml') ? 'no_sheet' : 'not_xlsx');
  return sheets;
}
