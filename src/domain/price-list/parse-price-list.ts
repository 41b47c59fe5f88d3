/**
 * A vendor's price list, already decoded into a table of text cells (CSV or XLSX, see
 * src/api/pricing/price-list-file.ts), checked row by row into the rows to write and the rows
 * refused, each refused row with its row number in the file and every reason found.
 *
 * What a row leaves out comes from the catalog: an existing product keeps its name, category,
 * currency, VAT and term; a new one takes the currency and VAT most of the vendor's products have.
 */
import type { Currency } from '../money';
import { normalizePartNumber } from '../part-number';
import type { VatMode } from '../vat';
import { findHeader, type Header } from './columns';
import { priceListMessages, type PriceListMessages } from './messages.ru';
import { parsePrice } from './price';
import { hasBidiControl } from '../text-safety';

export const PRODUCT_SEGMENTS = ['commercial', 'edu', 'gov'] as const;
export type ProductSegment = (typeof PRODUCT_SEGMENTS)[number];

/** A product of the vendor as the catalog holds it now. */
export interface CatalogProduct {
  partNumber: string;
  name: string;
  category: string;
  segment: string;
  listPriceMinor: number;
  currency: Currency;
  vatMode: VatMode;
  licenseTermMonths: number | null;
  active: boolean;
}

export interface VendorCatalog {
  products: readonly CatalogProduct[];
  /** What most of the vendor's products are priced in and taxed at: defaults for new products. */
  usualCurrency: Currency | null;
  usualVatMode: VatMode | null;
}

/** A row as it will be written to the catalog. */
export interface PriceListRow {
  /** 1-based, as the spreadsheet shows it. */
  rowNumber: number;
  /** The catalog's spelling when the product exists (matched by normal form), else the file's. */
  partNumber: string;
  partNumberNormalized: string;
  name: string;
  category: string;
  segment: ProductSegment;
  listPriceMinor: number;
  currency: Currency;
  vatMode: VatMode;
  licenseTermMonths: number | null;
}

export interface RejectedRow {
  rowNumber: number;
  partNumber: string | null;
  reasons: string[];
}

export type PriceListParse =
  | { ok: true; headerRowNumber: number; ignoredColumns: string[]; accepted: PriceListRow[]; rejected: RejectedRow[] }
  | { ok: false; error: string };

export const HEADER_LOOK_AHEAD = 20;
export const MAX_ROWS = 50_000;
const MAX_PART_NUMBER = 100;
const MAX_NAME = 500;
const MAX_CATEGORY = 200;
const MAX_TERM_MONTHS = 120;

const CURRENCY_WORDS: Record<string, Currency> = { rub: 'RUB', rur: 'RUB', руб: 'RUB', рубль: 'RUB', рубли: 'RUB', '₽': 'RUB', usd: 'USD', '$': 'USD', доллар: 'USD', долларсша: 'USD' };
const EXEMPT_WORDS = new Set(['безндс', 'без', 'нет', 'освобождено', 'необлагается', 'no', 'novat', 'exempt', 'none']);
const STANDARD_WORDS = new Set(['22', '22%', 'ндс22', 'ндс22%', 'сндс', 'vat22', 'vat22%']);
const SEGMENT_WORDS: Record<string, ProductSegment> = {
  commercial: 'commercial',
  коммерческий: 'commercial',
  коммерческая: 'commercial',
  com: 'commercial',
  edu: 'edu',
  образование: 'edu',
  образовательный: 'edu',
  gov: 'gov',
  гос: 'gov',
  государственный: 'gov',
};
const PERPETUAL_WORDS = new Set(['', 'бессрочно', 'бессрочная', 'бессрочный', 'perpetual', '—', '-']);

const word = (text: string) => text.trim().toLowerCase().replace(/ё/g, 'е').replace(/[\s.,]+/g, '');

export function parsePriceList(table: readonly (readonly string[])[], catalog: VendorCatalog, messages: PriceListMessages = priceListMessages): PriceListParse {
  if (table.every((row) => row.every((cell) => cell.trim() === ''))) return { ok: false, error: messages.emptyFile };
  if (table.length > MAX_ROWS + HEADER_LOOK_AHEAD) return { ok: false, error: messages.tooManyRows(MAX_ROWS) };
  const found = findHeader(table, HEADER_LOOK_AHEAD);
  if (!found.ok) {
    return { ok: false, error: found.duplicate ? messages.duplicateColumn(found.duplicate.title, found.duplicate.first, found.duplicate.second) : messages.noHeader(HEADER_LOOK_AHEAD) };
  }
  const { header } = found;
  const existing = new Map(catalog.products.map((p) => [normalizePartNumber(p.partNumber), p]));

  const accepted: PriceListRow[] = [];
  const rejected: RejectedRow[] = [];
  for (let index = header.rowIndex + 1; index < table.length; index++) {
    const cells = table[index]!;
    if (cells.every((cell) => cell.trim() === '')) continue;
    const outcome = checkRow(cells, index + 1, header, existing, catalog, messages);
    if ('reasons' in outcome) rejected.push(outcome);
    else accepted.push(outcome);
  }
  if (accepted.length + rejected.length === 0) return { ok: false, error: messages.noRows };

  // The same product twice in one file: which price is meant cannot be known, so neither row is taken.
  const byPartNumber = new Map<string, number[]>();
  for (const row of [...accepted, ...rejected]) {
    const key = row.partNumber === null ? '' : normalizePartNumber(row.partNumber);
    if (key) byPartNumber.set(key, [...(byPartNumber.get(key) ?? []), row.rowNumber]);
  }
  const duplicated = new Set([...byPartNumber.values()].filter((numbers) => numbers.length > 1).flat());
  const refusals = new Map(rejected.map((row) => [row.rowNumber, row]));
  for (const row of [...accepted, ...rejected]) {
    if (!duplicated.has(row.rowNumber)) continue;
    const others = byPartNumber.get(normalizePartNumber(row.partNumber!))!.filter((n) => n !== row.rowNumber);
    const reason = messages.duplicate(row.partNumber!, others);
    const refusal = refusals.get(row.rowNumber);
    if (refusal) refusal.reasons.push(reason);
    else refusals.set(row.rowNumber, { rowNumber: row.rowNumber, partNumber: row.partNumber, reasons: [reason] });
  }
  return {
    ok: true,
    headerRowNumber: header.rowIndex + 1,
    ignoredColumns: header.ignored,
    accepted: accepted.filter((row) => !duplicated.has(row.rowNumber)),
    rejected: [...refusals.values()].sort((a, b) => a.rowNumber - b.rowNumber),
  };
}

