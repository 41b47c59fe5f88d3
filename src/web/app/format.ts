/** How amounts, rates and dates read on the page (Russian conventions, Moscow time). */
const rubFormat = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2 });
const usdFormat = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });
const plainFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

// Amounts arrive in integer kopecks/cents; division by 100 only for display.
export const rub = (kopecks: number) => rubFormat.format(kopecks / 100);
export const usd = (cents: number) => usdFormat.format(cents / 100);
const wholeRubFormat = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 });
/** Where room is short (the top bar): "12 000 ₽" for whole roubles, kopecks only when there are some. */
export const rubShort = (kopecks: number) => (kopecks % 100 === 0 ? wholeRubFormat.format(kopecks / 100) : rub(kopecks));
/** An amount without the currency sign, for table columns headed "…, ₽". */
export const amount = (minor: number) => plainFormat.format(minor / 100);

/** "78.4500" → "78,4500" (rates are decimal strings with 4 places; never parsed to floats). */
export const rate = (value: string) => value.replace('.', ',');

/** A calendar date ('2026-11-18') as 18.11.2026, without time-zone shifts. */
export function isoDate(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
/** A moment as its Moscow date. */
export const date = (value: string | null | undefined) => (value ? dateFormat.format(new Date(value)) : '—');
/** A moment as its Moscow date and time. */
export const dateTime = (value: string | null | undefined) => (value ? dateTimeFormat.format(new Date(value)) : '—');

/** Today's date in Moscow as 'YYYY-MM-DD' (for date inputs). */
export function moscowToday(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/**
 * Rubles as staff type them ("150 000,50", "150000.5", "1 000") to integer kopecks, by string
 * arithmetic so that no binary fraction creeps in; undefined when it is not such an amount.
 */
export function rublesToKopecks(text: string): number | undefined {
  const match = /^(\d+)(?:[.,](\d{0,2}))?$/.exec(text.replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return undefined;
  const digits = `${match[1]}${(match[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  const kopecks = Number(digits);
  return Number.isSafeInteger(kopecks) ? kopecks : undefined;
}

/** Integer kopecks as staff would type them back: "150000,50". */
export function kopecksToRubles(kopecks: number): string {
  const text = String(kopecks).padStart(3, '0');
  return `${text.slice(0, -2)},${text.slice(-2)}`;
}
