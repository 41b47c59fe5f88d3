import { describe, expect, it } from 'vitest';
import { addDays, daysLeft, licenseLapsesAt, licenseTerm, renewalReminderAt, renewalUrgency, termFromShipment } from '../../src/domain/license-term';

describe('licence terms', () => {
  it('a term ends the day before the same date months later', () => {
    expect(licenseTerm('2026-12-01', 12)).toEqual({ startsOn: '2026-12-01', endsOn: '2027-11-30' });
    expect(licenseTerm('2026-03-15', 1)).toEqual({ startsOn: '2026-03-15', endsOn: '2026-04-14' });
    expect(licenseTerm('2026-01-01', 24).endsOn).toBe('2027-12-31');
  });

  it('month ends: a month without the start date ends on its last day', () => {
    expect(licenseTerm('2027-01-31', 1).endsOn).toBe('2027-02-28');
    expect(licenseTerm('2028-01-31', 1).endsOn).toBe('2028-02-29');
    expect(licenseTerm('2027-01-29', 1).endsOn).toBe('2027-02-28');
    expect(licenseTerm('2027-01-28', 1).endsOn).toBe('2027-02-27');
    expect(licenseTerm('2026-08-31', 1).endsOn).toBe('2026-09-30');
    expect(licenseTerm('2026-10-31', 1).endsOn).toBe('2026-11-30');
    expect(licenseTerm('2027-12-31', 2).endsOn).toBe('2028-02-29');
  });

  it('leap days: 29 February + 12 months ends on 28 February; 1 March 2027 + 12 months ends on 29 February 2028', () => {
    expect(licenseTerm('2028-02-29', 12).endsOn).toBe('2029-02-28');
    expect(licenseTerm('2027-03-01', 12).endsOn).toBe('2028-02-29');
  });

  it('consecutive terms cover every day once: a renewal starts the day after the last day', () => {
    let start = '2027-01-31';
    const ends: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { endsOn } = licenseTerm(start, 1);
      ends.push(endsOn);
      start = addDays(endsOn, 1);
    }
    expect(ends).toEqual(['2027-02-28', '2027-03-31', '2027-04-30']);
  });

  it('refuses a term that is not a whole positive number of months, and a malformed date', () => {
    expect(() => licenseTerm('2026-12-01', 0)).toThrow(RangeError);
    expect(() => licenseTerm('2026-12-01', 1.5)).toThrow(RangeError);
    expect(() => licenseTerm('01.12.2026', 12)).toThrow(/YYYY-MM-DD/);
  });

  it('starts on the Moscow shipping date: 22:30 UTC on 31 January is already 1 February in Moscow', () => {
    expect(termFromShipment(new Date('2027-01-31T22:30:00Z'), 12)).toEqual({ startsOn: '2027-02-01', endsOn: '2028-01-31' });
    expect(termFromShipment(new Date('2027-01-31T20:59:59Z'), 1)).toEqual({ startsOn: '2027-01-31', endsOn: '2027-02-28' });
  });

  it('milestones: reminders at 09:00 MSK 30 and 7 days before the last day, lapse when the last day ends', () => {
    expect(renewalReminderAt('2027-11-30', 30).toISOString()).toBe('2027-10-31T06:00:00.000Z');
    expect(renewalReminderAt('2027-11-30', 7).toISOString()).toBe('2027-11-23T06:00:00.000Z');
    expect(licenseLapsesAt('2027-11-30').toISOString()).toBe('2027-11-30T21:00:00.000Z');
  });

  it('days left and urgency', () => {
    expect(daysLeft('2027-03-01', '2027-02-28')).toBe(1);
    expect(daysLeft('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysLeft('2027-01-01', '2027-01-01')).toBe(0);
    expect(daysLeft('2027-01-01', '2027-01-03')).toBe(-2);
    expect(renewalUrgency('2027-01-31', '2027-01-01', 'active')).toBe('month');
    expect(renewalUrgency('2027-01-31', '2026-12-31', 'active')).toBe('none');
    expect(renewalUrgency('2027-01-31', '2027-01-24', 'active')).toBe('week');
    expect(renewalUrgency('2027-01-31', '2027-02-01', 'active')).toBe('lapsed');
    expect(renewalUrgency('2027-01-31', '2027-01-10', 'lapsed')).toBe('lapsed');
    expect(renewalUrgency('2027-01-31', '2027-01-30', 'renewed')).toBe('none');
  });
});
