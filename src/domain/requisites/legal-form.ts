/**
 * Legal forms as dealers write them in Russian. The form decides which rules apply: an
 * individual entrepreneur (ИП) has a 12-digit INN, an OGRNIP and no KPP; an organisation has a
 * 10-digit INN, an OGRN and a KPP.
 */
export type EntityKind = 'organisation' | 'individual';

export const LEGAL_FORMS = {
  ООО: 'organisation',
  АО: 'organisation',
  ПАО: 'organisation',
  НАО: 'organisation',
  ЗАО: 'organisation',
  ОАО: 'organisation',
  ГУП: 'organisation',
  ФГУП: 'organisation',
  МУП: 'organisation',
  АНО: 'organisation',
  ПК: 'organisation',
  ИП: 'individual',
} as const satisfies Record<string, EntityKind>;

export type LegalForm = keyof typeof LEGAL_FORMS;

const FULL_NAMES: Record<string, LegalForm> = {
  'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ': 'ООО',
  'АКЦИОНЕРНОЕ ОБЩЕСТВО': 'АО',
  'ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО': 'ПАО',
  'НЕПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО': 'НАО',
  'ЗАКРЫТОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО': 'ЗАО',
  'ОТКРЫТОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО': 'ОАО',
  'ИНДИВИДУАЛЬНЫЙ ПРЕДПРИНИМАТЕЛЬ': 'ИП',
};

// "OOO" typed on an English keyboard layout looks right to the person typing it.
const LATIN_LOOKALIKES: Record<string, string> = {
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У',
};

/** "ооо", "OOO" in Latin letters, "И.П." and "Общество с ограниченной ответственностью" are all understood. */
export function parseLegalForm(text: string): { form: LegalForm; kind: EntityKind } | undefined {
  const key = text
    .toUpperCase()
    .replace(/[ABCEHKMOPTXY]/g, (c) => LATIN_LOOKALIKES[c]!)
    .replace(/Ё/g, 'Е')
    .replace(/[."«»]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const form = Object.hasOwn(LEGAL_FORMS, key) ? (key as LegalForm) : Object.hasOwn(FULL_NAMES, key) ? FULL_NAMES[key] : undefined;
  return form ? { form, kind: LEGAL_FORMS[form] } : undefined;
}
