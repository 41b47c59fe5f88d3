import { z } from 'zod';
import { CURRENCIES } from '../../domain/money';
import { ru } from '../../locale/ru';
import { errors, itemsOf, timestamp } from '../common.schemas';
import { refuseBidiControls } from '../name-text';

/**
 * The staff pricing routes' contracts: price-list imports (upload → preview → apply or discard),
 * discount rules and dealer groups. Requests are parsed and answers serialised by them, and the
 * web app's pricing types come from them.
 */

const lists = ru.priceLists;
const rules = ru.priceRules;

// Price-list imports

export const uploadPriceListSchema = z.object({
  fileName: z.string({ error: lists.fileNameRequired }).trim().min(1, lists.fileNameRequired).max(255, lists.fileNameRequired),
  contentBase64: z.string({ error: lists.contentRequired }).min(1, lists.contentRequired).pipe(z.base64({ error: lists.notBase64 })),
});
export const applyPriceListSchema = z.object({ deactivateMissing: z.boolean().default(false) });

const currency = z.enum(CURRENCIES);
const money = z.object({ minor: z.number().int(), currency });
const product = z.object({ partNumber: z.string(), name: z.string() });

const summaryCounts = z.object({
  newProducts: z.number().int(),
  priceChanges: z.number().int(),
  otherChanges: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  missing: z.number().int(),
});
/** How the file was read and what applying it did, without the lists of rows. */
const summaryTotals = z.object({
  counts: summaryCounts,
  format: z.enum(['csv', 'xlsx']),
  headerRowNumber: z.number().int(),
  ignoredColumns: z.array(z.string()),
  accepted: z.number().int(),
  deactivateMissing: z.boolean().optional(),
  deactivated: z.number().int().optional(),
});
export const priceListSummarySchema = summaryTotals.extend({
  newProducts: z.array(product.extend({ listPriceMinor: z.number().int(), currency })),
  priceChanges: z.array(product.extend({ old: money, new: money })),
  otherChanges: z.array(product.extend({ fields: z.array(z.string()) })),
  missing: z.array(product),
});
export const rejectedRowSchema = z.object({ rowNumber: z.number().int(), partNumber: z.string().nullable(), reasons: z.array(z.string()) });

const importFields = z.object({
  id: z.uuid(),
  vendor: z.object({ code: z.string(), name: z.string() }),
  fileName: z.string(),
  fileSha256: z.string(),
  status: z.enum(['previewed', 'applied', 'discarded']),
  createdAt: timestamp,
  createdBy: z.string().nullable(),
  appliedAt: timestamp.nullable(),
  appliedBy: z.string().nullable(),
});
/** An import with what it would change and the rows it refused. */
export const priceListImportSchema = importFields.extend({ summary: priceListSummarySchema, rejectedRows: z.array(rejectedRowSchema) });
/** An import in the vendor's history: the counts, without the lists of rows. */
export const priceListImportItemSchema = importFields.extend({ summary: summaryTotals });

const vendorCodeParams = z.object({ vendorCode: z.string().max(40) });
const importIdParams = z.object({ id: z.string().max(100) });
const importAnswer = z.object({ import: priceListImportSchema });

// Discount rules and dealer groups

/** What staff send: the owner and targets by the names they know, the numbers as numbers. */
export const priceRuleFields = z.object({
  dealerGroupId: z.number({ error: rules.ownerRequired }).int().positive().nullish(),
  dealerId: z.uuid({ error: rules.dealerNotFound }).nullish(),
  vendorCode: z.string().trim().max(20).nullish(),
  partNumber: z.string().trim().max(100).nullish(),
  minQuantity: z.number({ error: rules.minQuantity }).int(rules.minQuantity).min(1, rules.minQuantity).max(1_000_000, rules.minQuantity),
  discountBasisPoints: z.number({ error: rules.discount }).int(rules.discount).min(0, rules.discount).max(9999, rules.discount),
});
export type PriceRuleInput = z.infer<typeof priceRuleFields>;

/** A whole rule: exactly one owner, and a product only with its vendor. */
export const priceRuleSchema = priceRuleFields.superRefine((rule, ctx) => {
  const group = rule.dealerGroupId != null;
  const dealer = rule.dealerId != null;
  if (!group && !dealer) ctx.addIssue({ code: 'custom', path: ['dealerGroupId'], message: rules.ownerRequired });
  if (group && dealer) ctx.addIssue({ code: 'custom', path: ['dealerId'], message: rules.ownerBoth });
  if (rule.partNumber && !rule.vendorCode) ctx.addIssue({ code: 'custom', path: ['vendorCode'], message: rules.productNeedsVendor });
});
export const priceRulePatchSchema = priceRuleFields.partial();

export const dealerGroupSchema = z.object({
  code: z.string({ error: rules.groupCode }).trim().regex(/^[A-Za-z0-9_-]{2,30}$/, rules.groupCode),
  name: refuseBidiControls(z.string({ error: rules.groupName }).trim().min(1, rules.groupName).max(200, rules.groupName)),
});
export const dealerGroupPatchSchema = dealerGroupSchema.pick({ name: true });

export const priceRuleViewSchema = z.object({
  id: z.number().int(),
  dealerGroup: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  dealer: z.object({ id: z.uuid(), shortName: z.string(), inn: z.string() }).nullable(),
  vendor: z.object({ code: z.string(), name: z.string() }).nullable(),
  product: product.nullable(),
  minQuantity: z.number().int(),
  discountBasisPoints: z.number().int(),
});
export const pricingGroupSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), dealers: z.number().int(), rules: z.number().int() });
const dealerGroup = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
const numericIdParams = z.object({ id: z.string().max(40) });

export const pricingContracts = {
  upload: { params: vendorCodeParams, body: uploadPriceListSchema, response: { 201: importAnswer, ...errors(401, 403, 404, 413, 415, 422) } },
  history: { params: vendorCodeParams, response: { 200: itemsOf(priceListImportItemSchema), ...errors(401, 403, 404) } },
  import: { params: importIdParams, response: { 200: importAnswer, ...errors(401, 403, 404) } },
  apply: { params: importIdParams, body: applyPriceListSchema, response: { 200: importAnswer, ...errors(401, 403, 404, 409, 422) } },
  discard: { params: importIdParams, response: { 200: importAnswer, ...errors(401, 403, 404, 409) } },
  rules: { response: { 200: z.object({ items: z.array(priceRuleViewSchema), groups: z.array(pricingGroupSchema) }), ...errors(401, 403) } },
  createRule: { body: priceRuleSchema, response: { 201: z.object({ rule: priceRuleViewSchema }), ...errors(401, 403, 409, 422) } },
  updateRule: { params: numericIdParams, body: priceRulePatchSchema, response: { 200: z.object({ rule: priceRuleViewSchema }), ...errors(401, 403, 404, 409, 422) } },
  deleteRule: { params: numericIdParams, response: { 200: z.object({ deleted: z.number().int() }), ...errors(401, 403, 404) } },
  createGroup: { body: dealerGroupSchema, response: { 201: z.object({ group: dealerGroup }), ...errors(401, 403, 409) } },
  renameGroup: { params: numericIdParams, body: dealerGroupPatchSchema, response: { 200: z.object({ group: dealerGroup }), ...errors(401, 403, 404) } },
};
