import { describe, expect, it } from 'vitest';
import { parseRate } from '../../src/domain/money';
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
