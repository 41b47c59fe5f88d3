/**
 * Vendor license policies: what a vendor lets a dealer order, as a JSON document staff edit
 * (`vendors.license_policy`), checked the same way in the cart, at submit and in the workflow.
 */
export {
  END_USER_FIELDS,
  LICENSE_TYPES,
  POLICY_UNREADABLE_RULE_ID,
  SEGMENTS,
  VENDOR_AUTHORISATION_RULE_ID,
  type EndUserField,
  type LicenseType,
  type Segment,
} from './vocabulary';
export {
  licensePolicySchema,
  QUANTITY_UNITS,
  type LicensePolicy,
  type LicensePolicyDocument,
  type PolicyRule,
  type RuleKind,
  type RuleSelector,
} from './policy.schema';
export { parseLicensePolicy, type PolicyDocumentIssue, type PolicyParseResult } from './parse-policy';
export {
  catalogRefusal,
  checkLine,
  dealerAuthorisedFor,
  missingAuthorisation,
  requiresDealerAuthorisation,
  type CatalogProduct,
  checkOrder,
  checkOrderAgainstStoredPolicies,
  type EndUserDetails,
  type OrderPolicyCheck,
  type PolicyContext,
  type PolicyField,
  type PolicyFinding,
  type PolicyFix,
  POLICY_FIX_CODES,
  QUANTITY_FIX_REASONS,
  type PolicyLine,
  type StoredVendorPolicy,
} from './check-policy';
export { licensePolicyMessages, type LicensePolicyMessages, type QuantityUnit } from './messages.ru';
export { ANTIVIRUS_POLICY, CAD_POLICY, EXAMPLE_POLICIES, OFFICE_POLICY } from './examples';
