/**
 * Prices as people type them in spreadsheets: "1 234,50", "1234.5", "1 234" (spaces, no-break
 * spaces or narrow no-break spaces between thousands), read into integer minor units by string
 * arithmetic. Anything else is refused with its reason rather than guessed at: "1,234.50" would be
 * a thousands comma in one country and a mistake in another.
 */
export type PriceProblem = 'missing' | 'notNumber' | 'tooPrecise' | 'negative' | 'zero' | 'tooLarge';
export type PriceResult = { ok: true; minor: number } | { ok: false; problem: PriceProblem };

const SPACES = /[ \u00a0\u202f\u2009]/g;
/** Whole part: plain digits, or groups of three separated by one space. */
const AMOUNT = /^(-)?(\d+|\d{1,3}(?: \d{3})+)(?:[.,](\d+))?$/;

export function parsePrice(text: string): PriceResult {
  const trimmed = text.trim().replace(SPACES, ' ');
  if (trimmed === '') return { ok: false, problem: 'missing' };
  const match = AMOUNT.exec(trimmed);
  if (!match) return { ok: false, problem: 'notNumber' };
  const [, minus, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, problem: 'tooPrecise' };
  const digits = `${whole!.replace(/ /g, '')}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, problem: 'tooLarge' };
  const minor = Number(digits);
  if (minus) return { ok: false, problem: minor === 0 ? 'zero' : 'negative' };
  if (minor === 0) return { ok: false, problem: 'zero' };
  return { ok: true, minor };
}
