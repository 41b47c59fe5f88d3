/**
 * Banking days from Russia's production calendar (производственный календарь).
 *
 * The calendar is data, one year per file, because the government decides each year's transfers
 * by decree. A year after the last file follows the Labour Code alone (art. 112) until its decree
 * is added: the fixed holidays and the statutory carry-over are law, only the decree's extra
 * transfers are unknown, and stopping every invoice on 1 January would cost more than a due date
 * a transfer may later move. Such a year is `provisional`. A year before the first file is
 * refused: SID never dates a document that far back, so such a date is a sign of bad input.
 *
 * Dates are ISO calendar days ("2026-12-29") as they are in Moscow. Arithmetic runs on UTC
 * midnights, where every day has 24 hours, so the host's time zone never shifts a date.
 */
import { z } from 'zod';

/** A calendar day in Moscow, "YYYY-MM-DD". */
export type IsoDate = string;

export class BankingCalendarError extends Error {
  override name = 'BankingCalendarError';
}

/** Thrown when an answer would need a year the calendar has no data for. */
export class CalendarYearMissingError extends BankingCalendarError {
  override name = 'CalendarYearMissingError';
  constructor(
    readonly year: number,
    coveredYears: readonly number[],
    context: string,
  ) {
    super(
      `${context}: no production calendar for ${year} (have ${coveredYears.join(', ') || 'none'}); ` +
        `add the ${year} calendar before computing banking days in it`,
    );
  }
}

const DAY_MS = 86_400_000;

function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Refuses "2026-02-30" and "2026-1-5": such a string would otherwise roll over silently. */
function assertIsoDate(date: string): IsoDate {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && addDays(date, 0) === date;
  if (!ok) throw new BankingCalendarError(`"${date}" is not a calendar date in YYYY-MM-DD form`);
  return date;
}

/**
 * Working days under the five-day week: weekends are off unless a transfer made them working,
 * and the listed non-working days (holidays, transferred days off) are off. The files list
 * ordinary weekends too; the rule gives the same answer whether or not they do.
 */
function isWorkingDay(date: IsoDate, nonWorking: ReadonlySet<IsoDate>, workingWeekend: ReadonlySet<IsoDate>): boolean {
  if (workingWeekend.has(date)) return true;
  if (nonWorking.has(date)) return false;
  return !isWeekend(date);
}

function countWorkingDays(year: number, nonWorking: ReadonlySet<IsoDate>, workingWeekend: ReadonlySet<IsoDate>): number {
  let count = 0;
  for (let day = `${year}-01-01`; yearOf(day) === year; day = addDays(day, 1)) {
    if (isWorkingDay(day, nonWorking, workingWeekend)) count += 1;
  }
  return count;
}

const LISTS = ['non_working_days', 'shortened_working_days', 'working_weekend_days'] as const;

/**
 * One year's file. `working_days_total` is the official figure printed with the calendar; it is
 * recomputed from the lists, so a forgotten or mistyped date fails loudly when staff add a year.
 */
export const productionCalendarYearSchema = z
  .strictObject({
    year: z.int().min(1000).max(9999),
    non_working_days: z.array(z.iso.date()),
    shortened_working_days: z.array(z.iso.date()),
    working_weekend_days: z.array(z.iso.date()),
    working_days_total: z.int().min(0).max(366),
  })
  .superRefine((data, ctx) => {
    const issuesBefore = ctx.issues.length;
    for (const list of LISTS) {
      const seen = new Set<string>();
      data[list].forEach((date, i) => {
        if (yearOf(date) !== data.year) ctx.addIssue({ code: 'custom', path: [list, i], message: `${date} is not in ${data.year}` });
        if (seen.has(date)) ctx.addIssue({ code: 'custom', path: [list, i], message: `${date} is listed twice` });
        seen.add(date);
      });
    }
    const nonWorking = new Set(data.non_working_days);
    const workingWeekend = new Set(data.working_weekend_days);
    data.working_weekend_days.forEach((date, i) => {
      if (!isWeekend(date)) {
        ctx.addIssue({ code: 'custom', path: ['working_weekend_days', i], message: `${date} is a weekday, not a Saturday or Sunday` });
      }
      if (nonWorking.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['working_weekend_days', i], message: `${date} is also listed in non_working_days` });
      }
    });
    // A shortened day is a working day: finding it among the days off means one list is wrong.
    data.shortened_working_days.forEach((date, i) => {
      if (!isWorkingDay(date, nonWorking, workingWeekend)) {
        ctx.addIssue({ code: 'custom', path: ['shortened_working_days', i], message: `${date} is a shortened working day but the lists make it a day off` });
      }
    });
    if (ctx.issues.length > issuesBefore) return;
    const counted = countWorkingDays(data.year, nonWorking, workingWeekend);
    if (counted !== data.working_days_total) {
      ctx.addIssue({
        code: 'custom',
        path: ['working_days_total'],
        message: `the lists give ${counted} working days in ${data.year}, but working_days_total says ${data.working_days_total}`,
      });
    }
  });

