/**
 * Staff manage dealer groups and discount rules. A rule belongs to exactly one group or one dealer,
 * may narrow to a vendor or one of its products, starts at a quantity, and takes a discount in
 * basis points (1250 = 12.5%). The most specific rule wins (src/domain/price-rules.ts); every
 * answer names what a rule applies to, and every change is audited with the rule before and after.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealerGroups, priceRules } from '../../../db/schema';
import type { PriceRuleInput as RuleInput } from '../../api/pricing/pricing.schemas';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { audit } from '../audit/audit.usecases';
import { UseCaseError, type FieldError } from '../errors';
import type { StaffActor } from '../principal';
import {
  dealerExists,
  findRule,
  findRuleView,
  findSameRule,
  groupExists,
  listGroups,
  listRules,
  productIdByPartNumber,
  vendorIdByCode,
  type RuleRow,
  type RuleTargets,
} from './price-rules-admin.repository';

const t = ru.priceRules;

/** 1250 → "12,5%". */
const percent = (basisPoints: number) => `${Math.trunc(basisPoints / 100)}${basisPoints % 100 ? `,${String(basisPoints % 100).padStart(2, '0').replace(/0$/, '')}` : ''}%`;

/** A rule or group id from a path: a positive integer that fits the column, or "not found". */
const ruleId = (id: string) => (/^[1-9]\d{0,9}$/.test(id) && Number(id) <= 2_147_483_647 ? Number(id) : null);

/** The ids behind the names, every unknown name reported on its field at once. */
async function resolve(db: Db, input: RuleInput): Promise<RuleTargets> {
  const errors: FieldError[] = [];
  if (input.dealerGroupId != null && !(await groupExists(db, input.dealerGroupId))) errors.push({ field: 'dealerGroupId', message: t.groupNotFound(input.dealerGroupId) });
  if (input.dealerId != null && !(await dealerExists(db, input.dealerId))) errors.push({ field: 'dealerId', message: t.dealerNotFound });
  const vendorCode = input.vendorCode ? input.vendorCode.toUpperCase() : null;
  const vendorId = vendorCode ? await vendorIdByCode(db, vendorCode) : null;
  if (vendorCode && vendorId === undefined) errors.push({ field: 'vendorCode', message: t.vendorNotFound(vendorCode) });
  const productId = input.partNumber && vendorId ? await productIdByPartNumber(db, vendorId, input.partNumber) : null;
  if (input.partNumber && vendorId && productId === undefined) errors.push({ field: 'partNumber', message: t.productNotFound(input.partNumber, vendorCode!) });
  if (errors.length > 0) throw new UseCaseError(422, 'PRICE_RULE_INVALID', errors[0]!.message, errors);
  return {
    dealerGroupId: input.dealerGroupId ?? null,
    dealerId: input.dealerId ?? null,
    vendorId: vendorId ?? null,
    productId: productId ?? null,
    minQuantity: input.minQuantity,
    discountBasisPoints: input.discountBasisPoints,
  };
}

async function refuseDuplicate(db: Db, rule: RuleTargets, exceptId?: number) {
  const same = await findSameRule(db, rule, exceptId);
  if (same) throw new UseCaseError(409, 'PRICE_RULE_DUPLICATE', t.duplicate(same.id, percent(same.discountBasisPoints)));
}

async function existingRule(db: Db, id: string): Promise<RuleRow> {
  const n = ruleId(id);
  if (n === null) throw new UseCaseError(404, 'PRICE_RULE_NOT_FOUND', t.badId);
  const rule = await findRule(db, n);
  if (!rule) throw new UseCaseError(404, 'PRICE_RULE_NOT_FOUND', t.notFound);
  return rule;
}

/** Every rule with what it applies to, and the groups with their counts. */
export async function priceRulesOverview(db: Db) {
  const [items, groups] = await Promise.all([listRules(db), listGroups(db)]);
  return { items, groups };
}

