import { describe, expect, it } from 'vitest';
import { convert, divRoundHalfUp, formatMinor, formatRate, MoneyError, parseMinor, parseRate, percentOf, withMarkup } from '../../src/domain/money';

describe('money', () => {
  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(149n, 100n)).toBe(1n);
    expect(divRoundHalfUp(150n, 100n)).toBe(2n);
  });

  it('parses Central Bank rates with comma decimals and a nominal', () => {
    expect(parseRate('79,8452')).toBe(798452n);
    expect(parseRate('79.8452')).toBe(798452n);
    expect(parseRate('52,1')).toBe(521000n);
    // 100 tenge cost 15,2861 roubles: 0,152861 per tenge, held to 4 places.
    expect(formatRate(parseRate('15,2861', 100))).toBe('0.1529');
    expect(() => parseRate('79,84521')).toThrow(MoneyError);
    expect(() => parseRate('abc')).toThrow(/not a decimal/);
    expect(() => parseRate('0,0000')).toThrow(/positive/);
  });

  it('converts dollars to roubles and back, rounding to the kopeck', () => {
    const rate = parseRate('79,8452');
    expect(convert(100, 'USD', 'RUB', rate)).toBe(7985); // $1.00 = 79.8452 ₽ → 79.85 ₽
    expect(convert(12_345, 'USD', 'RUB', rate)).toBe(985_689); // 123.45 × 79.8452 = 9856.8899…
    expect(convert(7985, 'RUB', 'USD', rate)).toBe(100);
    expect(convert(500, 'RUB', 'RUB', rate)).toBe(500);
    expect(() => convert(1.5, 'USD', 'RUB', rate)).toThrow(/integer/);
  });

  it('raises a rate by a markup in basis points, half-up to 4 places', () => {
    expect(formatRate(withMarkup(parseRate('79,8452'), 150))).toBe('81.0429');
    expect(formatRate(withMarkup(parseRate('79,8452'), 0))).toBe('79.8452');
    expect(formatRate(withMarkup(parseRate('100'), 1))).toBe('100.0100');
  });

  it('takes percentages in basis points with half-up rounding', () => {
    expect(percentOf(10_000, 2200)).toBe(2200);
    expect(percentOf(1, 2200)).toBe(0); // 0.22 kopeck
    expect(percentOf(3, 2200)).toBe(1); // 0.66 kopeck
    expect(percentOf(25, 2000)).toBe(5);
  });

  it('prints and parses amounts the Russian way', () => {
    expect(formatMinor(123_456_789)).toBe('1\u00a0234\u00a0567,89');
    expect(formatMinor(-5)).toBe('-0,05');
    expect(parseMinor('1499,9')).toBe(149_990);
    expect(parseMinor('12.05')).toBe(1205);
    expect(() => parseMinor('1.999')).toThrow(/2 decimal places/);
  });
});
