/**
 * The Central Bank of Russia's daily rates (the answer of `XML_daily.asp`), from bytes to rows.
 * Pure: the fetcher hands over the body as it came, so the bytes are decoded here by the
 * encoding the document itself declares (windows-1251 from the Bank, utf-8 from a re-save).
 */
import { z } from 'zod';
import { formatRate, parseRate } from './money';
import { decodeXmlBytes, readXmlSubset, type XmlElement } from './xml-subset';

export interface CbrRate {
  charCode: string;
  /** ISO 4217 numeric code as published ("036"): a code, so the leading zeros stay. */
  numCode: string;
  nominal: number;
  name: string;
  /** RUB per `nominal` units, exactly as published ("15,2861" for 100 tenge). */
  value: string;
  /** RUB per one unit to 4 places ("0.1529"); `value` and `nominal` keep the full precision. */
  ratePerUnit: string;
}

export interface CbrDaily {
  /** The date the rates are set for, ISO ("2026-11-27"). */
  date: string;
  rates: CbrRate[];
}

export class CbrRatesError extends Error {
  override name = 'CbrRatesError';
  constructor(problem: string) {
    super(`CBR rates: ${problem}`);
  }
}

export function parseCbrDaily(bytes: Uint8Array): CbrDaily {
  const root = readXml(decode(bytes));
  if (root.name !== 'ValCurs') throw new CbrRatesError(`the root element is <${root.name}>, not <ValCurs>`);
  const raw = {
    Date: root.attributes.get('Date'),
    // Elements the parser does not use (VunitRate, or whatever the Bank adds later) are let
    // through: an addition to the format should not stop the day's rates from loading.
    valutes: root.children.filter((child) => child.name === 'Valute').map(fieldsOf),
  };
  const parsed = DocumentSchema.safeParse(raw);
  if (!parsed.success) throw new CbrRatesError(parsed.error.issues.map((issue) => describe(issue, raw)).join('; '));

  const seen = new Set<string>();
  for (const { CharCode } of parsed.data.valutes) {
    if (seen.has(CharCode)) throw new CbrRatesError(`Valute ${CharCode} appears more than once`);
    seen.add(CharCode);
  }
  return {
    date: parsed.data.Date,
    rates: parsed.data.valutes.map((valute) => {
      const nominal = Number(valute.Nominal);
      return {
        charCode: valute.CharCode,
        numCode: valute.NumCode,
        nominal,
        name: valute.Name,
        value: valute.Value,
        ratePerUnit: formatRate(parseRate(valute.Value, nominal)),
      };
    }),
  };
}

/** The USD rate in the form the `exchange_rates` table stores: numeric(14,4) with a dot. */
export function usdRateOf(parsed: CbrDaily): { rate: string; date: string } {
  const usd = parsed.rates.find((rate) => rate.charCode === 'USD');
  if (!usd) throw new CbrRatesError(`the rates of ${parsed.date} have no Valute USD`);
  return { rate: usd.ratePerUnit, date: parsed.date };
}

// ---- Validation of the document's content ----

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

const ValuteSchema = z.object({
  NumCode: z.string().regex(/^\d{3}$/, 'not a 3-digit code'),
  CharCode: z.string().regex(/^[A-Z]{3}$/, 'not a 3-letter code'),
  // Seven digits are far above the nominals the Bank uses (1 to 10 000) and keep Number() exact.
  Nominal: z.string().regex(/^[1-9]\d{0,6}$/, 'not a positive integer'),
  Name: z.string().min(1, 'empty'),
  // parseRate takes at most 4 places; the Bank publishes exactly 4.
  Value: z
    .string()
    .regex(/^\d+(?:[,.]\d{1,4})?$/, { error: 'not a decimal with at most 4 places', abort: true })
    .refine((value) => /[1-9]/.test(value), 'not positive'),
});

