import { normalizePartNumber } from '../part-number';
import { checkRequisites } from '../requisites';
import { inBands, nearestInBands, nearestMultiples } from './quantity';
import { licensePolicyMessages, type LicensePolicyMessages, type QuantityUnit } from './messages.ru';
import { parseLicensePolicy } from './parse-policy';
import type { LicensePolicy, PolicyRule, RuleSelector } from './policy.schema';
import {
  licenseNumberPattern,
  MAX_LICENSE_NUMBER_LENGTH,
  POLICY_UNREADABLE_RULE_ID,
  type EndUserField,
  type LicenseType,
  type Segment,
} from './vocabulary';

/** One order line as the policy sees it: the cart, the submit and the workflow all build this. */
export interface PolicyLine {
  partNumber: string;
  vendorCode: string;
  segment: Segment;
  quantity: number;
  licenseType: LicenseType;
  previousLicenseNumber?: string | null;
  basePartNumber?: string | null;
}

export interface EndUserDetails {
  name?: string | null;
  inn?: string | null;
  region?: string | null;
  email?: string | null;
}

export interface PolicyContext {
  dealer: { authorizedVendors: readonly string[]; segments: readonly string[] };
  endUser?: EndUserDetails | null;
  /** Every PartNumber in the order: an upgrade's base may be bought together with it. */
  orderPartNumbers: readonly string[];
  /**
   * PartNumbers the end user already holds licences for. Absent means "not known here": an
   * upgrade's base is then taken on the dealer's word (the vendor checks it when placing); an
   * empty list means "known to hold none".
   */
  licensedPartNumbers?: readonly string[] | null;
}

/** What the dealer must change: a line field, or an end-user field of the order. */
export type PolicyField = 'partNumber' | 'quantity' | 'previousLicenseNumber' | 'basePartNumber' | `endUser.${EndUserField}`;

/**
 * A change that puts a finding right in one click, as a code with its parameters (the web app
 * words it): set the quantity to an allowed one (`reason` says which rule chose it), name an
 * upgrade's base product, or take the line out of the order.
 */
export type PolicyFix =
  | { code: 'quantity.set'; quantity: number; reason: 'min' | 'max' | 'band' | 'multiple' }
  | { code: 'basePartNumber.set'; basePartNumber: string }
  | { code: 'line.remove' };
export const POLICY_FIX_CODES = ['quantity.set', 'basePartNumber.set', 'line.remove'] as const;
export const QUANTITY_FIX_REASONS = ['min', 'max', 'band', 'multiple'] as const;

export interface PolicyFinding {
  /** The rule's staff-chosen id, or POLICY_UNREADABLE_RULE_ID. */
  ruleId: string;
  field: PolicyField;
  /** Russian, starting with the rule's title: «Правило «…»: …». */
  message: string;
  severity: 'error';
  /** One-click ways to put it right, where the rule knows them; none when it needs the dealer's knowledge. */
  fixes?: PolicyFix[];
}

export interface OrderPolicyCheck {
  /** Findings per line, in the order of the lines given. */
  lines: PolicyFinding[][];
  ok: boolean;
}

type Problem = { field: PolicyField; message: string; fixes?: PolicyFix[] };

const upper = (text: string) => text.trim().toUpperCase();
const present = (text: string | null | undefined): text is string => typeof text === 'string' && text.trim() !== '';

function applies(selector: RuleSelector | undefined, line: PolicyLine): boolean {
  if (!selector) return true;
  if (selector.partNumbers || selector.partNumberPrefixes) {
    const pn = normalizePartNumber(line.partNumber);
    const listed = selector.partNumbers?.some((p) => normalizePartNumber(p) === pn) ?? false;
    const prefixed = selector.partNumberPrefixes?.some((p) => pn.startsWith(normalizePartNumber(p))) ?? false;
    if (!listed && !prefixed) return false;
  }
  if (selector.segments && !selector.segments.includes(line.segment)) return false;
  if (selector.licenseTypes && !selector.licenseTypes.includes(line.licenseType)) return false;
  return true;
}

/** Missing, or refused by the requisite checks (a checksum digit, a length): the reason, or undefined. */
function innProblem(inn: string | null | undefined, missing: string, m: LicensePolicyMessages): string | undefined {
  if (!present(inn)) return missing;
  const invalid = checkRequisites({ inn }).errors.find((e) => e.field === 'inn');
  return invalid ? m.endUserInnInvalid(invalid.message) : undefined;
}

