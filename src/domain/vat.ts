/**
 * VAT per product: the general Russian rate (22% from 2026-01-01), or exempt for software
 * in the Russian software registry (Tax Code art. 149 p. 2 sub. 26), printed as "Без НДС".
 */
export const VAT_MODES = ['standard', 'exempt'] as const;
export type VatMode = (typeof VAT_MODES)[number];

/** Rate in basis points on a given date; the 20% → 22% change took effect on 2026-01-01. */
export function vatRateBasisPoints(mode: VatMode, onDate: string): number {
  if (mode === 'exempt') return 0;
  return onDate >= '2026-01-01' ? 2200 : 2000;
}