const DocumentSchema = z.object({
  Date: z
    .string()
    .regex(DATE, 'not a date in the form DD.MM.YYYY')
    .transform((text) => text.replace(DATE, '$3-$2-$1'))
    .refine(isCalendarDate, 'not a calendar date'),
  valutes: z.array(ValuteSchema).min(1, 'no Valute rows'),
});

type RawDocument = { Date: string | undefined; valutes: Record<string, string | undefined>[] };

function isCalendarDate(iso: string): boolean {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Names the row by its CharCode and quotes the offending text, so a log line is enough to act on. */
function describe(issue: z.core.$ZodIssue, raw: RawDocument): string {
  const [first, index, field] = issue.path;
  if (first === 'Date') {
    return raw.Date === undefined ? '<ValCurs> has no Date attribute' : `ValCurs has Date "${raw.Date}", ${issue.message}`;
  }
  if (first === 'valutes' && typeof index === 'number' && typeof field === 'string') {
    const row = raw.valutes[index] ?? {};
    const code = row.CharCode;
    const who = code !== undefined && /^[A-Z]{3}$/.test(code) ? `Valute ${code}` : `Valute #${index + 1}`;
    const input = row[field];
    return input === undefined ? `${who} has no ${field}` : `${who} has ${field} "${input}", ${issue.message}`;
  }
  return issue.message;
}

/** The text of each child element of a Valute, by name; a field given twice is ambiguous. */
function fieldsOf(valute: XmlElement, index: number): Record<string, string | undefined> {
  const fields = new Map<string, string>();
  for (const child of valute.children) {
    if (fields.has(child.name)) throw new CbrRatesError(`Valute #${index + 1} has more than one <${child.name}>`);
    fields.set(child.name, child.text.trim());
  }
  return Object.fromEntries(fields);
}

// ---- Bytes to text ----

const decode = (bytes: Uint8Array): string => decodeXmlBytes(bytes, (problem) => new CbrRatesError(problem));
const readXml = (source: string): XmlElement => readXmlSubset(source, (problem) => new CbrRatesError(problem));

/** Orders may proceed on a rate at most this many banking days behind the current one, unless configured otherwise. */
export const DEFAULT_MAX_RATE_AGE_BANKING_DAYS = 1;
/** Ages are counted up to this: far beyond any sensible setting (the configuration allows at most 60). */
const MAX_COUNTED_AGE = 100;

interface Calendar {
  isBankingDay(date: string): boolean;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The last banking day strictly before `date` (the Central Bank sets a rate on a banking day for the next calendar day). */
function bankingDayBefore(calendar: Calendar, date: string): string {
  let day = dayBefore(date);
  // The longest run of days off in Russia is the New Year holidays (about 12 days).
  for (let i = 0; i < 40 && !calendar.isBankingDay(day); i++) day = dayBefore(day);
  return day;
}

/**
 * How far behind a rate is. The Central Bank sets a rate on each banking day, dated the next
 * calendar day, and it stays in force until the next setting (Friday's rate is dated Saturday and
 * applies on Saturday, Sunday and Monday). `expectedDate` is the date of the rate in force today;
 * `ageBankingDays` counts the settings missed since the given rate's (0: the rate is current).
 */
export function rateFreshness(calendar: Calendar, rateDate: string, today: string): { expectedDate: string; ageBankingDays: number; current: boolean } {
  const expectedDate = dayAfter(bankingDayBefore(calendar, today));
  let ageBankingDays = 0;
  if (rateDate < expectedDate) {
    // Banking days before today back to the one after the day this rate was set: each one set a
    // newer rate. Counted backwards and capped, so a rate years old costs no more than a few months.
    for (let day = dayBefore(today); day >= rateDate && ageBankingDays < MAX_COUNTED_AGE; day = dayBefore(day)) {
      if (calendar.isBankingDay(day)) ageBankingDays++;
    }
    // The day the rate was set (its last banking day before `rateDate`) is not a missed setting;
    // `rateDate` itself, if a banking day, set the next rate and is counted above.
  }
  return { expectedDate, ageBankingDays, current: ageBankingDays === 0 };
}
