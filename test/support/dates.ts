import { longDate } from '../../src/locale/documents.ru';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { loadProductionCalendar } from '../../src/infra/production-calendar';

/**
 * Dates for tests that talk to the running system: "today" is the system's today (Moscow), taken
 * when the test asks, never a literal that turns into the past a week later.
 */
export const moscowToday = (): string => moscowDateOf(Date.now());

/** The day `days` calendar days from today in Moscow (negative for the past). */
export const moscowDaysFromToday = (days: number): string => moscowDateOf(Date.now() + days * 86_400_000);

/** The banking calendar the API and the worker load, for expected due dates. */
export const bankingCalendar = () => loadProductionCalendar();

/** "27 ноября 2026 г.", as documents print a date. */
export { longDate };
