/**
 * Delivered licences with a term and their renewal: what the dealer's "Продления" page lists, each
 * with the cart line that renews it. A renewal is an ordinary order of the same PartNumber (the
 * demo catalog has no separate renewal SKUs: a 1-year SKU is bought again) with licenseType
 * 'renewal' and the licence's number, so the vendor's renewal policy is checked by the usual order
 * code. Every read goes through `licenseScope`: another dealer's licence is "not found".
 */
import { and, asc, count, eq, ilike, like, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client';
import { dealers, licenses, orderLines, orders, products, vendors } from '../../../db/schema';
import type { ListLicensesQuery } from '../../api/licenses/licenses.schemas';
import { daysLeft, renewalUrgency } from '../../domain/license-term';
import { escapeLike } from '../../infra/like-pattern';
import { ru } from '../../locale/ru';
import { isStaff, licenseScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import { quoteOrder } from '../orders/place-order.usecases';
import type { Principal } from '../principal';
import { isUuid } from '../../domain/ids';

interface StoredEndUser {
  name?: string;
  inn?: string;
  email?: string;
  region?: string;
}

const renewingOrder = alias(orders, 'renewing_order');

const selectLicenses = (db: Db, where: SQL | undefined) =>
  db
    .select({
      license: licenses,
      productName: products.name,
      productActive: products.active,
      vendor: { code: vendors.code, name: vendors.name },
      orderNumber: orders.orderNumber,
      orderEndUser: orders.endUser,
      renewedByOrderNumber: renewingOrder.orderNumber,
      dealerName: dealers.shortName,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .innerJoin(orderLines, eq(orderLines.id, licenses.orderLineId))
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(dealers, eq(dealers.id, licenses.dealerId))
    .leftJoin(renewingOrder, eq(renewingOrder.id, licenses.renewedByOrderId))
    .where(where);
type Row = Awaited<ReturnType<typeof selectLicenses>>[number];

/**
 * The cart line that renews a licence, and the end customer it stays registered to: the whole
 * end user of the original order (a policy may ask for its region or e-mail too), else the
 * name and INN the licence keeps.
 */
function renewalOf(row: Row) {
  const stored = (row.orderEndUser ?? {}) as StoredEndUser;
  const name = stored.name ?? row.license.endUserName;
  const endUser = name
    ? { name, ...((stored.inn ?? row.license.endUserInn) ? { inn: stored.inn ?? row.license.endUserInn! } : {}), ...(stored.email ? { email: stored.email } : {}), ...(stored.region ? { region: stored.region } : {}) }
    : null;
  return {
    line: {
      partNumber: row.license.partNumber,
      vendor: row.vendor.code,
      productName: row.productName,
      quantity: row.license.quantity,
      licenseType: 'renewal' as const,
      previousLicenseNumber: row.license.licenseNumber,
    },
    endUser,
  };
}

function present(row: Row, today: string, staff: boolean) {
  const l = row.license;
  return {
    id: l.id,
    licenseNumber: l.licenseNumber,
    partNumber: l.partNumber,
    productName: row.productName,
    vendor: row.vendor,
    quantity: l.quantity,
    endUser: l.endUserName || l.endUserInn ? { name: l.endUserName, inn: l.endUserInn } : null,
    startsOn: l.startsOn,
    endsOn: l.endsOn,
    daysLeft: daysLeft(l.endsOn, today),
    status: l.status,
    urgency: renewalUrgency(l.endsOn, today, l.status),
    orderNumber: row.orderNumber,
    renewedByOrderNumber: row.renewedByOrderNumber,
    // A renewed licence needs none; a product taken off sale cannot be ordered again.
    renewal: l.status !== 'renewed' && row.productActive ? renewalOf(row) : null,
    ...(staff ? { dealerName: row.dealerName } : {}),
  };
}

/** The licences a principal may see, soonest to end first, a page at a time. */
export async function listLicenses(db: Db, principal: Principal, q: ListLicensesQuery, today: string) {
  const endUser = q.endUser ? escapeLike(q.endUser) : null;
  const where = and(
    licenseScope(principal),
    q.status ? eq(licenses.status, q.status) : undefined,
    q.expiresBefore ? lte(licenses.endsOn, q.expiresBefore) : undefined,
    endUser ? or(ilike(licenses.endUserName, `%${endUser}%`), like(licenses.endUserInn, `${endUser}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectLicenses(db, where)
      .orderBy(asc(licenses.endsOn), asc(licenses.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(licenses).where(where),
  ]);
  const staff = isStaff(principal);
  return { items: rows.map((row) => present(row, today, staff)), page: q.page, pageSize: q.pageSize, total: total?.n ?? 0 };
}

/** The renewal cart for one licence, priced and policy-checked as the cart would be; nothing is stored. */
export async function licenseRenewalQuote(db: Db, principal: Principal, licenseId: string, pricing: { usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number | undefined }, today: string) {
  const uuid = isUuid(licenseId);
  const [row] = uuid ? await selectLicenses(db, and(eq(licenses.id, licenseId), licenseScope(principal))) : [];
  if (!row) throw new UseCaseError(404, 'LICENSE_NOT_FOUND', ru.licenses.notFound);
  const renewal = renewalOf(row);
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, row.license.dealerId));
  const cart = { lines: [renewal.line], ...(renewal.endUser ? { endUser: renewal.endUser } : {}) };
  const quote = await quoteOrder(db, dealer!, cart, { usdMarkupBasisPoints: pricing.usdMarkupBasisPoints, ...(pricing.maxRateAgeBankingDays !== undefined ? { maxRateAgeBankingDays: pricing.maxRateAgeBankingDays } : {}) });
  return { license: present(row, today, isStaff(principal)), cart, quote };
}
