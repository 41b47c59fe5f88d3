/**
 * The dealer's own price list as an Excel workbook: every product on sale of the vendors it may
 * sell, at its own price for one licence (priced by the catalog's dealerPricing), in roubles and
 * in dollars at the rate in force, with its VAT mode.
 */
import type { products } from '../../../db/schema';
import { convert, type Minor } from '../../domain/money';
import { vatRateBasisPoints } from '../../domain/vat';
import { writeXlsx, type XlsxRow } from '../../infra/xlsx-writer';
import { ru } from '../../locale/ru';
import type { DealerUnitPrice } from '../../usecases/pricing/dealer-pricing';

const t = ru.exports;

export interface PriceListInput {
  dealerName: string;
  /** Moscow calendar date, YYYY-MM-DD. */
  date: string;
  usd: { rate: string; rateDate: string } | null;
  rubPerUsd: bigint | null;
  items: Array<{ product: typeof products.$inferSelect; vendorName: string; price: DealerUnitPrice }>;
}

const dotted = (isoDate: string) => isoDate.split('-').reverse().join('.');
const money = (minor: Minor | null) => (minor === null ? null : { kopecks: minor });

export function vatModeLabel(mode: 'standard' | 'exempt', date: string): string {
  return mode === 'exempt' ? t.vatExempt : t.vatStandard(String(vatRateBasisPoints(mode, date) / 100));
}

export function renderPriceListXlsx(input: PriceListInput): Buffer {
  const rows: XlsxRow[] = [
    { cells: [t.priceListTitle(input.dealerName, dotted(input.date))], bold: true },
    { cells: [input.usd ? t.priceListRate(input.usd.rate, dotted(input.usd.rateDate)) : t.priceListNoRate] },
    { cells: [] },
    { cells: t.priceListHeaders, bold: true },
  ];
  for (const { product: p, vendorName, price } of input.items) {
    const { minor, currency } = price.price;
    const usdCents = currency === 'USD' ? minor : input.rubPerUsd ? convert(minor, currency, 'USD', input.rubPerUsd) : null;
    rows.push({ cells: [p.partNumber, p.name, vendorName, p.category, vatModeLabel(p.vatMode, input.date), money(price.priceKopecks), money(usdCents)] });
  }
  return writeXlsx({ name: t.priceListSheet, rows, columnWidths: [22, 60, 20, 24, 18, 16, 16] });
}
