/** Dealer requisite checks: pure, shared by the API, the registration and (later) the browser. */
export { checkRequisites, REQUISITE_FIELDS } from './check-requisites';
export type { RequisiteField, RequisiteFinding, RequisitesCheck, RequisitesInput } from './check-requisites';
export {
  accountKey,
  accountKeyPrefix,
  completeAccount,
  completeInn,
  completeOgrn,
  innCheckDigits,
  isBankOfRussiaDivision,
  ogrnCheckDigit,
  type AccountKind,
} from './checksums';
export { LEGAL_FORMS, parseLegalForm, type EntityKind, type LegalForm } from './legal-form';
export { defaultRequisiteMessages, type RequisiteMessages } from './messages';
