/**
 * Money in integer minor units (kopecks for RUB, cents for USD). Never floats.
 * Exchange rates are decimal strings with up to 4 places ("79.8452" RUB per 1 USD),
 * held as integers scaled by RATE_SCALE.
 */
export const CURRENCIES = ['RUB', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** An amount in minor units of its currency. */
export type Minor = number;

export const RATE_SCALE = 10_000n;

export class MoneyError extends Error {
  override name = 'MoneyError';
}

export function assertMinor(value: number, what = 'amount'): Minor {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be an integer number of minor units, got ${value}`);
  return value;
}

/** Division of integers rounding half away from zero (the accounting rule: 0.5 kopeck goes up). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Parses "79,8452" or "79.8452" (RUB per `nominal` units) into a per-one-unit rate scaled by RATE_SCALE. */
export function parseRate(text: string, nominal = 1): bigint {
  const normalized = text.trim().replace(',', '.');
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(normalized);
  if (!match) throw new MoneyError(`exchange rate "${text}" is not a decimal with at most 4 places`);
  if (!Number.isInteger(nominal) || nominal < 1) throw new MoneyError(`nominal must be a positive integer, got ${nominal}`);
  const scaled = BigInt(match[1]!) * RATE_SCALE + BigInt((match[2] ?? '').padEnd(4, '0'));
  if (scaled === 0n) throw new MoneyError('exchange rate must be positive');
  return divRoundHalfUp(scaled, BigInt(nominal));
}

/** Formats a scaled rate as a 4-place decimal string ("79.8452"). */
export function formatRate(scaled: bigint): string {
  const whole = scaled / RATE_SCALE;
  const frac = (scaled % RATE_SCALE).toString().padStart(4, '0');
  return `${whole}.${frac}`;
}

/** A rate raised by a markup in basis points (150 = 1.5%), kept to 4 places, rounded half-up. */
export function withMarkup(rateScaled: bigint, markupBasisPoints: number): bigint {
  return divRoundHalfUp(rateScaled * BigInt(10_000 + markupBasisPoints), 10_000n);
}

/** Converts between RUB and USD at `rubPerUsd` (scaled), rounding half-up to the minor unit. */
export function convert(amount: Minor, from: Currency, to: Currency, rubPerUsd: bigint): Minor {
  assertMinor(amount);
  if (from === to) return amount;
  // 1 cent = rate kopecks, because both currencies have 100 minor units.
  const result =
    from === 'USD'
      ? divRoundHalfUp(BigInt(amount) * rubPerUsd, RATE_SCALE)
      : divRoundHalfUp(BigInt(amount) * RATE_SCALE, rubPerUsd);
  return Number(result);
}

/** Applies a percentage given in basis points (2200 = 22%), rounding half-up. */
export function percentOf(amount: Minor, basisPoints: number): Minor {
  assertMinor(amount);
  return Number(divRoundHalfUp(BigInt(amount) * BigInt(basisPoints), 10_000n));
}

/** "1 234 567,89" — the Russian way to print an amount of minor units. */
export function formatMinor(amount: Minor): string {
  assertMinor(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${whole},${(abs % 100).toString().padStart(2, '0')}`;
}

/** Parses a decimal string like "1499.90" into minor units; refuses more than 2 places. */
export function parseMinor(text: string): Minor {
  const match = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new MoneyError(`"${text}" is not an amount with at most 2 decimal places`);
  const value = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return assertMinor(match[1] ? -value : value);
}

/** "1234.56": minor units as a plain decimal with a dot and always two places, as XML formats (ФНС's УПД) want amounts. */
export function formatMinorDecimal(amount: Minor): string {
  assertMinor(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
