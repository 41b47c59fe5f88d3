/**
 * A delivered licence's term and its renewal milestones, in Moscow calendar dates (YYYY-MM-DD).
 * Pure date maths: the order's activity, the renewal workflow, the API and the browser share it.
 */
import { moscowDateOf, moscowDayEnd, moscowDayStart } from './moscow-time';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days before the last day of a term that the dealer is reminded, earliest first. */
export const LICENSE_STATUSES = ['active', 'renewed', 'lapsed'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export const RENEWAL_REMINDER_DAYS = [30, 7] as const;
export type ReminderDays = (typeof RENEWAL_REMINDER_DAYS)[number];
/** Reminders go out at 09:00 Moscow time, when the dealer's office reads mail. */
const REMINDER_HOUR_MSK = 9;

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}
const format = (utc: Date) => utc.toISOString().slice(0, 10);

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return format(new Date(Date.UTC(y, m - 1, d) + days * DAY_MS));
}

/**
 * A term starting on `startsOn` and lasting `months`: it ends the day before the same date
 * `months` later (1 March 2027 + 12 months ends on 29 February 2028). Where that month has no
 * such date, the term ends on its last day (31 January + 1 month ends on 28 February), so the
 * renewal starting the next day neither loses nor repeats a day.
 */
export function licenseTerm(startsOn: string, months: number): { startsOn: string; endsOn: string } {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`a licence term must be a whole number of months, at least one, not ${months}`);
  const { y, m, d } = parseDate(startsOn);
  const lastDayOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const endsOn = d > lastDayOfTarget ? format(new Date(Date.UTC(y, m - 1 + months, lastDayOfTarget))) : addDays(format(new Date(Date.UTC(y, m - 1 + months, d))), -1);
  return { startsOn, endsOn };
}

/** The term of a licence shipped at `shippedAt`: it starts on the Moscow shipping date. */
export const termFromShipment = (shippedAt: Date, months: number) => licenseTerm(moscowDateOf(shippedAt), months);

/** Whole Moscow days from `today` to the last day of the term: 0 on the last day, negative once it has ended. */
export function daysLeft(endsOn: string, today: string): number {
  const a = parseDate(endsOn);
  const b = parseDate(today);
  return Math.round((Date.UTC(a.y, a.m - 1, a.d) - Date.UTC(b.y, b.m - 1, b.d)) / DAY_MS);
}

/** When the reminder `daysBefore` the last day goes out: 09:00 MSK on that day. */
export function renewalReminderAt(endsOn: string, daysBefore: number): Date {
  return new Date(moscowDayStart(addDays(endsOn, -daysBefore)).getTime() + REMINDER_HOUR_MSK * 60 * 60 * 1000);
}

/** A licence is valid through its last day: it lapses when that Moscow day ends. */
export const licenseLapsesAt = (endsOn: string): Date => moscowDayEnd(endsOn);

/** How urgent a licence is on the dealer's list: lapsed, within a week, within a month, or not yet. */
/** How soon a licence needs renewing, for the renewals list's marks. */
export const RENEWAL_URGENCIES = ['lapsed', 'week', 'month', 'none'] as const;
export type RenewalUrgency = (typeof RENEWAL_URGENCIES)[number];

export function renewalUrgency(endsOn: string, today: string, status: LicenseStatus): RenewalUrgency {
  if (status === 'renewed') return 'none';
  const left = daysLeft(endsOn, today);
  if (status === 'lapsed' || left < 0) return 'lapsed';
  if (left <= 7) return 'week';
  if (left <= 30) return 'month';
  return 'none';
}
