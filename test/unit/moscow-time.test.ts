import { describe, expect, it } from 'vitest';
import { moscowDateOf, moscowDayEnd, moscowDayStart, moscowMonthEnd, moscowMonthOf } from '../../src/domain/moscow-time';

describe('Moscow calendar', () => {
  it('puts 23:59:59 MSK on the last day in that month and 00:00:00 in the next', () => {
    expect(moscowMonthOf(new Date('2026-11-30T20:59:59Z'))).toBe('2026-11'); // 23:59:59 MSK
    expect(moscowMonthOf(new Date('2026-11-30T21:00:00Z'))).toBe('2026-12'); // 00:00:00 MSK
    expect(moscowMonthOf(new Date('2026-12-31T20:59:59.999Z'))).toBe('2026-12');
    expect(moscowMonthOf(new Date('2026-12-31T21:00:00Z'))).toBe('2027-01');
  });

  it('knows when a month closes and a day starts', () => {
    expect(moscowMonthEnd('2026-11').toISOString()).toBe('2026-11-30T21:00:00.000Z');
    expect(moscowMonthEnd('2026-12').toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(moscowMonthEnd('2028-02').toISOString()).toBe('2028-02-29T21:00:00.000Z');
    expect(moscowDayStart('2027-01-01').toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(moscowDateOf(new Date('2026-12-31T21:30:00Z'))).toBe('2027-01-01');
    expect(moscowDayEnd('2027-01-12').toISOString()).toBe('2027-01-12T21:00:00.000Z');
    expect(() => moscowMonthEnd('2026-13x')).toThrow(/YYYY-MM/);
    expect(() => moscowDayStart('31.12.2026')).toThrow(/YYYY-MM-DD/);
  });
});
