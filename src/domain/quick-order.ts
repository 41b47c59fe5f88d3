/**
 * Quick order: a dealer pastes (or uploads as CSV/XLSX) a list of PartNumbers with quantities.
 * This module turns that text or table into order lines, explaining each line it cannot read;
 * finding the products, pricing and the policy check happen later, where the catalog is.
 *
 * Rules, decided once here:
 * - A line is `PartNumber, quantity[, vendor code]`, separated by a tab, `;`, `,` or spaces (with
 *   spaces the quantity is the last number, so a PartNumber may itself contain spaces).
 * - Blank lines are skipped; the first line is a header when its quantity is not a number and it
 *   names its columns (PartNumber/Артикул, Qty/Количество, Vendor/Вендор), which then also tell
 *   where the columns are.
 * - The quantity is required: a missing, fractional, zero or too large one is an error on its line,
 *   never a guessed 1. `5 шт` is read as 5. A decimal comma is a fraction, not a separator:
 *   `MS4886S1Y-01 1,5` is PartNumber `MS4886S1Y-01` with the quantity 1,5, refused as fractional
 *   (never PartNumber `MS4886S1Y-01 1` with 5).
 * - The same PartNumber (and vendor, when given) on several lines is merged into its first line,
 *   quantities added; the later lines say where they went. A line with a bad quantity is not merged.
 */
import { normalizePartNumber } from './part-number';

export const QUICK_ORDER_MAX_LINES = 500;
export const QUICK_ORDER_MAX_BYTES = 2 * 1024 * 1024;
/** The most one order line may hold (as `POST /api/orders` accepts). */
export const QUICK_ORDER_MAX_QUANTITY = 100_000;

/** One input line: its number as the dealer sees it (1-based), its text, and its cells. */
export interface QuickOrderRow {
  lineNo: number;
  raw: string;
  cells: string[];
}

export type QuickOrderLineProblem =
  | { code: 'missing_part_number' }
  | { code: 'missing_quantity' }
  | { code: 'bad_quantity'; value: string }
  | { code: 'fractional_quantity'; value: string }
  | { code: 'quantity_out_of_range'; value: number; min: number; max: number };

interface LineBase {
  lineNo: number;
  raw: string;
}
export type QuickOrderLine =
  /** Readable: to be looked up in the catalog. `mergedLineNos` are later lines added into this one. */
  | (LineBase & { status: 'parsed'; partNumber: string; vendor: string | null; quantity: number; mergedLineNos: number[] })
  | (LineBase & { status: 'invalid'; partNumber: string | null; problem: QuickOrderLineProblem })
  /** A repeat of an earlier line, whose quantity now includes this one's. */
  | (LineBase & { status: 'merged'; partNumber: string; vendor: string | null; quantity: number; mergedInto: number });

export type ParsedQuickOrder =
  | { ok: true; header: { lineNo: number; raw: string } | null; lines: QuickOrderLine[] }
  | { ok: false; problem: 'no_lines' }
  | { ok: false; problem: 'too_many_lines'; count: number; max: number };

const QUANTITY = /^(\d[\d \u00a0]*)(?:\s*(?:шт|pcs)\.?)?$/i;

/** "5", "1 000", "5 шт" -> the number; anything else (fractions, signs, words) -> null. */
export function parseQuantity(cell: string): number | null {
  const match = QUANTITY.exec(cell.trim());
  if (!match) return null;
  const digits = match[1]!.replace(/[ \u00a0]/g, '');
  // Past 15 digits a number is no longer exact; no order holds that many anyway.
  return digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits);
}

/**
 * Splits pasted text into rows. Each line is split on the first separator it contains, in the
 * order tab, `;`, `,`; a line with none of them is split on spaces around its quantity.
 */
export function splitPastedText(text: string): QuickOrderRow[] {
  return text.split(/\r\n|\r|\n/).map((raw, i) => ({ lineNo: i + 1, raw, cells: splitLine(raw) }));
}

/** A number with a fractional part standing as a word of its own: "1,5", "0.5 шт". */
const FRACTION = /^\d+[.,]\d+$/;
const FRACTION_WORD = /(?:^|\s)\d+,\d+(?=\s|$)/;

function splitLine(line: string): string[] {
  for (const separator of ['\t', ';']) if (line.includes(separator)) return line.split(separator).map((c) => c.trim());
  // "MS4886S1Y-01 1,5": a comma between digits after a space is a decimal comma, not a column
  // ("DR6203A1Y-01,2" still is PartNumber and quantity).
  if (line.includes(',') && !FRACTION_WORD.test(line)) return line.split(',').map((c) => c.trim());
  const tokens = line.trim().split(/\s+/).filter((token) => token !== '');
  if (tokens.length <= 1) return tokens;
  const last = tokens.length - 1;
  // "KL4863 RAAFS 5 шт": the unit belongs to the quantity.
  if (/^(шт|pcs)\.?$/i.test(tokens[last]!) && tokens.length > 2) return [tokens.slice(0, last - 1).join(' '), `${tokens[last - 1]} ${tokens[last]}`];
  // A fraction stands where the quantity does, to be refused as one.
  const quantityLike = (token: string) => parseQuantity(token) !== null || FRACTION.test(token);
  if (quantityLike(tokens[last]!)) return [tokens.slice(0, last).join(' '), tokens[last]!];
  // "KL4863RAAFS 5 KASP": a vendor code after the quantity.
  if (tokens.length > 2 && quantityLike(tokens[last - 1]!)) return [tokens.slice(0, last - 1).join(' '), tokens[last - 1]!, tokens[last]!];
  return [tokens.slice(0, last).join(' '), tokens[last]!];
}