export type YearData = z.infer<typeof productionCalendarYearSchema>;

export interface BankingCalendar {
  /** Years with data, ascending. */
  readonly coveredYears: readonly number[];
  /** True for a year after the last file, whose days come from the Labour Code alone. */
  isProvisional(year: number): boolean;
  isBankingDay(date: IsoDate): boolean;
  /** The day `n` (≥ 1) banking days after `date`: counting starts the day after, as a term does (Civil Code art. 191). */
  addBankingDays(date: IsoDate, n: number): IsoDate;
  /** The first banking day strictly after `date`. */
  nextBankingDay(date: IsoDate): IsoDate;
}

interface YearSets {
  nonWorking: ReadonlySet<IsoDate>;
  workingWeekend: ReadonlySet<IsoDate>;
}

/** Non-working public holidays, Labour Code art. 112 part 1 (month-day). 1–8 January are the New Year holidays and Christmas. */
const STATUTORY_HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'];

/**
 * A year from the Labour Code alone: weekends and the art. 112 holidays; a holiday on a weekend
 * moves the day off to the next working day (part 2), except the January ones, which only the
 * decree transfers.
 */
export function statutoryYear(year: number): YearSets {
  const nonWorking = new Set<IsoDate>(STATUTORY_HOLIDAYS.map((day) => `${year}-${day}`));
  for (const day of STATUTORY_HOLIDAYS) {
    const date = `${year}-${day}`;
    if (day.startsWith('01-') || !isWeekend(date)) continue;
    let moved = addDays(date, 1);
    while (isWeekend(moved) || nonWorking.has(moved)) moved = addDays(moved, 1);
    nonWorking.add(moved);
  }
  return { nonWorking, workingWeekend: new Set() };
}

export function createBankingCalendar(years: readonly YearData[]): BankingCalendar {
  if (years.length === 0) throw new BankingCalendarError('a banking calendar needs at least one year of production calendar data');
  const byYear = new Map<number, YearSets>();
  for (const input of years) {
    // Validated again here, so data built in code obeys the same rules as the files.
    const parsed = productionCalendarYearSchema.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new BankingCalendarError(`production calendar for ${String(input?.year)} is invalid: ${problems}`);
    }
    const data = parsed.data;
    if (byYear.has(data.year)) throw new BankingCalendarError(`production calendar for ${data.year} is given twice`);
    byYear.set(data.year, { nonWorking: new Set(data.non_working_days), workingWeekend: new Set(data.working_weekend_days) });
  }
  const coveredYears = Object.freeze([...byYear.keys()].sort((a, b) => a - b));
  const lastCovered = coveredYears[coveredYears.length - 1]!;
  const isProvisional = (year: number) => year > lastCovered;

  const isBanking = (date: IsoDate, context: string): boolean => {
    const year = yearOf(date);
    let sets = byYear.get(year);
    if (!sets && isProvisional(year)) byYear.set(year, (sets = statutoryYear(year)));
    if (!sets) throw new CalendarYearMissingError(year, coveredYears, context);
    return isWorkingDay(date, sets.nonWorking, sets.workingWeekend);
  };

  const addBankingDays = (date: IsoDate, n: number): IsoDate => {
    assertIsoDate(date);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new BankingCalendarError(`the number of banking days must be a whole number of at least 1, got ${n}`);
    }
    const context = `${n} banking day${n === 1 ? '' : 's'} after ${date}`;
    // The start date's year must be known too: a date from an uncovered year is itself a sign of bad input.
    isBanking(date, context);
    let day = date;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (isBanking(day, `${context} reaches ${day}`)) counted += 1;
    }
    return day;
  };

  return {
    coveredYears,
    isProvisional,
    isBankingDay: (date) => isBanking(assertIsoDate(date), date),
    addBankingDays,
    nextBankingDay: (date) => addBankingDays(date, 1),
  };
}
