import { z } from 'zod';
import { licensePolicyMessages as m } from './messages.ru';
import { licensePolicySchema, type LicensePolicy } from './policy.schema';

/** One problem in a policy document, located the way staff look for it: by rule id, then field. */
export interface PolicyDocumentIssue {
  /** The id of the rule the problem is in, when the rule has one. */
  ruleId?: string;
  /** The JSON path, e.g. "rules[2].bands[1]". */
  path: string;
  message: string;
}

export type PolicyParseResult =
  | { ok: true; policy: LicensePolicy }
  | { ok: false; issues: PolicyDocumentIssue[]; message: string };

const ruLocale = z.locales.ru();

/** Zod's own texts for the generic problems, rewritten in terms of JSON staff typed. */
const staffErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? m.document.required(issue.expected) : m.document.invalidType(issue.expected, jsonType(issue.input));
    case 'unrecognized_keys':
      return m.document.unknownField(issue.keys);
    case 'invalid_value':
      return m.document.invalidValue(issue.input, issue.values);
    case 'invalid_union':
      if ('discriminator' in issue && typeof issue.discriminator === 'string' && Array.isArray(issue.options)) {
        const input = issue.input as Record<string, unknown> | null | undefined;
        return m.document.unknownKind(typeof input === 'object' && input ? input[issue.discriminator] : undefined, issue.options);
      }
      break;
  }
  return ruLocale.localeError(issue);
};

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number';
  return typeof value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

function ruleIdAt(document: unknown, index: number): string | undefined {
  const rules = (document as { rules?: unknown } | null)?.rules;
  const id = Array.isArray(rules) ? (rules[index] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' && id.trim() ? id : undefined;
}

/**
 * Validates a policy document (parsed JSON) for use by checkLine. On failure, every problem is
 * named by its rule's id and the field within the rule, one per line of `message`:
 * «✖ правило «kasp-bands», поле bands[2]: диапазон 20–15 перевёрнут: начало больше конца».
 */
export function parseLicensePolicy(document: unknown): PolicyParseResult {
  const parsed = licensePolicySchema.safeParse(document, { error: staffErrorMap });
  if (parsed.success) return { ok: true, policy: parsed.data };
  const issues = parsed.error.issues.map((issue): PolicyDocumentIssue => {
    const path = formatPath(issue.path);
    const [top, index, ...inRule] = issue.path;
    if (top === 'rules' && typeof index === 'number') {
      const ruleId = ruleIdAt(document, index);
      const where = m.document.where.rule(ruleId, index) + (inRule.length ? `, ${m.document.where.field(formatPath(inRule))}` : '');
      return { ...(ruleId ? { ruleId } : {}), path, message: `${where}: ${issue.message}` };
    }
    const where = path ? m.document.where.field(path) : m.document.where.root;
    return { path, message: `${where}: ${issue.message}` };
  });
  return { ok: false, issues, message: issues.map((i) => `✖ ${i.message}`).join('\n') };
}
