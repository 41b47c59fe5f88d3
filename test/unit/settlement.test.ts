import { beforeAll, describe, expect, it } from 'vitest';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { checkDocumentDate } from '../../src/domain/invoice';
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

describe('a document date 1C gives', () => {
  // Calendar facts of the data files, no clock: "today" is a parameter of the rule.
  it('may be at most the next banking day, counted over weekends and holidays', () => {
    // Friday 4 December 2026: the next banking day is Monday 7 December.
    const friday = { today: '2026-12-04', earliest: '2026-12-01' };
    expect(checkDocumentDate(calendar, { ...friday, date: '2026-12-04' })).toBeNull();
    expect(checkDocumentDate(calendar, { ...friday, date: '2026-12-07' })).toBeNull();
    expect(checkDocumentDate(calendar, { ...friday, date: '2026-12-08' })).toEqual({ code: 'document_date.too_far_ahead', latest: '2026-12-07' });
    // Monday 7 December: the invoices dated 25–31 December are refused.
    expect(checkDocumentDate(calendar, { today: '2026-12-07', earliest: '2026-12-07', date: '2026-12-25' })).toEqual({ code: 'document_date.too_far_ahead', latest: '2026-12-08' });
    // 30 December 2026: 31 December and 1–10 January are off, so 11 January is still allowed.
    expect(checkDocumentDate(calendar, { today: '2026-12-30', earliest: '2026-12-30', date: '2027-01-11' })).toBeNull();
    expect(checkDocumentDate(calendar, { today: '2026-12-30', earliest: '2026-12-30', date: '2027-01-12' })?.code).toBe('document_date.too_far_ahead');
  });

  it('may not be before the order existed', () => {
    expect(checkDocumentDate(calendar, { today: '2026-12-07', earliest: '2026-12-03', date: '2026-12-02' })).toEqual({ code: 'document_date.before_order', earliest: '2026-12-03' });
    expect(checkDocumentDate(calendar, { today: '2026-12-07', earliest: '2026-12-03', date: '2026-12-03' })).toBeNull();
  });
});
