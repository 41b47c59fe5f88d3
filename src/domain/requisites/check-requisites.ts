import { checkBik, checkCorrespondentAccount, checkSettlementAccount, correspondentAccountRequired } from './bank';
import { checkInn, innKind } from './inn';
import { checkKpp, kppTaxOfficeWarning } from './kpp';
import { parseLegalForm } from './legal-form';
import { defaultRequisiteMessages, type KindBasis, type RequisiteMessages } from './messages';
import { checkOgrn } from './ogrn';

export const REQUISITE_FIELDS = ['legalForm', 'inn', 'kpp', 'ogrn', 'bik', 'correspondentAccount', 'settlementAccount'] as const;
export type RequisiteField = (typeof REQUISITE_FIELDS)[number];

/** Any subset of a dealer's requisites, as typed: `ogrn` holds an OGRNIP for an ИП. */
export type RequisitesInput = { [F in RequisiteField]?: string | null };

export interface RequisiteFinding {
  field: RequisiteField;
  message: string;
}

export interface RequisitesCheck {
  errors: RequisiteFinding[];
  warnings: RequisiteFinding[];
}

/**
 * Checks what is present, and what the present fields demand of each other. A form being filled
 * in sends what it has: an empty or absent field is not checked, unless a present one requires it
 * (an organisation's KPP, a credit institution's correspondent account). At most one error per
 * field, in form order, so that each field shows the first thing to fix.
 */
export function checkRequisites(input: RequisitesInput, m: RequisiteMessages = defaultRequisiteMessages): RequisitesCheck {
  const value: { [F in RequisiteField]?: string } = {};
  for (const field of REQUISITE_FIELDS) {
    const text = input[field]?.trim();
    if (text) value[field] = text;
  }
  const errors: RequisiteFinding[] = [];
  const warnings: RequisiteFinding[] = [];
  const fail = (field: RequisiteField, message: string) => errors.push({ field, message });
  /** Records the problem, if there is one; true when there is none. */
  const passes = (field: RequisiteField, problem: string | undefined) => {
    if (problem) errors.push({ field, message: problem });
    return problem === undefined;
  };

  let declared: ReturnType<typeof parseLegalForm>;
  if (value.legalForm !== undefined) {
    declared = parseLegalForm(value.legalForm);
    if (!declared) fail('legalForm', m.legalForm.unknown(value.legalForm));
  }
  const formBasis: KindBasis | undefined = declared && { individual: declared.kind === 'individual', legalForm: declared.form };

  const innOk = value.inn !== undefined && passes('inn', checkInn(value.inn, m, formBasis));
  // Without a legal form, a valid INN tells an organisation from an ИП for the other fields.
  const basis: KindBasis | undefined =
    formBasis ?? (innOk ? { individual: innKind(value.inn!) === 'individual', inn: value.inn! } : undefined);

  if (value.kpp !== undefined) {
    if (basis?.individual) {
      fail('kpp', m.kpp.notForIndividual(value.kpp, basis));
    } else if (passes('kpp', checkKpp(value.kpp, m)) && innOk) {
      const warning = kppTaxOfficeWarning(value.kpp, value.inn!, m);
      if (warning) warnings.push({ field: 'kpp', message: warning });
    }
  } else if (declared?.kind === 'organisation') {
    // Only a chosen legal form makes the KPP due: an INN alone may be the first field typed.
    fail('kpp', m.kpp.required(declared.form));
  }

  if (value.ogrn !== undefined) passes('ogrn', checkOgrn(value.ogrn, m, basis));

  const bikOk = value.bik !== undefined && passes('bik', checkBik(value.bik, m));
  const bik = bikOk ? value.bik : undefined;
  if (value.correspondentAccount !== undefined) {
    passes('correspondentAccount', checkCorrespondentAccount(value.correspondentAccount, bik, m));
  } else if (bik !== undefined && correspondentAccountRequired(bik)) {
    fail('correspondentAccount', m.correspondentAccount.required(bik));
  }
  if (value.settlementAccount !== undefined) {
    passes('settlementAccount', checkSettlementAccount(value.settlementAccount, bik, m));
  }

  return { errors, warnings };
}
