/**
 * Staff manage dealer groups and discount rules. A rule belongs to exactly one group or one dealer,
 * may narrow to a vendor or one of its products, starts at a quantity, and takes a discount in
 * basis points (1250 = 12.5%). The most specific rule wins (src/domain/price-rules.ts); every
 * answer names what a rule applies to, and every change is audited with the rule before and after.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealerGroups, priceRules } from '../../../db/schema';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { HttpError, parseWith, type FieldError } from '../errors';
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
} from '../../usecases/pricing/price-rules-admin.repository';
import { requireStaff } from '../staff/require-staff';
import type { AuditAction, AuditSubjectType } from '../../domain/audit';
import { audit } from '../../usecases/audit/audit.usecases';
import { pricingContracts as contracts, priceRuleSchema, type PriceRuleInput as RuleInput } from './pricing.schemas';

const t = ru.priceRules;

const ruleIdSchema = z.coerce.number().int().positive();

/** 1250 → "12,5%". */
const percent = (basisPoints: number) => `${Math.trunc(basisPoints / 100)}${basisPoints % 100 ? `,${String(basisPoints % 100).padStart(2, '0').replace(/0$/, '')}` : ''}%`;

export function registerStaffPricingRuleRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const auditChange = (request: FastifyRequest, userId: string, action: AuditAction, subjectType: AuditSubjectType, subjectId: string | number, details: object) =>
    audit(db, { actorUserId: userId, action, subjectType, subjectId, details, ip: request.ip });

  /** The ids behind the names, every unknown name reported on its field at once. */
  async function resolve(input: RuleInput): Promise<RuleTargets> {
    const errors: FieldError[] = [];
    if (input.dealerGroupId != null && !(await groupExists(db, input.dealerGroupId))) errors.push({ field: 'dealerGroupId', message: t.groupNotFound(input.dealerGroupId) });
    if (input.dealerId != null && !(await dealerExists(db, input.dealerId))) errors.push({ field: 'dealerId', message: t.dealerNotFound });
    const vendorCode = input.vendorCode ? input.vendorCode.toUpperCase() : null;
    const vendorId = vendorCode ? await vendorIdByCode(db, vendorCode) : null;
    if (vendorCode && vendorId === undefined) errors.push({ field: 'vendorCode', message: t.vendorNotFound(vendorCode) });
    const productId = input.partNumber && vendorId ? await productIdByPartNumber(db, vendorId, input.partNumber) : null;
    if (input.partNumber && vendorId && productId === undefined) errors.push({ field: 'partNumber', message: t.productNotFound(input.partNumber, vendorCode!) });
    if (errors.length > 0) throw new HttpError(422, 'PRICE_RULE_INVALID', errors[0]!.message, errors);
    return {
      dealerGroupId: input.dealerGroupId ?? null,
      dealerId: input.dealerId ?? null,
      vendorId: vendorId ?? null,
      productId: productId ?? null,
      minQuantity: input.minQuantity,
      discountBasisPoints: input.discountBasisPoints,
    };
  }

  async function refuseDuplicate(rule: RuleTargets, exceptId?: number) {
    const same = await findSameRule(db, rule, exceptId);
    if (same) throw new HttpError(409, 'PRICE_RULE_DUPLICATE', t.duplicate(same.id, percent(same.discountBasisPoints)));
  }

  async function ruleFor(request: { params: { id: string } }): Promise<RuleRow> {
    const id = ruleIdSchema.safeParse(request.params.id);
    if (!id.success) throw new HttpError(404, 'PRICE_RULE_NOT_FOUND', t.badId);
    const rule = await findRule(db, id.data);
    if (!rule) throw new HttpError(404, 'PRICE_RULE_NOT_FOUND', t.notFound);
    return rule;
  }

  /** A stored rule as a request would name it, so a partial change can be checked as a whole rule. */
  async function asInput(rule: RuleRow): Promise<RuleInput> {
    const view = (await findRuleView(db, rule.id))!;
    return {
      dealerGroupId: rule.dealerGroupId,
      dealerId: rule.dealerId,
      vendorCode: view.vendor?.code ?? null,
      partNumber: view.product?.partNumber ?? null,
      minQuantity: rule.minQuantity,
      discountBasisPoints: rule.discountBasisPoints,
    };
  }

  api.get('/api/staff/price-rules', { schema: contracts.rules }, async (request) => {
    requireStaff(request);
    const [items, groups] = await Promise.all([listRules(db), listGroups(db)]);
    return { items, groups };
  });

  api.post('/api/staff/price-rules', { schema: contracts.createRule }, async (request, reply) => {
    const principal = requireStaff(request);
    const rule = await resolve(request.body);
    await refuseDuplicate(rule);
    const [created] = await db.insert(priceRules).values(rule).returning();
    const view = (await findRuleView(db, created!.id))!;
    await auditChange(request, principal.userId, 'price_rule.created', 'price_rule', created!.id, { before: null, after: view });
    reply.code(201);
    return { rule: view };
  });

  api.patch('/api/staff/price-rules/:id', { schema: contracts.updateRule }, async (request) => {
    const principal = requireStaff(request);
    const patch = request.body;
    const current = await ruleFor(request);
    const before = (await findRuleView(db, current.id))!;
    // A product belongs to its vendor: a new vendor without a new PartNumber means "the whole vendor".
    const base = await asInput(current);
    if (patch.vendorCode !== undefined && patch.partNumber === undefined) base.partNumber = null;
    const rule = await resolve(parseWith(priceRuleSchema, { ...base, ...patch }));
    await refuseDuplicate(rule, current.id);
    await db.update(priceRules).set(rule).where(eq(priceRules.id, current.id));
    const after = (await findRuleView(db, current.id))!;
    await auditChange(request, principal.userId, 'price_rule.updated', 'price_rule', current.id, { before, after });
    return { rule: after };
  });

  api.delete('/api/staff/price-rules/:id', { schema: contracts.deleteRule }, async (request) => {
    const principal = requireStaff(request);
    const current = await ruleFor(request);
    const before = (await findRuleView(db, current.id))!;
    await db.delete(priceRules).where(eq(priceRules.id, current.id));
    await auditChange(request, principal.userId, 'price_rule.deleted', 'price_rule', current.id, { before, after: null });
    return { deleted: current.id };
  });

  // The list of groups is GET /api/staff/dealer-groups (staff-dealers.routes.ts), and with counts, GET /api/staff/price-rules.
  api.post('/api/staff/dealer-groups', { schema: contracts.createGroup }, async (request, reply) => {
    const principal = requireStaff(request);
    const body = request.body;
    const code = body.code.toUpperCase();
    try {
      const [group] = await db.insert(dealerGroups).values({ code, name: body.name }).returning();
      await auditChange(request, principal.userId, 'dealer_group.created', 'dealer_group', group!.id, { before: null, after: group });
      reply.code(201);
      return { group: group! };
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError(409, 'DEALER_GROUP_CODE_TAKEN', t.groupCodeTaken(code), [{ field: 'code', message: t.groupCodeTaken(code) }]);
      throw err;
    }
  });

  api.patch('/api/staff/dealer-groups/:id', { schema: contracts.renameGroup }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body;
    const id = ruleIdSchema.safeParse(request.params.id);
    const [before] = id.success ? await db.select().from(dealerGroups).where(eq(dealerGroups.id, id.data)) : [];
    if (!before) throw new HttpError(404, 'DEALER_GROUP_NOT_FOUND', t.groupNotFoundById);
    const [group] = await db.update(dealerGroups).set({ name: body.name }).where(eq(dealerGroups.id, before.id)).returning();
    await auditChange(request, principal.userId, 'dealer_group.renamed', 'dealer_group', before.id, { before, after: group });
    return { group: group! };
  });
}
