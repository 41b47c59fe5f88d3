import { describe, expect, it } from 'vitest';
import { monthInWords } from '../../src/locale/shared.ru';
import { inMonth, monthName } from '../../src/locale/documents.ru';
import { t } from '../../src/web/app/locale-ru';

describe('a month of the books in words', () => {
  it('names the month in Russian, in the nominative and the prepositional case', () => {
    expect(monthInWords('2026-12')).toBe('декабрь 2026');
    expect(monthInWords('2027-01')).toBe('январь 2027');
    expect(monthInWords('2026-05', 'prepositional')).toBe('мае 2026');
    expect(monthInWords('2026-12', 'prepositional')).toBe('декабре 2026');
  });

  it('shows anything that is not a YYYY-MM month as it is', () => {
    expect(monthInWords('2026-13')).toBe('2026-13');
    expect(monthInWords('2026-00')).toBe('2026-00');
    expect(monthInWords('декабрь')).toBe('декабрь');
  });

  it('is what the statement heading, the invoice list and the printed documents say', () => {
    expect(t.invoices.statementHeading('2026-12')).toBe('Выписка за декабрь 2026: пока без счёта');
    expect(t.invoices.month('2026-11')).toBe('за ноябрь 2026');
    expect(monthName('2026-11')).toBe('ноябрь 2026 г.');
    expect(inMonth('2026-03')).toBe('марте 2026 г.');
  });
});