const MAX_BASE_FIXES = 3;
const setQuantity = (quantities: readonly number[], reason: 'min' | 'max' | 'band' | 'multiple'): PolicyFix[] => quantities.map((quantity) => ({ code: 'quantity.set', quantity, reason }));

/** Whether a quantity passes every quantity rule of those given (min, max, bands, multiple). */
function quantityAllowed(rules: readonly PolicyRule[], q: number): boolean {
  return rules.every((rule) => {
    switch (rule.kind) {
      case 'min_quantity':
        return q >= rule.min;
      case 'max_quantity':
        return q <= rule.max;
      case 'quantity_bands':
        return inBands(q, rule.bands);
      case 'quantity_multiple':
        return q > 0 && q % rule.multiple === 0;
      default:
        return true;
    }
  });
}

/** How far from a rule's own suggestion a quantity that passes every rule is looked for. */
const QUANTITY_SEARCH = 10_000;

/**
 * A quantity fix must pass the line's other quantity rules too (a minimum of 5 with multiples of
 * 3 offers 6, not 5): each suggestion moves, away from the refused quantity, to the nearest
 * quantity every rule allows; suggestions that find none are dropped, and duplicates merged.
 */
function reconcileQuantityFixes(fixes: PolicyFix[] | undefined, rules: readonly PolicyRule[], refused: number): PolicyFix[] | undefined {
  if (!fixes) return undefined;
  const out: PolicyFix[] = [];
  for (const fix of fixes) {
    if (fix.code !== 'quantity.set') {
      out.push(fix);
      continue;
    }
    const step = fix.quantity >= refused ? 1 : -1;
    let q = fix.quantity;
    for (let n = 0; n < QUANTITY_SEARCH && q >= 1 && !quantityAllowed(rules, q); n++) q += step;
    if (q >= 1 && quantityAllowed(rules, q) && !out.some((f) => f.code === 'quantity.set' && f.quantity === q)) out.push({ ...fix, quantity: q });
  }
  return out.length ? out : undefined;
}

function ruleProblems(rule: PolicyRule, line: PolicyLine, context: PolicyContext, unit: QuantityUnit, m: LicensePolicyMessages): Problem[] {
  const q = line.quantity;
  switch (rule.kind) {
    case 'min_quantity':
      return q < rule.min ? [{ field: 'quantity', message: m.minQuantity(rule.min, q, rule.unit ?? unit), fixes: setQuantity([rule.min], 'min') }] : [];
    case 'max_quantity':
      return q > rule.max ? [{ field: 'quantity', message: m.maxQuantity(rule.max, q, rule.unit ?? unit), fixes: setQuantity([rule.max], 'max') }] : [];
    case 'quantity_bands': {
      if (inBands(q, rule.bands)) return [];
      const bands = [...rule.bands].sort((a, b) => a[0] - b[0]);
      const nearest = nearestInBands(q, bands);
      return [{ field: 'quantity', message: m.quantityBands(bands, q, rule.unit ?? unit, nearest), fixes: setQuantity(nearest, 'band') }];
    }
    case 'quantity_multiple': {
      if (q % rule.multiple === 0 && q > 0) return [];
      const nearest = nearestMultiples(q, rule.multiple);
      return [{ field: 'quantity', message: m.quantityMultiple(rule.multiple, q, nearest), fixes: setQuantity(nearest, 'multiple') }];
    }
    case 'renewal_license_number': {
      if (line.licenseType !== 'renewal') return [];
      const number = line.previousLicenseNumber?.trim();
      if (!number) return [{ field: 'previousLicenseNumber', message: m.renewalNumberMissing(rule.example) }];
      return number.length <= MAX_LICENSE_NUMBER_LENGTH && licenseNumberPattern(rule.pattern).test(number)
        ? []
        : [{ field: 'previousLicenseNumber', message: m.renewalNumberFormat(number, rule.example) }];
    }
    case 'upgrade_base_product': {
      if (line.licenseType !== 'upgrade') return [];
      // A short list of bases is offered as buttons; a long one is for the dealer to read and choose.
      const baseFixes = rule.basePartNumbers.length <= MAX_BASE_FIXES ? rule.basePartNumbers.map((basePartNumber): PolicyFix => ({ code: 'basePartNumber.set', basePartNumber })) : undefined;
      if (!present(line.basePartNumber)) return [{ field: 'basePartNumber', message: m.upgradeBaseMissing(rule.basePartNumbers), fixes: baseFixes }];
      const base = normalizePartNumber(line.basePartNumber);
      const qualifying = rule.basePartNumbers.find((p) => normalizePartNumber(p) === base);
      if (!qualifying) return [{ field: 'basePartNumber', message: m.upgradeBaseNotQualifying(line.basePartNumber.trim(), rule.basePartNumbers), fixes: baseFixes }];
      const held = (list: readonly string[]) => list.some((p) => normalizePartNumber(p) === base);
      const known = context.licensedPartNumbers;
      if (held(context.orderPartNumbers) || !known || held(known)) return [];
      return [{ field: 'basePartNumber', message: m.upgradeBaseNotHeld(qualifying) }];
    }
    case 'segment_authorisation': {
      if (line.segment === 'commercial') return [];
      const problems: Problem[] = [];
      if (!context.dealer.segments.some((s) => upper(s) === upper(line.segment))) {
        problems.push({ field: 'partNumber', message: m.segmentNotAuthorised(line.segment) });
      }
      const inn = innProblem(context.endUser?.inn, m.segmentEndUserInn(line.segment), m);
      if (inn) problems.push({ field: 'endUser.inn', message: inn });
      return problems;
    }
    case 'dealer_authorisation':
      // Checked before all others in checkLine: nothing else about the line matters until then.
      return [];
    case 'end_user_fields':
      return rule.fields.flatMap((field): Problem[] => {
        const value = context.endUser?.[field];
        const problem = field === 'inn' ? innProblem(value, m.endUserFieldMissing(field), m) : present(value) ? undefined : m.endUserFieldMissing(field);
        return problem ? [{ field: `endUser.${field}`, message: problem }] : [];
      });
  }
}

