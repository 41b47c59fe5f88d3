/**
 * A vendor's license policy as staff keep it in `vendors.license_policy` (JSON). Objects are strict
 * so that a misspelt field ("minimum" for "min") is an error rather than a rule silently not applied.
 */
import { z } from 'zod';
import { normalizePartNumber } from '../part-number';
import { licensePolicyMessages as m, UNIT_FORMS, type QuantityUnit } from './messages.ru';
import {
  END_USER_FIELDS,
  LICENSE_TYPES,
  licenseNumberPattern,
  patternProblem,
  SEGMENTS,
  VENDOR_AUTHORISATION_RULE_ID,
} from './vocabulary';

export const QUANTITY_UNITS = Object.keys(UNIT_FORMS) as [QuantityUnit, ...QuantityUnit[]];

// A refinement rather than .int(): zod's integer check aborts the parse, which would hide the
// document-wide checks (duplicate ids) until staff fixed it.
const positiveInt = z.number().refine((n) => Number.isSafeInteger(n) && n >= 1, m.document.positiveInteger);
const partNumber = z.string().trim().min(1, m.document.emptyText).max(100, m.document.tooLong(100));

/** A non-empty list without repeats; `key` decides what counts as the same entry. */
function distinctList<T extends z.ZodType<string>>(item: T, key: (value: string) => string = (v) => v) {
  return z
    .array(item)
    .min(1, m.document.emptyList)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(key(value))) ctx.addIssue({ code: 'custom', path: [index], message: m.document.duplicateInList(value) });
        seen.add(key(value));
      });
    });
}
const partNumberList = distinctList(partNumber, normalizePartNumber);

/**
 * Which lines a rule applies to; absent means every line of the vendor. A line must meet every
 * criterion given, except that `partNumbers` and `partNumberPrefixes` together name one set of
 * products (listed, or starting with a listed prefix). PartNumbers compare in normal form.
 */
const selectorSchema = z.strictObject({
  partNumbers: partNumberList.optional(),
  partNumberPrefixes: partNumberList.optional(),
  segments: distinctList(z.enum(SEGMENTS)).optional(),
  licenseTypes: distinctList(z.enum(LICENSE_TYPES)).optional(),
});

const common = {
  id: z
    .string()
    .max(64, m.document.tooLong(64))
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, m.document.ruleIdFormat)
    .refine((id) => id !== VENDOR_AUTHORISATION_RULE_ID, { error: (issue) => m.document.ruleIdReserved(String(issue.input)) }),
  /** What the dealer reads: every finding starts with «Правило «title»: …». */
  title: z.string().trim().min(1, m.document.emptyText).max(200, m.document.tooLong(200)),
  appliesTo: selectorSchema.optional(),
  /** Staff's own note: where the rule comes from (a vendor letter, a price-list footnote). Never shown to dealers. */
  note: z.string().optional(),
};
/** Quantity rules may count in their own unit; otherwise the policy's. */
const unit = z.enum(QUANTITY_UNITS).optional();

const band = z.tuple([positiveInt, positiveInt], { error: m.document.bandShape });

const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('min_quantity'), min: positiveInt, unit }),
  z.strictObject({ ...common, kind: z.literal('max_quantity'), max: positiveInt, unit }),
  z
    .strictObject({ ...common, kind: z.literal('quantity_bands'), bands: z.array(band).min(1, m.document.emptyList), unit })
    .superRefine((rule, ctx) => {
      const inverted = rule.bands.map(([from, to], index) => ({ from, to, index })).filter((b) => b.from > b.to);
      for (const b of inverted) ctx.addIssue({ code: 'custom', path: ['bands', b.index], message: m.document.bandInverted(b.from, b.to) });
      if (inverted.length > 0) return;
      const sorted = rule.bands.map((b, index) => ({ b, index })).sort((x, y) => x.b[0] - y.b[0]);
      for (let i = 1; i < sorted.length; i++) {
        const previous = sorted[i - 1]!;
        const current = sorted[i]!;
        if (current.b[0] <= previous.b[1]) {
          ctx.addIssue({ code: 'custom', path: ['bands', current.index], message: m.document.bandsOverlap(previous.b, current.b) });
        }
      }
    }),
  z.strictObject({ ...common, kind: z.literal('quantity_multiple'), multiple: positiveInt }),
  z
    .strictObject({
      ...common,
      kind: z.literal('renewal_license_number'),
      /** A JavaScript regular expression; the whole number must match it. */
      pattern: z
        .string()
        .min(1, m.document.emptyText)
        .superRefine((pattern, ctx) => {
          const problem = patternProblem(pattern);
          if (problem) ctx.addIssue({ code: 'custom', message: m.document.regexInvalid(pattern, problem) });
        }),
      /** A number in the vendor's format: the dealer is shown it, so it must match the pattern. */
      example: z.string().trim().min(1, m.document.emptyText),
    })
    .superRefine((rule, ctx) => {
      if (patternProblem(rule.pattern) === undefined && !licenseNumberPattern(rule.pattern).test(rule.example)) {
        ctx.addIssue({ code: 'custom', path: ['example'], message: m.document.exampleMismatch(rule.example) });
      }
    }),
  z.strictObject({ ...common, kind: z.literal('upgrade_base_product'), basePartNumbers: partNumberList }),
  z.strictObject({ ...common, kind: z.literal('segment_authorisation') }),
  /** Only dealers the vendor has authorised (dealers.authorized_vendors) may sell these products. */
  z.strictObject({ ...common, kind: z.literal('dealer_authorisation') }),
  z.strictObject({ ...common, kind: z.literal('end_user_fields'), fields: distinctList(z.enum(END_USER_FIELDS)) }),
]);

export const licensePolicySchema = z
  .strictObject({
    /** What quantities count, for rules that do not say: «минимум 5 узлов». */
    unit: z.enum(QUANTITY_UNITS).default('license'),
    // The column's default is {}: a vendor with no rules, which any dealer may sell in any quantity.
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine(
    (policy, ctx) => {
      // Runs even when some rule is invalid, so staff see every problem at once: the data may be malformed here.
      const rules: unknown = policy.rules;
      if (!Array.isArray(rules)) return;
      const seen = new Set<string>();
      rules.forEach((rule: unknown, index) => {
        const id = (rule as { id?: unknown } | null)?.id;
        if (typeof id !== 'string') return;
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: m.document.ruleIdDuplicate(id) });
        seen.add(id);
      });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** A policy as checked: defaults filled in. */
export type LicensePolicy = z.output<typeof licensePolicySchema>;
/** A policy document as staff write it (what the JSON column holds). */
export type LicensePolicyDocument = z.input<typeof licensePolicySchema>;
export type PolicyRule = LicensePolicy['rules'][number];
export type RuleKind = PolicyRule['kind'];
export type RuleSelector = z.output<typeof selectorSchema>;
