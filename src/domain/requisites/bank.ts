import { accountKey, isBankOfRussiaDivision } from './checksums';
import type { RequisiteMessages } from './messages';

const RUB = '810';

export function checkBik(bik: string, m: RequisiteMessages): string | undefined {
  if (!/^\d+$/.test(bik)) return m.bik.notDigits(bik);
  if (bik.length !== 9) return m.bik.length(bik);
  return undefined;
}

/** The problem with a correspondent account, or undefined; `bik` (already checked) adds the key check. */
export function checkCorrespondentAccount(account: string, bik: string | undefined, m: RequisiteMessages): string | undefined {
  const t = m.correspondentAccount;
  if (!/^\d+$/.test(account)) return t.notDigits(account);
  if (account.length !== 20) return t.length(account);
  if (!account.startsWith('301')) return t.prefix(account);
  if (account.slice(5, 8) !== RUB) return t.currency(account);
  if (bik === undefined) return undefined;
  if (isBankOfRussiaDivision(bik)) return t.notExpected(account, bik);
  const key = accountKey(bik, account, 'correspondent');
  return account[8] === key ? undefined : t.key(account, bik, key);
}

/** The problem with a settlement account, or undefined; `bik` (already checked) adds the key check. */
export function checkSettlementAccount(account: string, bik: string | undefined, m: RequisiteMessages): string | undefined {
  const t = m.settlementAccount;
  if (!/^\d+$/.test(account)) return t.notDigits(account);
  if (account.length !== 20) return t.length(account);
  if (account.slice(5, 8) !== RUB) return t.currency(account);
  if (bik === undefined) return undefined;
  const key = accountKey(bik, account, 'settlement');
  return account[8] === key ? undefined : t.key(account, bik, key);
}

/** A credit institution's BIK calls for its correspondent account; a Bank of Russia division has none. */
export function correspondentAccountRequired(bik: string): boolean {
  return !isBankOfRussiaDivision(bik);
}
