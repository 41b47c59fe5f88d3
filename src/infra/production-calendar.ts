import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BankingCalendar, createBankingCalendar, productionCalendarYearSchema, type YearData } from '../domain/banking-calendar';

const YEAR_FILE = /^(\d{4})\.json$/;

export class ProductionCalendarFileError extends Error {
  override name = 'ProductionCalendarFileError';
}

/**
 * Reads every `YYYY.json` in `dir` (other files, like the README, are left alone) and builds the
 * banking calendar. Every file is checked before any is used, and a bad one stops the load with
 * its path and the problem: staff edit these files by hand when a new year's decree comes out.
 */
export async function loadProductionCalendar(dir = 'data/production-calendar-ru'): Promise<BankingCalendar> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new ProductionCalendarFileError(`production calendar directory ${dir} cannot be read: ${(error as Error).message}`);
  }
  const files = names.filter((name) => YEAR_FILE.test(name)).sort();
  if (files.length === 0) throw new ProductionCalendarFileError(`no production calendar files (YYYY.json) in ${dir}`);

  const years: YearData[] = [];
  for (const name of files) {
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ProductionCalendarFileError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = productionCalendarYearSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new ProductionCalendarFileError(`${path} is not a valid production calendar: ${problems}`);
    }
    const fileYear = Number(YEAR_FILE.exec(name)![1]);
    if (parsed.data.year !== fileYear) {
      throw new ProductionCalendarFileError(`${path} holds the calendar for ${parsed.data.year}; a file named ${name} must hold ${fileYear}`);
    }
    years.push(parsed.data);
  }
  return createBankingCalendar(years);
}

let shared: Promise<BankingCalendar> | undefined;
/** The calendar from the default directory, read once per process (for code that is not handed one). */
export function sharedProductionCalendar(): Promise<BankingCalendar> {
  shared ??= loadProductionCalendar().catch((err) => {
    shared = undefined;
    throw err;
  });
  return shared;
}
