/**
 * Calendar days and months in Moscow time, where the distributor's books are kept.
 * Moscow has been UTC+3 all year since 26 October 2014 (no daylight saving), so a fixed
 * offset is exact and keeps this usable inside workflows, which must be deterministic.
 */
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of the Moscow calendar day containing the instant. */
export function moscowDateOf(instant: Date | number): string {
  return new Date(new Date(instant).getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of the Moscow month containing the instant: 23:59:59 on the 31st is still that month. */
export function moscowMonthOf(instant: Date | number): string {
  return moscowDateOf(instant).slice(0, 7);
}

/** The instant a Moscow calendar day starts (00:00:00 MSK). */
export function moscowDayStart(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return new Date(Date.parse(`${date}T00:00:00Z`) - MOSCOW_OFFSET_MS);
}

/** The instant a Moscow calendar day ends: the next day's 00:00:00 MSK. */
export function moscowDayEnd(date: string): Date {
  return new Date(moscowDayStart(date).getTime() + 24 * 60 * 60 * 1000);
}

/** The instant the month after `month` ('YYYY-MM') starts in Moscow: when that month's books close. */
export function moscowMonthEnd(month: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a YYYY-MM month`);
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  return new Date(next.getTime() - MOSCOW_OFFSET_MS);
}