/** The rows of an uploaded table (CSV or the first sheet of a workbook); row i is line i + 1. */
export function rowsOfTable(table: readonly string[][]): QuickOrderRow[] {
  return table.map((cells, i) => {
    const trimmed = cells.map((c) => c.trim());
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
    return { lineNo: i + 1, raw: trimmed.join('; '), cells: trimmed };
  });
}

interface Columns {
  partNumber: number;
  quantity: number;
  vendor: number | null;
}
const DEFAULT_COLUMNS: Columns = { partNumber: 0, quantity: 1, vendor: 2 };
// Whole cells only: a PartNumber such as "SKU-100" must not pass for a header.
const HEADER_WORDS = {
  partNumber: /^(part\s*-?\s*(number|no\.?|#)?|артикул|sku|p\/?n|код(\s+товара)?)$/i,
  quantity: /^(qty|quantity|кол\.?|кол-во|количество(,?\s*шт\.?)?|шт\.?)$/i,
  vendor: /^(vendor(\s*code)?|вендор|производитель)$/i,
};

/** The columns a header line names, or null when the line is not a header. */
function headerColumns(cells: string[]): Columns | null {
  const find = (pattern: RegExp) => cells.findIndex((c) => pattern.test(c.trim()));
  const partNumber = find(HEADER_WORDS.partNumber);
  const quantity = find(HEADER_WORDS.quantity);
  if (partNumber < 0 && quantity < 0) return null;
  // A line with a readable quantity where the quantity stands is data, whatever its words.
  if (parseQuantity(cells[quantity >= 0 ? quantity : 1] ?? '') !== null) return null;
  const vendor = find(HEADER_WORDS.vendor);
  return {
    partNumber: partNumber >= 0 ? partNumber : 0,
    quantity: quantity >= 0 ? quantity : partNumber === 1 ? 0 : 1,
    vendor: vendor >= 0 ? vendor : null,
  };
}

const isBlank = (row: QuickOrderRow) => row.cells.every((c) => c.trim() === '');

/** Reads the rows into order lines: each readable, merged into an earlier one, or explained. */
export function parseQuickOrder(rows: readonly QuickOrderRow[]): ParsedQuickOrder {
  const filled = rows.filter((row) => !isBlank(row));
  const first = filled[0];
  const headerCols = first ? headerColumns(first.cells) : null;
  const dataRows = headerCols ? filled.slice(1) : filled;
  if (dataRows.length === 0) return { ok: false, problem: 'no_lines' };
  if (dataRows.length > QUICK_ORDER_MAX_LINES) return { ok: false, problem: 'too_many_lines', count: dataRows.length, max: QUICK_ORDER_MAX_LINES };
  const columns = headerCols ?? DEFAULT_COLUMNS;

  const lines: QuickOrderLine[] = [];
  const firstOf = new Map<string, Extract<QuickOrderLine, { status: 'parsed' }>>();
  for (const row of dataRows) {
    const base = { lineNo: row.lineNo, raw: row.raw };
    const cell = (index: number | null) => (index === null ? '' : (row.cells[index] ?? '').trim());
    const partNumber = cell(columns.partNumber);
    const quantityCell = cell(columns.quantity);
    const vendor = cell(columns.vendor).toUpperCase() || null;
    if (!partNumber) {
      lines.push({ ...base, status: 'invalid', partNumber: null, problem: { code: 'missing_part_number' } });
      continue;
    }
    const problem = quantityProblem(quantityCell);
    if (problem) {
      lines.push({ ...base, status: 'invalid', partNumber, problem });
      continue;
    }
    const quantity = parseQuantity(quantityCell)!;
    const key = `${normalizePartNumber(partNumber)}|${vendor ?? ''}`;
    const earlier = firstOf.get(key);
    if (earlier) {
      earlier.quantity += quantity;
      earlier.mergedLineNos.push(row.lineNo);
      lines.push({ ...base, status: 'merged', partNumber, vendor, quantity, mergedInto: earlier.lineNo });
      continue;
    }
    const line = { ...base, status: 'parsed' as const, partNumber, vendor, quantity, mergedLineNos: [] };
    firstOf.set(key, line);
    lines.push(line);
  }
  // Merging may push a line past the limit: that line is then explained, not silently capped.
  const checked = lines.map((line): QuickOrderLine => {
    if (line.status !== 'parsed' || line.quantity <= QUICK_ORDER_MAX_QUANTITY) return line;
    return { lineNo: line.lineNo, raw: line.raw, status: 'invalid', partNumber: line.partNumber, problem: { code: 'quantity_out_of_range', value: line.quantity, min: 1, max: QUICK_ORDER_MAX_QUANTITY } };
  });
  return { ok: true, header: headerCols && first ? { lineNo: first.lineNo, raw: first.raw } : null, lines: checked };
}

function quantityProblem(cell: string): QuickOrderLineProblem | null {
  if (cell === '') return { code: 'missing_quantity' };
  const quantity = parseQuantity(cell);
  if (quantity === null) return FRACTION.test(cell.replace(/\s*(шт|pcs)\.?$/i, '')) ? { code: 'fractional_quantity', value: cell } : { code: 'bad_quantity', value: cell };
  if (quantity < 1 || quantity > QUICK_ORDER_MAX_QUANTITY) return { code: 'quantity_out_of_range', value: quantity, min: 1, max: QUICK_ORDER_MAX_QUANTITY };
  return null;
}
