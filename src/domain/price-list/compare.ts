/**
 * What applying a price list would change in the vendor's catalog: new products, changed prices
 * (old → new), other changes, untouched products, and products the file does not mention.
 */
import type { Currency } from '../money';
import { normalizePartNumber } from '../part-number';
import type { CatalogProduct, PriceListRow, RejectedRow } from './parse-price-list';

export interface PriceChange {
  partNumber: string;
  name: string;
  old: { minor: number; currency: Currency };
  new: { minor: number; currency: Currency };
}

export interface PriceListSummary {
  counts: {
    newProducts: number;
    priceChanges: number;
    /** Same price, but the name, category, segment, VAT, term or active flag changes. */
    otherChanges: number;
    unchanged: number;
    rejected: number;
    missing: number;
  };
  newProducts: Array<{ partNumber: string; name: string; listPriceMinor: number; currency: Currency }>;
  priceChanges: PriceChange[];
  otherChanges: Array<{ partNumber: string; name: string; fields: string[] }>;
  /** Active products of the vendor that the file names nowhere, not even in a refused row. */
  missing: Array<{ partNumber: string; name: string }>;
}

const FIELDS = ['name', 'category', 'segment', 'vatMode', 'licenseTermMonths'] as const;

export function comparePriceList(accepted: readonly PriceListRow[], rejected: readonly RejectedRow[], products: readonly CatalogProduct[]): PriceListSummary {
  const byKey = new Map(products.map((p) => [normalizePartNumber(p.partNumber), p]));
  const summary: PriceListSummary = {
    counts: { newProducts: 0, priceChanges: 0, otherChanges: 0, unchanged: 0, rejected: rejected.length, missing: 0 },
    newProducts: [],
    priceChanges: [],
    otherChanges: [],
    missing: [],
  };
  for (const row of accepted) {
    const old = byKey.get(row.partNumberNormalized);
    if (!old) {
      summary.newProducts.push({ partNumber: row.partNumber, name: row.name, listPriceMinor: row.listPriceMinor, currency: row.currency });
      continue;
    }
    if (old.listPriceMinor !== row.listPriceMinor || old.currency !== row.currency) {
      summary.priceChanges.push({ partNumber: row.partNumber, name: row.name, old: { minor: old.listPriceMinor, currency: old.currency }, new: { minor: row.listPriceMinor, currency: row.currency } });
      continue;
    }
    const fields: string[] = FIELDS.filter((field) => old[field] !== row[field]);
    if (!old.active) fields.push('active');
    if (fields.length > 0) summary.otherChanges.push({ partNumber: row.partNumber, name: row.name, fields });
    else summary.counts.unchanged++;
  }
  const named = new Set([...accepted.map((r) => r.partNumberNormalized), ...rejected.flatMap((r) => (r.partNumber ? [normalizePartNumber(r.partNumber)] : []))]);
  summary.missing = products.filter((p) => p.active && !named.has(normalizePartNumber(p.partNumber))).map((p) => ({ partNumber: p.partNumber, name: p.name }));
  summary.counts.newProducts = summary.newProducts.length;
  summary.counts.priceChanges = summary.priceChanges.length;
  summary.counts.otherChanges = summary.otherChanges.length;
  summary.counts.missing = summary.missing.length;
  return summary;
}

/** What the vendor's products are mostly priced in and taxed at: the defaults for a new product. */
export function usualTerms(products: readonly CatalogProduct[]): { usualCurrency: Currency | null; usualVatMode: CatalogProduct['vatMode'] | null } {
  const most = <T,>(values: T[]): T | null => {
    const counts = new Map<T, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  };
  return { usualCurrency: most(products.map((p) => p.currency)), usualVatMode: most(products.map((p) => p.vatMode)) };
}
