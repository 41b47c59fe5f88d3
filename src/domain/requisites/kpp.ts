import type { RequisiteMessages } from './messages';

/** The problem with a KPP's own form, or undefined: 4-digit tax office, 2-character reason, 3 digits. */
export function checkKpp(kpp: string, m: RequisiteMessages): string | undefined {
  if (kpp.length !== 9) return m.kpp.length(kpp);
  // Positions 5–6 (the reason for registration) may hold Latin capitals: the tax service ran out of digits.
  if (!/^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp)) return m.kpp.format(kpp);
  if (kpp.startsWith('0000')) return m.kpp.taxOffice(kpp);
  return undefined;
}

/**
 * An organisation is usually registered where its INN was issued, so a KPP from another tax
 * office deserves a second look; but the largest taxpayers (Sberbank: INN 7707…, KPP 7736…)
 * and companies that moved legitimately have one, so this is a warning.
 */
export function kppTaxOfficeWarning(kpp: string, inn: string, m: RequisiteMessages): string | undefined {
  return kpp.slice(0, 4) === inn.slice(0, 4) ? undefined : m.kpp.taxOfficeDiffers(kpp, inn);
}
