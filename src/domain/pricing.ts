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
  /** Exempt («Без НДС») or the general rate: 1C posts exempt and 0% differently, so the mode travels with the line. */
  vatMode: VatMode;
  /** Net unit price in RUB kopecks after conversion. */
  unitPriceKopecks: Minor;
  netKopecks: Minor;
  vatBasisPoints: number;
  vatKopecks: Minor;
  grossKopecks: Minor;
  /**
   * The same line in USD cents, rounded on its own so lines add up in both currencies. A RUB-priced
   * line is converted once from its line total in kopecks (per line, as documented), not per unit.
   */
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
 * USD figures: a USD-priced line is exact in cents (unit × quantity, VAT on it); a RUB-priced line
 * converts its kopeck totals to cents once per line (`lineToCents`). Never from the order's RUB
 * total, so the sum of lines equals the total exactly in both currencies. The cart, orders, quotes
 * and documents all take their figures from here.
 */
export function priceLine(input: PricedProductInput, rubPerUsd: bigint, onDate: string): LineAmounts {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new RangeError(`quantity for ${input.partNumber} must be a positive whole number`);
  }
  const vatBasisPoints = vatRateBasisPoints(input.vatMode, onDate);
  const unitPriceKopecks = convert(input.listPriceMinor, input.currency, 'RUB', rubPerUsd);
  const netKopecks = unitPriceKopecks * input.quantity;
  const vatKopecks = percentOf(netKopecks, vatBasisPoints);
  const grossKopecks = netKopecks + vatKopecks;
  const cents =
    input.currency === 'USD'
      ? usdLineCents(input.listPriceMinor * input.quantity, vatBasisPoints)
      : lineToCents({ netKopecks, grossKopecks }, rubPerUsd);
  return {
    vatMode: input.vatMode,
    unitPriceKopecks,
    netKopecks,
    vatBasisPoints,
    vatKopecks,
    grossKopecks,
    ...cents,
  };
}

/** A USD-priced line in cents: exact net, VAT rounded on the line. */
function usdLineCents(netCents: Minor, vatBasisPoints: number): { netCents: Minor; vatCents: Minor; grossCents: Minor } {
  const vatCents = percentOf(netCents, vatBasisPoints);
  return { netCents, vatCents, grossCents: netCents + vatCents };
}

/**
 * A RUB line's USD figures: its net and gross totals in kopecks each converted to cents once,
 * half-up; VAT in cents is what lies between, so net + VAT = gross in cents too.
 */
export function lineToCents(line: { netKopecks: Minor; grossKopecks: Minor }, rubPerUsd: bigint): { netCents: Minor; vatCents: Minor; grossCents: Minor } {
  const netCents = convert(line.netKopecks, 'RUB', 'USD', rubPerUsd);
  const grossCents = convert(line.grossKopecks, 'RUB', 'USD', rubPerUsd);
  return { netCents, vatCents: grossCents - netCents, grossCents };
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