/** Whether the dealer holds the vendor's authorisation (dealers.authorized_vendors, codes compared ignoring case). */
export function dealerAuthorisedFor(dealer: PolicyContext['dealer'], vendorCode: string): boolean {
  return dealer.authorizedVendors.some((code) => upper(code) === upper(vendorCode));
}

/**
 * The one rule of who may sell what: a dealer may sell every vendor's products except those a
 * `dealer_authorisation` rule of the vendor's policy reserves for the dealers the vendor has
 * authorised. Returns that rule when the dealer lacks the authorisation, otherwise undefined.
 * (A vendor that wants authorised partners only says so in its policy; most sell through anyone,
 * and a newly approved dealer, whose authorisations staff may not know yet, can sell those.)
 */
export function missingAuthorisation(policy: LicensePolicy, line: Pick<PolicyLine, 'partNumber' | 'vendorCode' | 'segment' | 'licenseType'>, dealer: PolicyContext['dealer']): PolicyRule | undefined {
  if (dealerAuthorisedFor(dealer, line.vendorCode)) return undefined;
  return policy.rules.find((rule) => rule.kind === 'dealer_authorisation' && applies(rule.appliesTo, line as PolicyLine));
}

/**
 * Checks one line against its vendor's policy. A dealer lacking an authorisation the vendor
 * requires gets that one finding and no others: nothing else about the line can be put right
 * until then. Otherwise every applicable rule reports, so that the dealer sees, say, both a
 * minimum and a multiple. End-user findings repeat on each line of the vendor, as each line needs them.
 */
export function checkLine(
  policy: LicensePolicy,
  line: PolicyLine,
  context: PolicyContext,
  m: LicensePolicyMessages = licensePolicyMessages,
): PolicyFinding[] {
  const authorisation = missingAuthorisation(policy, line, context.dealer);
  if (authorisation) {
    return [{ ruleId: authorisation.id, field: 'partNumber', message: m.rule(authorisation.title, m.vendorNotAuthorised(line.vendorCode)), severity: 'error', fixes: [{ code: 'line.remove' }] }];
  }
  const rules = policy.rules.filter((rule) => applies(rule.appliesTo, line));
  return rules.flatMap((rule) =>
    ruleProblems(rule, line, context, policy.unit, m).map((p): PolicyFinding => {
      const fixes = reconcileQuantityFixes(p.fixes, rules, line.quantity);
      return { ruleId: rule.id, field: p.field, message: m.rule(rule.title, p.message), severity: 'error', ...(fixes ? { fixes } : {}) };
    }),
  );
}

const NO_RULES: LicensePolicy = { unit: 'license', rules: [] };

