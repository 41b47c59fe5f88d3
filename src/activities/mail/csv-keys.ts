/**
 * Keys in CSV files, as Excel and vendor portals write them: ";" or "," (or tab) separated,
 * Windows-1251 or UTF-8, with or without a header row.
 */
import { fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { decodeText } from './text-decoding';
import { detectDelimiter, parseCsv } from '../../infra/csv';

const KEY_HEADER = /ключ|серийн|лиценз|код\s*активац|key|serial|licen[cs]e|activation|\bs\/?n\b/i;
const PART_NUMBER_HEADER = /артикул|партномер|парт-номер|каталожн|код\s*(товара|продукта)|\bsku\b|\bpart\b|part\s*(number|no)|p\/n|product\s*code/i;

/** The file's rows without the blank ones. */
const csvRows = (text: string) => parseCsv(text, detectDelimiter(text)).filter((r) => r.some((c) => c.trim() !== ''));

function readCsv(file: MailFile, context: ExtractionContext): void {
  const text = decodeText(file.content, file.charset);
  context.addText(text);
  readKeyTable(csvRows(text), file.name, context);
}

/**
 * Keys from a table (CSV rows, a spreadsheet): the key column is the one whose header says so, or
 * else the one with the most keys; a part-number column, when its header names one, gives each key
 * its part number and is never read for keys.
 */
export function readKeyTable(rows: readonly string[][], fileName: string, context: ExtractionContext): void {
  if (rows.length === 0) return;

  const first = rows[0]!;
  const hasHeader = first.every((cell) => context.keys.find(cell).length === 0);
  const header = hasHeader ? first : [];
  const data = hasHeader ? rows.slice(1) : rows;
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);

  const partColumn = header.findIndex((name) => PART_NUMBER_HEADER.test(name));
  const matchesPerColumn = Array.from({ length: width }, (_, column) =>
    column === partColumn ? 0 : data.filter((row) => context.keys.find(row[column] ?? '').length > 0).length,
  );
  // Columns whose header says "key" win; without such a header, the column with the most keys.
  const namedKeyColumns = header
    .map((name, column) => (KEY_HEADER.test(name) && column !== partColumn && matchesPerColumn[column]! > 0 ? column : -1))
    .filter((column) => column >= 0);
  const bestColumn = matchesPerColumn.reduce((best, count, column) => (count > matchesPerColumn[best]! ? column : best), 0);
  const keyColumns = namedKeyColumns.length > 0 ? namedKeyColumns : matchesPerColumn[bestColumn]! > 0 ? [bestColumn] : [];

  for (const row of data) {
    const partNumber = partColumn >= 0 ? row[partColumn]?.trim() || undefined : undefined;
    if (partNumber) context.addPartNumber(partNumber);
    for (const column of keyColumns) {
      for (const key of context.keys.find(row[column] ?? '')) {
        context.addKey({ key, fileName, ...(partNumber ? { partNumber } : {}) });
      }
    }
  }
}

export const csvKeyExtractor: FileExtractor = {
  name: 'csv',
  accepts: (file) =>
    fileExtension(file.name) === 'csv' || ['text/csv', 'application/csv', 'text/comma-separated-values', 'text/x-csv'].includes(file.contentType),
  extract: readCsv,
};
