/**
 * A price-list file as staff upload it, turned into a table of text cells for the price-list
 * checks (src/domain/price-list): CSV as Excel and 1C save it (UTF-8 with or without a BOM, or
 * Windows-1251; ";", "," or tab separated; quoted cells), or an Excel workbook (.xlsx, its first
 * sheet). Empty lines are kept, so row numbers match what staff see in their spreadsheet.
 */
import { detectDelimiter, parseCsv } from '../../infra/csv';
import { readXlsx, XlsxError, type XlsxProblem } from '../../infra/xlsx';

export const MAX_PRICE_LIST_BYTES = 5 * 1024 * 1024;
/** Sheet XML compresses about tenfold: a 5 MB workbook holds far less than this. */
const MAX_UNPACKED_XLSX_BYTES = 100 * 1024 * 1024;

export type FileProblem = 'empty' | 'too_large' | 'old_excel' | 'binary' | XlsxProblem;
export type TableResult = { ok: true; format: 'csv' | 'xlsx'; table: string[][] } | { ok: false; problem: FileProblem };

const startsWith = (bytes: Buffer, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);

export function readPriceListFile(bytes: Buffer): TableResult {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > MAX_PRICE_LIST_BYTES) return { ok: false, problem: 'too_large' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    try {
      return { ok: true, format: 'xlsx', table: readXlsx(bytes, { maxBytes: MAX_UNPACKED_XLSX_BYTES })[0]!.rows };
    } catch (error) {
      if (error instanceof XlsxError) return { ok: false, problem: error.problem };
      throw error;
    }
  }
  // The binary Excel 97-2003 format (an OLE compound file): staff can save it as .xlsx or CSV.
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return { ok: false, problem: 'old_excel' };
  if (bytes.includes(0)) return { ok: false, problem: 'binary' };
  const text = decodeCsvText(bytes);
  return { ok: true, format: 'csv', table: parseCsv(text, detectDelimiter(text)) };
}

/** UTF-8 (a BOM, or bytes that are valid UTF-8), else Windows-1251, what Russian Excel saves CSV in. */
export function decodeCsvText(bytes: Uint8Array): string {
  if (startsWith(Buffer.from(bytes.subarray(0, 3)), 0xef, 0xbb, 0xbf)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}
