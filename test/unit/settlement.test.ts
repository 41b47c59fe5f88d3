import { beforeAll, describe, expect, it } from 'vitest';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { invoiceDue, MONTHLY_TERM_BANKING_DAYS, POSTPAY_TERM_BANKING_DAYS } from '../../src/domain/settlement';
import { loadProductionCalendar } from '../../src/infra/production-calendar';

// The one due-date rule, shared by the invoice activity, the 1C exchange's check and the fakes.
// The dates are calendar facts of the data files (pure functions, no clock): they stay true.
let calendar: BankingCalendar;
beforeAll(async () => {
  calendar = await loadProductionCalendar();
});

describe('invoice due date', () => {
  it('counts banking days from the day after the 1C date, and is overdue from the next Moscow midnight', () => {
    // The production calendar's README: 1–3 May 2026 are off, 4 May is day 1.
    const due = invoiceDue(calendar, '2026-04-30', POSTPAY_TERM_BANKING_DAYS);
    expect(due.dueDate).toBe('2026-05-06');
    expect(due.overdueAt.toISOString()).toBe('2026-05-06T21:00:00.000Z');
  });

  it('runs past the New Year holidays for a monthly invoice of 30 December', () => {
    // 31 December 2026 is off, then 1–10 January 2027: 11 January is day 1, 15 January day 5.
    expect(invoiceDue(calendar, '2026-12-30', MONTHLY_TERM_BANKING_DAYS).dueDate).toBe('2027-01-15');
  });

  it('refuses a date the calendar cannot count from (a year before its first file)', () => {
    expect(() => invoiceDue(calendar, '2024-12-27', POSTPAY_TERM_BANKING_DAYS)).toThrow(/2024/);
  });
});
