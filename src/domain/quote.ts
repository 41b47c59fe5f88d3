/**
 * A dealer's commercial offer (коммерческое предложение) to its own customer: the dealer's prices
 * raised by its markup. Pure, so the API, the PDF and the browser compute the same figures.
 */
import { divRoundHalfUp, percentOf, type Minor } from './money';

/** 0..1000%: a markup over ten-fold is a typo, not a price. */
export const MAX_MARKUP_BASIS_POINTS = 100_000;
/** How far ahead an offer may be valid, in calendar days from today. */
export const MAX_QUOTE_VALIDITY_DAYS = 90;

/** A line as the dealer pays it (what `priceLine` produced): net unit price in kopecks, VAT rate. */
export interface DealerPricedLine {
  unitPriceKopecks: Minor;
  quantity: number;
  vatBasisPoints: number;
}

/** A line as the customer is offered it. */
export interface QuotedAmounts {
  unitPriceKopecks: Minor;
  netKopecks: Minor;
  vatBasisPoints: number;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

export interface QuoteTotals {
  netKopecks: Minor;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

/**
 * The unit price raised by the markup, rounded half-up to the kopeck. The unit price is rounded
 * (not the line), so that price × quantity = amount holds on the printed offer as on an invoice.
 */
export function markedUpUnitPrice(unitPriceKopecks: Minor, markupBasisPoints: number): Minor {
  if (!Number.isInteger(markupBasisPoints) || markupBasisPoints < 0 || markupBasisPoints > MAX_MARKUP_BASIS_POINTS) {
    throw new RangeError(`markup must be a whole number of basis points from 0 to ${MAX_MARKUP_BASIS_POINTS}, got ${markupBasisPoints}`);
  }
  return Number(divRoundHalfUp(BigInt(unitPriceKopecks) * BigInt(10_000 + markupBasisPoints), 10_000n));
}

/** One line with the markup: VAT on the marked-up net, rounded per line, as `priceLine` does. */
export function quoteLine(line: DealerPricedLine, markupBasisPoints: number): QuotedAmounts {
  const unitPriceKopecks = markedUpUnitPrice(line.unitPriceKopecks, markupBasisPoints);
  const netKopecks = unitPriceKopecks * line.quantity;
  const vatKopecks = percentOf(netKopecks, line.vatBasisPoints);
  return { unitPriceKopecks, netKopecks, vatBasisPoints: line.vatBasisPoints, vatKopecks, grossKopecks: netKopecks + vatKopecks };
}

/** Totals are sums of the rounded lines, so they add up exactly on the document. */
export function sumQuoteLines(lines: readonly QuotedAmounts[]): QuoteTotals {
  const totals: QuoteTotals = { netKopecks: 0, vatKopecks: 0, grossKopecks: 0 };
  for (const l of lines) {
    totals.netKopecks += l.netKopecks;
    totals.vatKopecks += l.vatKopecks;
    totals.grossKopecks += l.grossKopecks;
  }
  return totals;
}

export function quoteLines<L extends DealerPricedLine>(lines: readonly L[], markupBasisPoints: number): { lines: QuotedAmounts[]; totals: QuoteTotals } {
  const quoted = lines.map((l) => quoteLine(l, markupBasisPoints));
  return { lines: quoted, totals: sumQuoteLines(quoted) };
}

/** "15" → 1500, "12,5" → 1250, "0.01" → 1: a percentage typed by a person, exactly, or null. */
export function parseMarkupPercent(text: string): number | null {
  const match = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return basisPoints <= MAX_MARKUP_BASIS_POINTS ? basisPoints : null;
}

/** 1500 → "15", 1250 → "12,5". */
export function formatMarkupPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const frac = basisPoints % 100;
  return frac === 0 ? String(whole) : `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** КП-2026-0007: the dealer's own running number within a year. */
export function formatQuoteNumber(year: string, seq: number): string {
  return `КП-${year}-${String(seq).padStart(4, '0')}`;
}

/** 'YYYY-MM-DD' plus whole calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const QUOTE_STATUSES = ['active', 'expired', 'ordered'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** An offer is good through its last day (Moscow), until it becomes an order. */
export function quoteStatus(quote: { validUntil: string; orderNumber: string | null }, today: string): QuoteStatus {
  if (quote.orderNumber) return 'ordered';
  return quote.validUntil < today ? 'expired' : 'active';
}