export async function createPriceRule(db: Db, actor: StaffActor, input: RuleInput) {
  const rule = await resolve(db, input);
  await refuseDuplicate(db, rule);
  const [created] = await db.insert(priceRules).values(rule).returning();
  const view = (await findRuleView(db, created!.id))!;
  await audit(db, { actorUserId: actor.userId, action: 'price_rule.created', subjectType: 'price_rule', subjectId: created!.id, details: { before: null, after: view }, ip: actor.ip });
  return { rule: view };
}

/**
 * A stored rule as a request would name it, so that a partial change can be checked as a whole
 * rule. A product belongs to its vendor: a new vendor without a new PartNumber means "the whole vendor".
 */
export async function priceRuleAsInput(db: Db, id: string, patch: Partial<RuleInput>): Promise<RuleInput> {
  const rule = await existingRule(db, id);
  const view = (await findRuleView(db, rule.id))!;
  const base: RuleInput = {
    dealerGroupId: rule.dealerGroupId,
    dealerId: rule.dealerId,
    vendorCode: view.vendor?.code ?? null,
    partNumber: view.product?.partNumber ?? null,
    minQuantity: rule.minQuantity,
    discountBasisPoints: rule.discountBasisPoints,
  };
  if (patch.vendorCode !== undefined && patch.partNumber === undefined) base.partNumber = null;
  return { ...base, ...patch };
}

/** Replaces a rule by `input` (a whole rule, see `priceRuleAsInput`). */
export async function updatePriceRule(db: Db, actor: StaffActor, id: string, input: RuleInput) {
  const current = await existingRule(db, id);
  const before = (await findRuleView(db, current.id))!;
  const rule = await resolve(db, input);
  await refuseDuplicate(db, rule, current.id);
  await db.update(priceRules).set(rule).where(eq(priceRules.id, current.id));
  const after = (await findRuleView(db, current.id))!;
  await audit(db, { actorUserId: actor.userId, action: 'price_rule.updated', subjectType: 'price_rule', subjectId: current.id, details: { before, after }, ip: actor.ip });
  return { rule: after };
}

export async function deletePriceRule(db: Db, actor: StaffActor, id: string) {
  const current = await existingRule(db, id);
  const before = (await findRuleView(db, current.id))!;
  await db.delete(priceRules).where(eq(priceRules.id, current.id));
  await audit(db, { actorUserId: actor.userId, action: 'price_rule.deleted', subjectType: 'price_rule', subjectId: current.id, details: { before, after: null }, ip: actor.ip });
  return { deleted: current.id };
}

export async function createDealerGroup(db: Db, actor: StaffActor, body: { code: string; name: string }) {
  const code = body.code.toUpperCase();
  try {
    const [group] = await db.insert(dealerGroups).values({ code, name: body.name }).returning();
    await audit(db, { actorUserId: actor.userId, action: 'dealer_group.created', subjectType: 'dealer_group', subjectId: group!.id, details: { before: null, after: group }, ip: actor.ip });
    return { group: group! };
  } catch (err) {
    if (isUniqueViolation(err)) throw new UseCaseError(409, 'DEALER_GROUP_CODE_TAKEN', t.groupCodeTaken(code), [{ field: 'code', message: t.groupCodeTaken(code) }]);
    throw err;
  }
}

export async function renameDealerGroup(db: Db, actor: StaffActor, id: string, name: string) {
  const n = ruleId(id);
  const [before] = n !== null ? await db.select().from(dealerGroups).where(eq(dealerGroups.id, n)) : [];
  if (!before) throw new UseCaseError(404, 'DEALER_GROUP_NOT_FOUND', t.groupNotFoundById);
  const [group] = await db.update(dealerGroups).set({ name }).where(eq(dealerGroups.id, before.id)).returning();
  await audit(db, { actorUserId: actor.userId, action: 'dealer_group.renamed', subjectType: 'dealer_group', subjectId: before.id, details: { before, after: group }, ip: actor.ip });
  return { group: group! };
}
