import { beforeAll, describe, expect, it } from 'vitest';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { approvalReminderAt, MIN_PASSWORD_LENGTH, parseSegments, passwordProblem } from '../../src/domain/dealers';
import { passwordProblemText } from '../../src/locale/shared.ru';
import { loadProductionCalendar } from '../../src/infra/production-calendar';

let calendar: BankingCalendar;
beforeAll(async () => {
  calendar = await loadProductionCalendar();
});

describe('when staff are reminded of an undecided registration (end of the 2nd banking day after arrival, Moscow)', () => {
  it.each([
    ['Friday afternoon: Monday and Tuesday count, reminded at Tuesday midnight', '2026-11-27T12:00:00Z', '2026-12-01T21:00:00.000Z'],
    ['Saturday 00:30 in Moscow (still Friday in UTC): counted from Saturday, the same Tuesday', '2026-11-27T21:30:00Z', '2026-12-01T21:00:00.000Z'],
    ['Monday morning: Tuesday and Wednesday', '2026-11-30T06:00:00Z', '2026-12-02T21:00:00.000Z'],
    ['30 December: 31 December and the New Year holidays do not count, 11 and 12 January do', '2026-12-30T10:00:00Z', '2027-01-12T21:00:00.000Z'],
  ])('%s', (_case, receivedAt, remindAt) => {
    expect(approvalReminderAt(new Date(receivedAt), calendar).toISOString()).toBe(remindAt);
  });

  it('a year before the production calendar: 48 hours instead of no reminder', () => {
    expect(approvalReminderAt(new Date('2024-03-04T10:00:00Z'), calendar).toISOString()).toBe('2024-03-06T10:00:00.000Z');
  });

  it('a year after the production calendar: counted by the Labour Code (provisional), not refused', () => {
    // Monday 3 March 2031: Tuesday and Wednesday count, reminded at Wednesday's Moscow midnight.
    expect(approvalReminderAt(new Date('2031-03-03T10:00:00Z'), calendar).toISOString()).toBe('2031-03-05T21:00:00.000Z');
  });
});

describe('password policy', () => {
  it.each([
    ['too short', 'short1', { login: 'a@b.ru' }, `пароль из 6 символов, а нужно не меньше ${MIN_PASSWORD_LENGTH}`],
    ['the login itself', 'dealer-admin', { login: 'Dealer-Admin' }, 'не должен совпадать с логином'],
    ['the e-mail address', 'buh@example.ru', { login: 'x', email: 'BUH@example.ru' }, 'не должен совпадать с логином или адресом e-mail'],
    ['one character repeated', 'aaaaaaaaaaaa', {}, 'из одного повторяющегося символа'],
    ['longer than 256', 'x'.repeat(200) + 'y'.repeat(57), {}, 'длиннее 256'],
  ])('%s is refused with a reason', (_case, password, context, message) => {
    expect(passwordProblemText(passwordProblem(password, context)!)).toContain(message);
  });

  it('counts characters, not UTF-16 units, and accepts a long enough passphrase', () => {
    expect(passwordProblem('пароль-для-сид')).toBeUndefined();
    expect(passwordProblemText(passwordProblem('😀😀😀😀😀ab')!)).toContain('из 7 символов');
    expect(passwordProblemText({ code: 'tooShort', length: 1, min: 10 })).toContain('из 1 символа,');
    expect(passwordProblem('😀😀😀😀😀ab')).toEqual({ code: 'tooShort', length: 7, min: MIN_PASSWORD_LENGTH });
  });
});

describe('segments a dealer asks for', () => {
  it('understands any case and spacing, keeps each once, and reports the rest by position', () => {
    expect(parseSegments(['EDU', ' gov ', 'edu', 'commercial', 'HEALTH'])).toEqual({
      segments: ['edu', 'gov'],
      unknown: [
        { index: 3, value: 'commercial' },
        { index: 4, value: 'HEALTH' },
      ],
    });
  });
});
