import { ogrnCheckDigit } from './checksums';
import type { KindBasis, RequisiteMessages } from './messages';

/**
 * The problem with an OGRN (13 digits, an organisation's) or an OGRNIP (15, an ИП's), or undefined.
 * Without a `basis` the length decides which of the two it is meant to be.
 */
export function checkOgrn(ogrn: string, m: RequisiteMessages, basis?: KindBasis): string | undefined {
  if (!/^\d+$/.test(ogrn)) return m.ogrn.notDigits(ogrn);
  if (basis && ogrn.length !== (basis.individual ? 15 : 13)) return m.ogrn.lengthFor(ogrn, basis);
  if (ogrn.length === 13) {
    // 1 and 5 open the numbers of a legal entity's first entry in the register.
    if (ogrn[0] !== '1' && ogrn[0] !== '5') return m.ogrn.firstDigit(ogrn);
    const expected = ogrnCheckDigit(ogrn.slice(0, 12));
    return ogrn[12] === expected ? undefined : m.ogrn.checksum(ogrn, expected);
  }
  if (ogrn.length === 15) {
    if (ogrn[0] !== '3') return m.ogrnip.firstDigit(ogrn);
    const expected = ogrnCheckDigit(ogrn.slice(0, 14));
    return ogrn[14] === expected ? undefined : m.ogrnip.checksum(ogrn, expected);
  }
  return m.ogrn.length(ogrn);
}
