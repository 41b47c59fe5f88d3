import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BankingCalendar,
  BankingCalendarError,
  CalendarYearMissingError,
  createBankingCalendar,
  productionCalendarYearSchema,
  type YearData,
} from '../../src/domain/banking-calendar';
import { loadProductionCalendar, ProductionCalendarFileError } from '../../src/infra/production-calendar';

// The facts below come from data/production-calendar-ru (xmlcalendar's data/ru/<year>/calendar.json):
// 2025 per its decree, 2026 per decree No. 1466 of 24.09.2025, 2027 from the draft (provisional).
let calendar: BankingCalendar;
beforeAll(async () => {
  calendar = await loadProductionCalendar();
});

const daysOf = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

describe('banking calendar from the production calendar', () => {
  it('covers the years in data/', () => {
    expect(calendar.coveredYears).toEqual([2025, 2026, 2027]);
  });

  it('takes 1–11 January 2026 off and works on the 12th', () => {
    // Holidays 1–8 January, the day off of Saturday 3 January moved to Friday 9 January, then a weekend.
    for (const day of daysOf('2026-01-01', '2026-01-11')) expect(calendar.isBankingDay(day), day).toBe(false);
    expect(calendar.isBankingDay('2026-01-12')).toBe(true);
  });

  it('knows the transferred days off of 2026', () => {
    expect(calendar.isBankingDay('2026-01-09')).toBe(false); // Friday, from Saturday 3 January
    expect(calendar.isBankingDay('2026-12-31')).toBe(false); // Thursday, from Sunday 4 January
    expect(calendar.isBankingDay('2026-03-09')).toBe(false); // Monday: 8 March fell on a Sunday
    expect(calendar.isBankingDay('2026-05-11')).toBe(false); // Monday: 9 May fell on a Saturday
    expect(calendar.isBankingDay('2026-02-23')).toBe(false); // Defender of the Fatherland Day, a Monday
    expect(calendar.isBankingDay('2026-11-04')).toBe(false); // Unity Day, a Wednesday
  });

  it('works on the Saturdays a decree made working days', () => {
    // 2025: Saturday 1 November worked, its day off moved to Monday 3 November.
    expect(calendar.isBankingDay('2025-11-01')).toBe(true);
    expect(calendar.isBankingDay('2025-11-03')).toBe(false);
    // 2027 (provisional): Saturday 20 February worked, its day off moved to Monday 22 February.
    expect(calendar.isBankingDay('2027-02-20')).toBe(true);
    expect(calendar.isBankingDay('2027-02-22')).toBe(false);
    expect(calendar.isBankingDay('2027-02-23')).toBe(false);
  });

  it('takes 1–10 January 2027 off and the transfers of its weekend holidays (provisional)', () => {
    for (const day of daysOf('2027-01-01', '2027-01-10')) expect(calendar.isBankingDay(day), day).toBe(false);
    expect(calendar.isBankingDay('2027-01-11')).toBe(true);
    expect(calendar.isBankingDay('2027-11-05')).toBe(false); // Friday, from Saturday 2 January
    expect(calendar.isBankingDay('2027-12-31')).toBe(false); // Friday, from Sunday 3 January
    expect(calendar.isBankingDay('2027-05-03')).toBe(false); // 1 May fell on a Saturday
    expect(calendar.isBankingDay('2027-06-14')).toBe(false); // 12 June fell on a Saturday
  });

  it('treats ordinary weekdays as banking days and ordinary weekends as not', () => {
    expect(calendar.isBankingDay('2026-04-15')).toBe(true); // Wednesday
    expect(calendar.isBankingDay('2026-04-17')).toBe(true); // Friday
    expect(calendar.isBankingDay('2026-04-18')).toBe(false); // Saturday
    expect(calendar.isBankingDay('2026-04-19')).toBe(false); // Sunday
    // A shortened pre-holiday day is still a working day.
    expect(calendar.isBankingDay('2026-04-30')).toBe(true);
  });

  it('counts the due date in banking days across holidays and weekends', () => {
    // The README's case: 1–3 May 2026 off, 4 May is day 1.
    expect(calendar.addBankingDays('2026-04-30', 3)).toBe('2026-05-06');
    // 30 Dec is day 1; 31 Dec 2026 and 1–10 Jan 2027 are off; 11 Jan is day 2.
    expect(calendar.addBankingDays('2026-12-29', 3)).toBe('2027-01-12');
    expect(calendar.addBankingDays('2026-04-16', 2)).toBe('2026-04-20'); // Thursday + 2 → Monday
    expect(calendar.addBankingDays('2026-04-17', 1)).toBe('2026-04-20'); // Friday + 1 → Monday
    expect(calendar.addBankingDays('2026-01-03', 1)).toBe('2026-01-12'); // counting from a day off
    expect(calendar.addBankingDays('2027-02-18', 2)).toBe('2027-02-20'); // the working Saturday counts
    expect(calendar.addBankingDays('2025-12-30', 1)).toBe('2026-01-12'); // 31 Dec 2025 is off too
  });

  it('gives the first banking day after a date', () => {
    expect(calendar.nextBankingDay('2026-04-15')).toBe('2026-04-16');
    expect(calendar.nextBankingDay('2026-04-17')).toBe('2026-04-20');
    expect(calendar.nextBankingDay('2025-12-31')).toBe('2026-01-12');
  });

  // Fixed dates below are facts of the calendar files or of the statute, given to pure functions: no clock is involved.
  it('refuses a year before its data, naming the year', () => {
    expect(() => calendar.isBankingDay('2024-12-31')).toThrow(CalendarYearMissingError);
    expect(() => calendar.addBankingDays('2024-12-30', 5)).toThrow(/no production calendar for 2024/);
    expect(() => calendar.isBankingDay('2020-06-01')).toThrow(expect.objectContaining({ year: 2020 }));
    expect(calendar.isProvisional(2024)).toBe(false);
  });

  it('counts a year after its data by the Labour Code alone, as provisional', () => {
    expect(calendar.isProvisional(2027)).toBe(false);
    expect(calendar.isProvisional(2028)).toBe(true);
    // 30 Dec 2027 is day 1, 31 Dec is off (2027's file), 1–8 January 2028 are holidays, 10 January is a Monday.
    expect(calendar.addBankingDays('2027-12-29', 3)).toBe('2028-01-11');
    expect(calendar.nextBankingDay('2027-12-30')).toBe('2028-01-10');
    for (let day = 1; day <= 8; day++) expect(calendar.isBankingDay(`2028-01-0${day}`)).toBe(false);
    expect(calendar.isBankingDay('2028-02-23')).toBe(false); // a Wednesday holiday
    expect(calendar.isBankingDay('2028-02-24')).toBe(true);
    expect(calendar.isBankingDay('2028-02-26')).toBe(false); // a Saturday
  });

  it('moves a holiday on a weekend to the next working day, except in January', () => {
    // 12 June 2033 is a Sunday: the day off moves to Monday 13 June.
    expect(new Date('2033-06-12T00:00:00Z').getUTCDay()).toBe(0);
    expect(calendar.isBankingDay('2033-06-13')).toBe(false);
    expect(calendar.isBankingDay('2033-06-14')).toBe(true);
    // 8 March 2031 is a Saturday: Monday 10 March is off.
    expect(new Date('2031-03-08T00:00:00Z').getUTCDay()).toBe(6);
    expect(calendar.isBankingDay('2031-03-10')).toBe(false);
    // 1 January 2033 is a Saturday; the New Year holidays carry nothing over by statute, so 10 January works.
    expect(new Date('2033-01-01T00:00:00Z').getUTCDay()).toBe(6);
    expect(calendar.isBankingDay('2033-01-10')).toBe(true);
  });

  it('agrees with a decreed year wherever the decree moved nothing (2026 after January)', async () => {
    const statutory = createBankingCalendar([JSON.parse(await readFile('data/production-calendar-ru/2025.json', 'utf8')) as YearData]);
    expect(statutory.isProvisional(2026)).toBe(true);
    const differences = daysOf('2026-02-01', '2026-12-31').filter((day) => statutory.isBankingDay(day) !== calendar.isBankingDay(day));
    // The 2026 decree moves no day after January except 31 December (from 3 January).
    expect(differences).toEqual(['2026-12-31']);
  });

  it('refuses malformed dates and counts', () => {
    expect(() => calendar.isBankingDay('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => calendar.isBankingDay('2026-1-5')).toThrow(/not a calendar date/);
    expect(() => calendar.addBankingDays('2026-04-15', 0)).toThrow(/at least 1/);
    expect(() => calendar.addBankingDays('2026-04-15', -1)).toThrow(BankingCalendarError);
    expect(() => calendar.addBankingDays('2026-04-15', 1.5)).toThrow(BankingCalendarError);
  });
});

describe('production calendar data files', () => {
  it.each([2025, 2026, 2027])('%i has 247 working days and 118 days off, as officially stated', async (year) => {
    const file = JSON.parse(await readFile(`data/production-calendar-ru/${year}.json`, 'utf8')) as YearData;
    expect(file.year).toBe(year);
    // 247 working days is the official figure for each of these years (2027's is the draft's).
    expect(file.working_days_total).toBe(247);
    const days = daysOf(`${year}-01-01`, `${year}-12-31`);
    const working = days.filter((day) => calendar.isBankingDay(day));
    expect(working).toHaveLength(247);
    expect(days.length - working.length).toBe(118);
  });

  it('2026 has no working Saturday', async () => {
    const file = JSON.parse(await readFile('data/production-calendar-ru/2026.json', 'utf8')) as YearData;
    expect(file.working_weekend_days).toEqual([]);
  });
});

describe('production calendar validation', () => {
  const valid2026 = async (): Promise<YearData> =>
    JSON.parse(await readFile('data/production-calendar-ru/2026.json', 'utf8')) as YearData;
  const problemsOf = (data: unknown) => {
    const parsed = productionCalendarYearSchema.safeParse(data);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the shipped files', async () => {
    expect(problemsOf(await valid2026())).toEqual([]);
  });

  it('catches the mistakes a hand edit makes', async () => {
    const data = await valid2026();
    // A forgotten holiday breaks the official total.
    expect(problemsOf({ ...data, non_working_days: data.non_working_days.filter((d) => d !== '2026-06-12') })).toEqual([
      'working_days_total: the lists give 248 working days in 2026, but working_days_total says 247',
    ]);
    expect(problemsOf({ ...data, working_weekend_days: ['2026-04-15'] })).toContainEqual(
      'working_weekend_days.0: 2026-04-15 is a weekday, not a Saturday or Sunday',
    );
    expect(problemsOf({ ...data, working_weekend_days: ['2026-01-03'] })).toContainEqual(
      'working_weekend_days.0: 2026-01-03 is also listed in non_working_days',
    );
    expect(problemsOf({ ...data, shortened_working_days: ['2026-01-09'] })).toContainEqual(
      'shortened_working_days.0: 2026-01-09 is a shortened working day but the lists make it a day off',
    );
    expect(problemsOf({ ...data, non_working_days: [...data.non_working_days, '2027-01-01'] })).toContainEqual(
      'non_working_days.118: 2027-01-01 is not in 2026',
    );
    expect(problemsOf({ ...data, non_working_days: ['2026-02-30'] })[0]).toMatch(/^non_working_days\.0: /);
    expect(problemsOf({ ...data, working_weekend_day: [] })[0]).toMatch(/working_weekend_day/);
  });

  it('refuses a year given twice or no years at all', async () => {
    const data = await valid2026();
    expect(() => createBankingCalendar([data, data])).toThrow(/2026 is given twice/);
    expect(() => createBankingCalendar([])).toThrow(BankingCalendarError);
  });
});

describe('loadProductionCalendar', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const withFiles = async (files: Record<string, string>) => {
    dir = await mkdtemp(join(tmpdir(), 'sid-calendar-'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  };
  const file2026 = () => readFile('data/production-calendar-ru/2026.json', 'utf8');

  it('reads only YYYY.json files', async () => {
    const loaded = await loadProductionCalendar(await withFiles({ '2026.json': await file2026(), 'README.md': '# notes', 'draft.json': '{' }));
    expect(loaded.coveredYears).toEqual([2026]);
  });

  it('names the file that is not JSON', async () => {
    const where = await withFiles({ '2026.json': await file2026(), '2027.json': '{ "year": 2027,' });
    await expect(loadProductionCalendar(where)).rejects.toThrow(ProductionCalendarFileError);
    await expect(loadProductionCalendar(where)).rejects.toThrow(`${join(where, '2027.json')} is not valid JSON`);
  });

  it('names the file and the field that is wrong', async () => {
    const broken = JSON.parse(await file2026()) as YearData;
    broken.non_working_days[0] = '2026-13-01';
    const where = await withFiles({ '2026.json': JSON.stringify(broken) });
    await expect(loadProductionCalendar(where)).rejects.toThrow(
      new RegExp(`${join(where, '2026.json').replace(/[.\\/]/g, '\\$&')} is not a valid production calendar: non_working_days\\.0: `),
    );
  });

  it('refuses a file whose name and year disagree', async () => {
    const where = await withFiles({ '2027.json': await file2026() });
    await expect(loadProductionCalendar(where)).rejects.toThrow(/2027\.json holds the calendar for 2026/);
  });

  it('refuses a directory without calendars', async () => {
    await expect(loadProductionCalendar(await withFiles({ 'README.md': '# notes' }))).rejects.toThrow(/no production calendar files/);
    await expect(loadProductionCalendar(join(tmpdir(), 'sid-no-such-calendar-dir'))).rejects.toThrow(/cannot be read/);
  });
});
