import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, parseRate, RATE_SCALE } from '../../src/domain/money';
import { normalizePartNumber } from '../../src/domain/part-number';
import { priceLine, sumLines } from '../../src/domain/pricing';
import { vatRateBasisPoints } from '../../src/domain/vat';

const rate = parseRate('79,8452');

describe('VAT', () => {
  it('is 22% from 2026, 20% before, and nothing for registry software', () => {
    expect(vatRateBasisPoints('standard', '2026-01-01')).toBe(2200);
    expect(vatRateBasisPoints('standard', '2025-12-31')).toBe(2000);
    expect(vatRateBasisPoints('exempt', '2026-06-01')).toBe(0);
  });
});

describe('line pricing', () => {
  it('converts a USD price per unit, multiplies, then adds VAT rounded per line', () => {
    const line = priceLine({ partNumber: 'AD-1', listPriceMinor: 12_345, currency: 'USD', vatMode: 'standard', quantity: 3 }, rate, '2026-11-27');
    expect(line.unitPriceKopecks).toBe(985_689);
    expect(line.netKopecks).toBe(2_957_067);
    expect(line.vatKopecks).toBe(650_555); // 22% of 29 570.67 = 6 505.5474 → 6 505.55
    expect(line.grossKopecks).toBe(3_607_622);
    expect(line.netCents).toBe(37_035);
    expect(line.vatCents).toBe(8_148); // 22% of 370.35 = 81.477 → 81.48
    expect(line.grossCents).toBe(45_183);
  });

  it('keeps rouble prices exact and exempt lines without VAT', () => {
    const line = priceLine({ partNumber: 'KA-1', listPriceMinor: 1_976_000, currency: 'RUB', vatMode: 'exempt', quantity: 2 }, rate, '2026-11-27');
    expect(line).toMatchObject({ unitPriceKopecks: 1_976_000, netKopecks: 3_952_000, vatKopecks: 0, grossKopecks: 3_952_000 });
  });

  // The pricing day (7 December 2026, the issue's) only picks the VAT rate: fixed, no clock involved.
  it('converts a rouble line to dollars once, from its line total (the issue\'s figures)', () => {
    // 9 × AV0765S2Y-01 at the dealer's price 56 648,00 ₽ (list 58 400,00 less 3%), rate 79,8452:
    // 509 832,00 ₽ / 79,8452 = 6 385,256… → 6 385,26 $ (per unit, then ×9, gave 6 385,23 $).
    const line = priceLine({ partNumber: 'AV0765S2Y-01', listPriceMinor: 5_664_800, currency: 'RUB', vatMode: 'exempt', quantity: 9 }, rate, '2026-12-07');
    expect(line.grossKopecks).toBe(50_983_200);
    expect(line.grossCents).toBe(638_526);
    expect(line).toMatchObject({ vatMode: 'exempt', netCents: 638_526, vatCents: 0 });
    // A rouble line with VAT: net and gross each converted once, VAT the difference.
    const taxed = priceLine({ partNumber: 'RU-22', listPriceMinor: 1_000_001, currency: 'RUB', vatMode: 'standard', quantity: 7 }, rate, '2026-12-07');
    expect(taxed.vatMode).toBe('standard');
    expect(taxed.grossCents).toBe(Number(divRoundHalfUp(BigInt(taxed.grossKopecks) * RATE_SCALE, rate)));
    expect(taxed.netCents + taxed.vatCents).toBe(taxed.grossCents);
  });

  it('property: a rouble line in dollars is its kopeck total converted once, whatever the quantity and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000_00 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1_0000, max: 500_0000 }),
        fc.constantFrom('standard' as const, 'exempt' as const),
        (unitKopecks, quantity, scaledRate, vatMode) => {
          const rubPerUsd = BigInt(scaledRate);
          const line = priceLine({ partNumber: 'P', listPriceMinor: unitKopecks, currency: 'RUB', vatMode, quantity }, rubPerUsd, '2026-12-07');
          // Independent arithmetic: cents = round half-up(kopecks / rate), on exact integers.
          const exact = (kopecks: number) => Number((2n * BigInt(kopecks) * RATE_SCALE + rubPerUsd) / (2n * rubPerUsd));
          expect(line.netKopecks).toBe(unitKopecks * quantity);
          expect(line.grossCents).toBe(exact(line.grossKopecks));
          expect(line.netCents).toBe(exact(line.netKopecks));
          expect(line.netCents + line.vatCents).toBe(line.grossCents);
          // Within half a cent of the exact value: converting per unit drifts by up to quantity/2 cents.
          // (On bigints: kopecks × 10 000 passes 2^53 for large lines.)
          const drift = BigInt(line.grossCents) * rubPerUsd - BigInt(line.grossKopecks) * RATE_SCALE;
          expect((drift < 0n ? -drift : drift) * 2n <= rubPerUsd).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a quantity that is not a positive whole number', () => {
    for (const quantity of [0, -1, 1.5]) {
      expect(() => priceLine({ partNumber: 'X', listPriceMinor: 100, currency: 'RUB', vatMode: 'exempt', quantity }, rate, '2026-11-27')).toThrow(/positive whole/);
    }
  });

  it('totals are the exact sum of the lines in both currencies', () => {
    // Prices chosen so that per-line rounding differs from rounding the total.
    const lines = [1, 3, 7, 11, 13, 333, 999].map((cents, i) =>
      priceLine({ partNumber: `P${i}`, listPriceMinor: cents, currency: 'USD', vatMode: i % 2 ? 'standard' : 'exempt', quantity: i + 1 }, rate, '2026-11-27'),
    );
    const totals = sumLines(lines);
    for (const key of ['netKopecks', 'vatKopecks', 'grossKopecks', 'netCents', 'vatCents', 'grossCents'] as const) {
      expect(totals[key]).toBe(lines.reduce((s, l) => s + l[key], 0));
    }
    expect(totals.grossKopecks).toBe(totals.netKopecks + totals.vatKopecks);
  });
});

describe('PartNumber search form', () => {
  it('ignores case, spaces, dashes, dots and slashes', () => {
    expect(normalizePartNumber(' kl4863 raafs ')).toBe('KL4863RAAFS');
    expect(normalizePartNumber('KL-4863-RAAFS')).toBe('KL4863RAAFS');
    expect(normalizePartNumber('65.27/4563-01')).toBe('652745630' + '1');
  });
});
