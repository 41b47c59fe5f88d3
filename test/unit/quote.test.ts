import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRate } from '../../src/domain/money';
import { priceLine } from '../../src/domain/pricing';
import {
  addDays,
  formatMarkupPercent,
  formatQuoteNumber,
  markedUpUnitPrice,
  parseMarkupPercent,
  quoteLine,
  quoteLines,
  quoteStatus,
} from '../../src/domain/quote';

describe('the dealer markup on a commercial offer', () => {
  it('raises the unit price and rounds it half-up to the kopeck', () => {
    expect(markedUpUnitPrice(10_000, 1500)).toBe(11_500);
    // 333 × 1.155 = 384.615 → 385; 1 × 1.005 = 1.005 → 1; 100 × 1.005 = 100.5 → 101 (half goes up).
    expect(markedUpUnitPrice(333, 1550)).toBe(385);
    expect(markedUpUnitPrice(1, 50)).toBe(1);
    expect(markedUpUnitPrice(100, 50)).toBe(101);
    expect(markedUpUnitPrice(12_345, 100_000)).toBe(135_795);
  });

  it('refuses a markup outside 0..1000% or not whole basis points', () => {
    expect(() => markedUpUnitPrice(100, -1)).toThrow(RangeError);
    expect(() => markedUpUnitPrice(100, 100_001)).toThrow(RangeError);
    expect(() => markedUpUnitPrice(100, 1.5)).toThrow(RangeError);
  });

  it('taxes the marked-up line per line, 22% or none', () => {
    expect(quoteLine({ unitPriceKopecks: 99_999, quantity: 3, vatBasisPoints: 2200 }, 1000)).toEqual({
      unitPriceKopecks: 109_999,
      netKopecks: 329_997,
      vatBasisPoints: 2200,
      vatKopecks: 72_599,
      grossKopecks: 402_596,
    });
    expect(quoteLine({ unitPriceKopecks: 5_000, quantity: 2, vatBasisPoints: 0 }, 2000)).toMatchObject({ netKopecks: 12_000, vatKopecks: 0, grossKopecks: 12_000 });
  });

  const line = fc.record({
    unitPriceKopecks: fc.integer({ min: 0, max: 50_000_000 }),
    quantity: fc.integer({ min: 1, max: 10_000 }),
    vatBasisPoints: fc.constantFrom(0, 2000, 2200),
  });

  it('property: the lines add up to the totals exactly, and gross = net + VAT on every line', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 100_000 }), (lines, markup) => {
        const { lines: quoted, totals } = quoteLines(lines, markup);
        expect(totals.netKopecks).toBe(quoted.reduce((s, l) => s + l.netKopecks, 0));
        expect(totals.vatKopecks).toBe(quoted.reduce((s, l) => s + l.vatKopecks, 0));
        expect(totals.grossKopecks).toBe(quoted.reduce((s, l) => s + l.grossKopecks, 0));
        for (const [i, q] of quoted.entries()) {
          expect(q.grossKopecks).toBe(q.netKopecks + q.vatKopecks);
          expect(q.netKopecks).toBe(q.unitPriceKopecks * lines[i]!.quantity);
          expect(q.unitPriceKopecks).toBeGreaterThanOrEqual(lines[i]!.unitPriceKopecks);
          expect(Number.isSafeInteger(q.grossKopecks)).toBe(true);
        }
      }),
    );
  });

  it('property: markup 0 reproduces the dealer’s own prices as pricing computed them', () => {
    const rubPerUsd = parseRate('81.2345');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            listPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
            currency: fc.constantFrom('RUB' as const, 'USD' as const),
            vatMode: fc.constantFrom('standard' as const, 'exempt' as const),
            quantity: fc.integer({ min: 1, max: 1000 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (products) => {
          const dealer = products.map((p) => priceLine({ partNumber: 'X', ...p }, rubPerUsd, '2026-12-01'));
          const { lines: quoted } = quoteLines(dealer.map((d, i) => ({ ...d, quantity: products[i]!.quantity })), 0);
          for (const [i, q] of quoted.entries()) {
            const d = dealer[i]!;
            expect(q).toEqual({ unitPriceKopecks: d.unitPriceKopecks, netKopecks: d.netKopecks, vatBasisPoints: d.vatBasisPoints, vatKopecks: d.vatKopecks, grossKopecks: d.grossKopecks });
          }
        },
      ),
    );
  });
});

describe('markup as people type it', () => {
  it('parses percentages exactly into basis points', () => {
    expect(parseMarkupPercent('15')).toBe(1500);
    expect(parseMarkupPercent('12,5')).toBe(1250);
    expect(parseMarkupPercent(' 0.01 ')).toBe(1);
    expect(parseMarkupPercent('1000')).toBe(100_000);
    expect(parseMarkupPercent('1000,01')).toBeNull();
    expect(parseMarkupPercent('-5')).toBeNull();
    expect(parseMarkupPercent('1.234')).toBeNull();
    expect(parseMarkupPercent('abc')).toBeNull();
  });
  it('prints them back', () => {
    expect(formatMarkupPercent(1500)).toBe('15');
    expect(formatMarkupPercent(1250)).toBe('12,5');
    expect(formatMarkupPercent(1)).toBe('0,01');
    expect(formatMarkupPercent(0)).toBe('0');
  });
});

describe('numbers, dates and status', () => {
  it('numbers offers per year with four digits', () => {
    expect(formatQuoteNumber('2026', 7)).toBe('КП-2026-0007');
    expect(formatQuoteNumber('2027', 12_345)).toBe('КП-2027-12345');
  });
  it('adds calendar days across months and leap years', () => {
    expect(addDays('2026-12-01', 90)).toBe('2027-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
  it('is valid through its last day, then expired; an ordered offer is ordered', () => {
    expect(quoteStatus({ validUntil: '2026-12-10', orderNumber: null }, '2026-12-10')).toBe('active');
    expect(quoteStatus({ validUntil: '2026-12-10', orderNumber: null }, '2026-12-11')).toBe('expired');
    expect(quoteStatus({ validUntil: '2026-12-10', orderNumber: 'SID-1' }, '2026-12-11')).toBe('ordered');
  });
});
