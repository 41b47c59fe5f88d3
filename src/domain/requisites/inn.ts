import { innCheckDigits } from './checksums';
import type { EntityKind } from './legal-form';
import type { KindBasis, RequisiteMessages } from './messages';

/** What an INN's length says about its holder, if it is a well-formed INN at all. */
export function innKind(inn: string): EntityKind | undefined {
  if (!/^\d+$/.test(inn)) return undefined;
  return inn.length === 10 ? 'organisation' : inn.length === 12 ? 'individual' : undefined;
}

/** The problem with an INN, or undefined. `basis` is the legal form's demand on its length. */
export function checkInn(inn: string, m: RequisiteMessages, basis?: KindBasis): string | undefined {
  if (!/^\d+$/.test(inn)) return m.inn.notDigits(inn);
  if (basis && inn.length !== (basis.individual ? 12 : 10)) return m.inn.lengthFor(inn, basis);
  if (inn.length !== 10 && inn.length !== 12) return m.inn.length(inn);
  const expected = innCheckDigits(inn.slice(0, inn.length === 10 ? 9 : 10));
  if (!inn.endsWith(expected)) return m.inn.checksum(inn, expected);
  return undefined;
}
