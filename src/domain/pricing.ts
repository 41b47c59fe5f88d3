import { convert, percentOf, type Currency, type Minor } from './money';
import { vatRateBasisPoints, type VatMode } from './vat';

/** A product's price as the order needs it; list prices are net of VAT in the price list's currency. */
export interface PricedProductInput {
  partNumber: string;
  listPriceMinor: Minor;
  currency: Currency;
  vatMode: VatMode;
  quantity: number;
}

export interface LineAmounts {
  /** Net unit price in RUB kopecks after conversion. */
  unitPriceKopecks: Minor;
  netKopecks: Minor;
  vatBasisPoints: number;
  vatKopecks: Minor;
  grossKopecks: Minor;
  /** The same line in USD cents, rounded on its own so lines add up in both currencies. */
  netCents: Minor;
  vatCents: Minor;
  grossCents: Minor;
}

export interface Totals {
  netKopecks: Minor;
  vatKopecks: Minor;
  grossKopecks: Minor;
  netCents: Minor;
  vatCents: Minor;
  grossCents: Minor;
}

/**
 * Prices one line: unit price converted to kopecks (half-up), times quantity, VAT rounded per line.
 * USD figures are derived from the line's own currency, never from the RUB total, so the sum of
 * lines equals the total exactly in both currencies.
 */
export function priceLine(input: PricedProductInput, rubPerUsd: bigint, onDate: string): LineAmounts {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new RangeError(`quantity for ${input.partNumber} must be a positive whole number`);
  }
  const vatBasisPoints = vatRateBasisPoints(input.vatMode, onDate);
  const unitPriceKopecks = convert(input.listPriceMinor, input.currency, 'RUB', rubPerUsd);
  const unitPriceCents = convert(input.listPriceMinor, input.currency, 'USD', rubPerUsd);
  const netKopecks = unitPriceKopecks * input.quantity;
  const netCents = unitPriceCents * input.quantity;
  const vatKopecks = percentOf(netKopecks, vatBasisPoints);
  const vatCents = percentOf(netCents, vatBasisPoints);
  return {
    unitPriceKopecks,
    netKopecks,
    vatBasisPoints,
    vatKopecks,
    grossKopecks: netKopecks + vatKopecks,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
  };
}

export function sumLines(lines: readonly LineAmounts[]): Totals {
  const totals: Totals = { netKopecks: 0, vatKopecks: 0, grossKopecks: 0, netCents: 0, vatCents: 0, grossCents: 0 };
  for (const line of lines) {
    totals.netKopecks += line.netKopecks;
    totals.vatKopecks += line.vatKopecks;
    totals.grossKopecks += line.grossKopecks;
    totals.netCents += line.netCents;
    totals.vatCents += line.vatCents;
    totals.grossCents += line.grossCents;
  }
  return totals;
}
