/**
 * The words policies and order lines share. Free of zod, like everything check-policy.ts needs,
 * so that workflow code can check a line without bundling the schema.
 */
export const SEGMENTS = ['commercial', 'edu', 'gov'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const LICENSE_TYPES = ['new', 'renewal', 'upgrade'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];
export const END_USER_FIELDS = ['name', 'inn', 'region', 'email'] as const;
export type EndUserField = (typeof END_USER_FIELDS)[number];

/**
 * The id the vendor authorisation check reported under when every vendor required it (before the
 * `dealer_authorisation` rule kind); kept reserved so that findings recorded then stay unambiguous.
 */
export const VENDOR_AUTHORISATION_RULE_ID = 'vendor-authorisation';
/** The finding of a line whose vendor's stored policy does not parse. */
export const POLICY_UNREADABLE_RULE_ID = 'policy-unreadable';

/**
 * Longer licence numbers are refused unread: a staff-written pattern with nested quantifiers
 * could otherwise take seconds on a long string typed into the cart.
 */
export const MAX_LICENSE_NUMBER_LENGTH = 100;

/** A licence number must match as a whole, whether or not staff wrote ^ and $. */
export function licenseNumberPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Why `pattern` does not compile, as written and as checkLine anchors it; undefined if it does. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    licenseNumberPattern(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
