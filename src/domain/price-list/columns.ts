/**
 * The header row of a vendor price list. Vendors and our own managers write it in Russian or
 * English, in any case, with units and punctuation ("Срок, мес.", "Part No."): titles are compared
 * by their letters and digits only.
 */
export const PRICE_LIST_COLUMNS = ['partNumber', 'name', 'category', 'price', 'currency', 'vat', 'segment', 'termMonths'] as const;
export type PriceListColumn = (typeof PRICE_LIST_COLUMNS)[number];

/** "Срок, мес." → "срокмес"; "Part No." → "partno". */
export function normalizeTitle(title: string): string {
  return title.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');
}

const TITLES: Record<PriceListColumn, readonly string[]> = {
  partNumber: ['partnumber', 'partno', 'pn', 'sku', 'артикул', 'партномер', 'кодтовара'],
  name: ['наименование', 'название', 'наименованиетовара', 'name', 'productname', 'description'],
  category: ['категория', 'category'],
  price: ['цена', 'price', 'listprice', 'ценапрайс', 'прайс'],
  currency: ['валюта', 'currency'],
  vat: ['ндс', 'vat', 'ставкандс', 'vatrate'],
  segment: ['сегмент', 'segment'],
  termMonths: ['срокмес', 'срок', 'срокмесяцев', 'срокдействиямес', 'termmonths', 'term', 'months'],
};

const COLUMN_BY_TITLE = new Map<string, PriceListColumn>(
  PRICE_LIST_COLUMNS.flatMap((column) => TITLES[column].map((title) => [title, column] as const)),
);

export function columnOf(title: string): PriceListColumn | undefined {
  return COLUMN_BY_TITLE.get(normalizeTitle(title));
}

export interface Header {
  /** Index of the header row in the table (0-based). */
  rowIndex: number;
  /** Cell index of each recognised column. */
  columns: Partial<Record<PriceListColumn, number>>;
  /** Titles nobody reads (a vendor's own remarks): listed for staff, not an error. */
  ignored: string[];
}

export type HeaderResult = { ok: true; header: Header } | { ok: false; duplicate?: { title: string; first: number; second: number } };

/**
 * The first row, among the first `lookAhead`, that names at least the PartNumber and the price:
 * price lists often open with a title and a date above the table.
 */
export function findHeader(table: readonly (readonly string[])[], lookAhead: number): HeaderResult {
  for (let rowIndex = 0; rowIndex < Math.min(table.length, lookAhead); rowIndex++) {
    const cells = table[rowIndex]!;
    const columns: Partial<Record<PriceListColumn, number>> = {};
    const ignored: string[] = [];
    let duplicate: { title: string; first: number; second: number } | undefined;
    cells.forEach((cell, index) => {
      const column = columnOf(cell);
      if (!column) {
        if (cell.trim()) ignored.push(cell.trim());
        return;
      }
      const first = columns[column];
      if (first !== undefined) duplicate ??= { title: cell.trim(), first: first + 1, second: index + 1 };
      else columns[column] = index;
    });
    if (columns.partNumber === undefined || columns.price === undefined) continue;
    if (duplicate) return { ok: false, duplicate };
    return { ok: true, header: { rowIndex, columns, ignored } };
  }
  return { ok: false };
}
