/**
 * Check digits of Russian requisites, and generators that complete a base with them.
 * The generators serve tests and the demo seed: requisites that pass every check yet belong
 * to nobody.
 */

const DIGITS = /^\d+$/;

function assertDigits(value: string, lengths: readonly number[], what: string): void {
  if (!DIGITS.test(value) || !lengths.includes(value.length)) {
    throw new Error(`${what} must be ${lengths.join(' or ')} digits, got "${value}"`);
  }
}

// INN weights (Federal Tax Service): the 12-digit INN's last digit uses all eleven, its 11th digit
// the last ten, and the 10-digit INN's check digit the last nine.
const INN_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innDigit(digits: string): number {
  const weights = INN_WEIGHTS.slice(INN_WEIGHTS.length - digits.length);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * weights[i]!;
  return (sum % 11) % 10;
}

/** The check digits that follow an INN's base: one after 9 digits (organisation), two after 10 (ИП). */
export function innCheckDigits(base: string): string {
  assertDigits(base, [9, 10], 'INN base');
  const first = innDigit(base);
  return base.length === 9 ? String(first) : `${first}${innDigit(base + first)}`;
}

/** A full INN from its base of 9 or 10 digits. */
export function completeInn(base: string): string {
  return base + innCheckDigits(base);
}

/**
 * The check digit after an OGRN's 12 digits (the base modulo 11) or an OGRNIP's 14 (modulo 13);
 * a remainder of 10 or more keeps only its last digit.
 */
export function ogrnCheckDigit(base: string): string {
  assertDigits(base, [12, 14], 'OGRN base');
  const modulus = base.length === 12 ? 11n : 13n;
  return String((BigInt(base) % modulus) % 10n);
}

/** A full OGRN (from 12 digits) or OGRNIP (from 14). */
export function completeOgrn(base: string): string {
  return base + ogrnCheckDigit(base);
}

/**
 * Bank of Russia divisions (РКЦ) have BIKs ending in 000–002 and no correspondent account;
 * every credit institution and branch has one.
 */
export function isBankOfRussiaDivision(bik: string): boolean {
  return Number(bik.slice(6)) <= 2;
}

export type AccountKind = 'correspondent' | 'settlement';

/**
 * The three digits the Bank of Russia's 1997 method ("Порядок расчета контрольного ключа в номере
 * лицевого счета", No. 515) puts before an account: for an account kept at a division of the
 * Bank of Russia — every correspondent account, and a client's account at a РКЦ — "0" and the
 * BIK's 5th–6th digits; for an account at a credit institution, the BIK's last three digits.
 */
export function accountKeyPrefix(bik: string, kind: AccountKind): string {
  assertDigits(bik, [9], 'BIK');
  return kind === 'correspondent' || isBankOfRussiaDivision(bik) ? `0${bik.slice(4, 6)}` : bik.slice(6);
}

const ACCOUNT_WEIGHTS = [7, 1, 3];

/** The key (9th digit) a 20-digit account must have at the bank with this BIK. */
export function accountKey(bik: string, account: string, kind: AccountKind): string {
  assertDigits(account, [20], 'account');
  const digits = accountKeyPrefix(bik, kind) + account.slice(0, 8) + '0' + account.slice(9);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * ACCOUNT_WEIGHTS[i % 3]!;
  // The key sits at position 12 of the 23 digits, weight 3, and 3 × 7 ≡ 1 (mod 10): the key that
  // makes the weighted sum a multiple of 10 is the rest of the sum times 7, negated, i.e. times 3.
  return String(((sum % 10) * 3) % 10);
}

/** The account with its 9th digit replaced by the right key for this BIK. */
export function completeAccount(bik: string, account: string, kind: AccountKind): string {
  return account.slice(0, 8) + accountKey(bik, account, kind) + account.slice(9);
}
