/**
 * Dealer groups and discount rules as staff manage them: each rule shown with what it applies to
 * by name (group, dealer, vendor code, PartNumber), and the look-ups that turn those names back
 * into ids. How rules price a line is src/domain/price-rules.ts; loading them for a dealer is
 * price-rules.repository.ts.
 */
import { asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealerGroups, dealers, priceRules, products, vendors } from '../../../db/schema';
import { normalizePartNumber } from '../../domain/part-number';

export type RuleRow = typeof priceRules.$inferSelect;
export type RuleTargets = Pick<RuleRow, 'dealerGroupId' | 'dealerId' | 'vendorId' | 'productId' | 'minQuantity' | 'discountBasisPoints'>;

export async function listRules(db: Db, where?: SQL) {
  const rows = await db
    .select({
      rule: priceRules,
      group: { id: dealerGroups.id, code: dealerGroups.code, name: dealerGroups.name },
      dealer: { id: dealers.id, shortName: dealers.shortName, inn: dealers.inn },
      vendor: { code: vendors.code, name: vendors.name },
      product: { partNumber: products.partNumber, name: products.name },
    })
    .from(priceRules)
    .leftJoin(dealerGroups, eq(dealerGroups.id, priceRules.dealerGroupId))
    .leftJoin(dealers, eq(dealers.id, priceRules.dealerId))
    .leftJoin(vendors, eq(vendors.id, priceRules.vendorId))
    .leftJoin(products, eq(products.id, priceRules.productId))
    .where(where)
    // The widest rule of an owner first (all vendors, then a vendor, then one product), tiers upwards: the order precedence reads in.
    .orderBy(
      sql`${dealerGroups.name} asc nulls last`,
      sql`${dealers.shortName} asc nulls last`,
      sql`${vendors.code} asc nulls first`,
      sql`${products.partNumber} asc nulls first`,
      asc(priceRules.minQuantity),
      asc(priceRules.id),
    );
  // Left joins give an object of nulls where nothing joined: show those as null.
  return rows.map(({ rule, group, dealer, vendor, product }) => ({
    id: rule.id,
    dealerGroup: rule.dealerGroupId === null ? null : group,
    dealer: rule.dealerId === null ? null : dealer,
    vendor: rule.vendorId === null ? null : vendor,
    product: rule.productId === null ? null : product,
    minQuantity: rule.minQuantity,
    discountBasisPoints: rule.discountBasisPoints,
  }));
}
export type RuleView = Awaited<ReturnType<typeof listRules>>[number];

export async function findRuleView(db: Db, id: number): Promise<RuleView | undefined> {
  return (await listRules(db, eq(priceRules.id, id)))[0];
}

export async function findRule(db: Db, id: number): Promise<RuleRow | undefined> {
  const [row] = await db.select().from(priceRules).where(eq(priceRules.id, id));
  return row;
}

/** A rule with the same owner, target and volume tier: a second one could never be told apart (the lower id would always win). */
export async function findSameRule(db: Db, rule: RuleTargets, exceptId?: number): Promise<RuleRow | undefined> {
  const same = (column: SQL | typeof priceRules.dealerGroupId | typeof priceRules.dealerId | typeof priceRules.vendorId | typeof priceRules.productId, value: unknown) =>
    sql`${column} is not distinct from ${value}`;
  const [row] = await db
    .select()
    .from(priceRules)
    .where(
      sql`${same(priceRules.dealerGroupId, rule.dealerGroupId)} and ${same(priceRules.dealerId, rule.dealerId)} and ${same(priceRules.vendorId, rule.vendorId)}
        and ${same(priceRules.productId, rule.productId)} and ${priceRules.minQuantity} = ${rule.minQuantity}
        ${exceptId === undefined ? sql`` : sql`and ${priceRules.id} <> ${exceptId}`}`,
    )
    .limit(1);
  return row;
}

export const groupExists = async (db: Db, id: number) => (await db.select({ id: dealerGroups.id }).from(dealerGroups).where(eq(dealerGroups.id, id))).length > 0;
export const dealerExists = async (db: Db, id: string) => (await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, id))).length > 0;

export async function vendorIdByCode(db: Db, code: string): Promise<number | undefined> {
  const [row] = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.code, code));
  return row?.id;
}

/** The vendor's product by PartNumber as typed: the exact spelling first, then the normal form. */
export async function productIdByPartNumber(db: Db, vendorId: number, partNumber: string): Promise<number | undefined> {
  const rows = await db
    .select({ id: products.id, partNumber: products.partNumber })
    .from(products)
    .where(sql`${products.vendorId} = ${vendorId} and ${products.partNumberNormalized} = ${normalizePartNumber(partNumber)}`);
  return (rows.find((r) => r.partNumber === partNumber) ?? rows[0])?.id;
}

/** Groups with how many dealers and rules each has: what staff weigh before renaming one. */
export async function listGroups(db: Db) {
  const dealerCounts = db.select({ groupId: dealers.priceGroupId, n: count().as('dealer_count') }).from(dealers).groupBy(dealers.priceGroupId).as('dc');
  const ruleCounts = db.select({ groupId: priceRules.dealerGroupId, n: count().as('rule_count') }).from(priceRules).groupBy(priceRules.dealerGroupId).as('rc');
  const rows = await db
    .select({ id: dealerGroups.id, code: dealerGroups.code, name: dealerGroups.name, dealers: dealerCounts.n, rules: ruleCounts.n })
    .from(dealerGroups)
    .leftJoin(dealerCounts, eq(dealerCounts.groupId, dealerGroups.id))
    .leftJoin(ruleCounts, eq(ruleCounts.groupId, dealerGroups.id))
    .orderBy(asc(dealerGroups.name));
  return rows.map((g) => ({ ...g, dealers: Number(g.dealers ?? 0), rules: Number(g.rules ?? 0) }));
}