function checkRow(
  cells: readonly string[],
  rowNumber: number,
  header: Header,
  existing: ReadonlyMap<string, CatalogProduct>,
  catalog: VendorCatalog,
  messages: PriceListMessages,
): PriceListRow | RejectedRow {
  const cell = (column: keyof Header['columns']): string | undefined => {
    const at = header.columns[column];
    return at === undefined ? undefined : (cells[at] ?? '').trim();
  };
  const reasons: string[] = [];

  const rawPartNumber = cell('partNumber') ?? '';
  const partNumberNormalized = normalizePartNumber(rawPartNumber);
  if (!partNumberNormalized) reasons.push(messages.partNumberMissing);
  else if (rawPartNumber.length > MAX_PART_NUMBER) reasons.push(messages.partNumberTooLong(MAX_PART_NUMBER));
  const known = partNumberNormalized ? existing.get(partNumberNormalized) : undefined;

  const priceText = cell('price') ?? '';
  const price = parsePrice(priceText);
  if (!price.ok) {
    const problem = {
      missing: messages.priceMissing,
      notNumber: messages.priceNotNumber(priceText),
      tooPrecise: messages.priceTooPrecise(priceText),
      negative: messages.priceNegative(priceText),
      zero: messages.priceZero,
      tooLarge: messages.priceTooLarge(priceText),
    }[price.problem];
    reasons.push(problem);
  }

  const currencyText = cell('currency') ?? '';
  let currency: Currency | null = known?.currency ?? catalog.usualCurrency;
  if (currencyText) {
    const named = CURRENCY_WORDS[word(currencyText)];
    if (named) currency = named;
    else reasons.push(messages.currencyUnknown(currencyText));
  } else if (!currency) reasons.push(messages.currencyMissing);

  const vatText = cell('vat') ?? '';
  let vatMode: VatMode | null = known?.vatMode ?? catalog.usualVatMode;
  if (vatText) {
    const w = word(vatText);
    if (EXEMPT_WORDS.has(w)) vatMode = 'exempt';
    else if (STANDARD_WORDS.has(w)) vatMode = 'standard';
    else reasons.push(messages.vatUnknown(vatText));
  } else if (!vatMode) reasons.push(messages.vatMissing);

  const name = cell('name') || known?.name || '';
  if (!name) reasons.push(messages.nameMissing);
  else if (name.length > MAX_NAME) reasons.push(messages.nameTooLong(MAX_NAME));
  else if (hasBidiControl(name)) reasons.push(messages.nameBidi);
  const category = cell('category') || known?.category || '';
  if (!category) reasons.push(messages.categoryMissing);
  else if (category.length > MAX_CATEGORY) reasons.push(messages.categoryTooLong(MAX_CATEGORY));

  const segmentText = cell('segment') ?? '';
  let segment: ProductSegment = (PRODUCT_SEGMENTS as readonly string[]).includes(known?.segment ?? '') ? (known!.segment as ProductSegment) : 'commercial';
  if (segmentText) {
    const named = SEGMENT_WORDS[word(segmentText)];
    if (named) segment = named;
    else reasons.push(messages.segmentUnknown(segmentText));
  }

  // Without the column a product keeps its term; with it, a blank cell means a perpetual licence.
  const termText = cell('termMonths');
  let licenseTermMonths = known ? known.licenseTermMonths : null;
  if (termText !== undefined) {
    if (PERPETUAL_WORDS.has(word(termText))) licenseTermMonths = null;
    else if (/^\d{1,3}$/.test(termText) && Number(termText) >= 1 && Number(termText) <= MAX_TERM_MONTHS) licenseTermMonths = Number(termText);
    else reasons.push(messages.termInvalid(termText, MAX_TERM_MONTHS));
  }

  const partNumber = known?.partNumber ?? rawPartNumber;
  if (reasons.length > 0 || !price.ok || !currency || !vatMode) return { rowNumber, partNumber: partNumberNormalized ? partNumber : null, reasons };
  return { rowNumber, partNumber, partNumberNormalized, name, category, segment, listPriceMinor: price.minor, currency, vatMode, licenseTermMonths };
}