/**
 * Checks every line of an order against its vendor's policy (by vendor code; a vendor without
 * one has no rules). The order's PartNumbers are taken from the lines, in
 * addition to any the context gives.
 */
export function checkOrder(
  policiesByVendor: Readonly<Record<string, LicensePolicy | undefined>>,
  lines: readonly PolicyLine[],
  context: Omit<PolicyContext, 'orderPartNumbers'> & { orderPartNumbers?: readonly string[] },
  m: LicensePolicyMessages = licensePolicyMessages,
): OrderPolicyCheck {
  const policies = new Map(Object.entries(policiesByVendor).map(([code, policy]) => [upper(code), policy]));
  const lineContext: PolicyContext = {
    ...context,
    orderPartNumbers: [...(context.orderPartNumbers ?? []), ...lines.map((l) => l.partNumber)],
  };
  const findings = lines.map((line) => checkLine(policies.get(upper(line.vendorCode)) ?? NO_RULES, line, lineContext, m));
  return { lines: findings, ok: findings.every((f) => f.length === 0) };
}

/** A vendor as its stored row gives it: the policy is the JSON staff saved, not yet parsed. */
export interface StoredVendorPolicy {
  code: string;
  name: string;
  licensePolicy: unknown;
}

/**
 * The one licence-policy check of an order, used by the cart, the submit and the workflow's
 * re-check before anything goes to a vendor. Each vendor's stored policy is parsed here; one that
 * no longer parses (it was valid when saved) lets none of that vendor's lines pass, everywhere
 * alike: the cart and the submit show it on the line, the workflow holds the order for staff.
 */
export function checkOrderAgainstStoredPolicies(
  vendors: readonly StoredVendorPolicy[],
  lines: readonly PolicyLine[],
  context: Omit<PolicyContext, 'orderPartNumbers'> & { orderPartNumbers?: readonly string[] },
  m: LicensePolicyMessages = licensePolicyMessages,
): OrderPolicyCheck {
  const policies: Record<string, LicensePolicy> = {};
  const unreadable = new Map<string, string>();
  for (const vendor of vendors) {
    const code = upper(vendor.code);
    if (code in policies || unreadable.has(code)) continue;
    const parsed = parseLicensePolicy(vendor.licensePolicy);
    if (parsed.ok) policies[code] = parsed.policy;
    else unreadable.set(code, vendor.name);
  }
  const checked = checkOrder(policies, lines, context, m);
  const findings = checked.lines.map((lineFindings, i) => {
    const vendorName = unreadable.get(upper(lines[i]!.vendorCode));
    if (vendorName === undefined) return lineFindings;
    const finding: PolicyFinding = { ruleId: POLICY_UNREADABLE_RULE_ID, field: 'partNumber', message: m.rule(m.policyUnreadableTitle, m.policyUnreadable(vendorName)), severity: 'error' };
    return [finding, ...lineFindings];
  });
  return { lines: findings, ok: findings.every((f) => f.length === 0) };
}

/** A product as the catalog offers it, for the question whether the dealer may put it in the cart. */
export interface CatalogProduct {
  partNumber: string;
  segment: Segment | null;
}

/**
 * Why the dealer may not order the product, in a few words for the catalog card; undefined when
 * it may. The same rule as checkLine's (a new licence of the product), so that what the catalog
 * offers the cart accepts; an unreadable policy refuses the vendor's products here as there.
 */
export function catalogRefusal(
  vendor: StoredVendorPolicy,
  product: CatalogProduct,
  dealer: PolicyContext['dealer'],
  m: LicensePolicyMessages = licensePolicyMessages,
): string | undefined {
  const parsed = parseLicensePolicy(vendor.licensePolicy);
  if (!parsed.ok) return m.catalogPolicyUnreadable(vendor.name);
  const line = { partNumber: product.partNumber, vendorCode: vendor.code, segment: product.segment ?? 'commercial', licenseType: 'new' as const };
  return missingAuthorisation(parsed.policy, line, dealer) ? m.catalogNotAuthorised(vendor.name) : undefined;
}

/** Whether any product of the vendor is reserved for the dealers it has authorised (staff's approval form warns of these). */
export function requiresDealerAuthorisation(licensePolicy: unknown): boolean {
  const parsed = parseLicensePolicy(licensePolicy);
  return parsed.ok && parsed.policy.rules.some((rule) => rule.kind === 'dealer_authorisation');
}
