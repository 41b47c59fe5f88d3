/**
 * Delivered licences with a term and their renewal (`GET /api/licenses`, `POST
 * /api/licenses/:id/renewal-quote`): what the dealer's "Продления" page lists, each with the cart
 * line that renews it. A renewal is an ordinary order of the same PartNumber (the demo catalog has
 * no separate renewal SKUs: a 1-year SKU is bought again) with licenseType 'renewal' and the
 * licence's number, so the vendor's renewal policy is checked by the usual order code.
 */
import { and, asc, count, eq, ilike, like, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { dealers, licenses, orderLines, orders, products, vendors } from '../../../db/schema';
import { daysLeft, renewalUrgency } from '../../domain/license-term';
import { moscowDateOf } from '../../domain/moscow-time';
import { ru } from '../../locale/ru';
import { requireUser } from '../auth';
import { isStaff, licenseScope } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';
import { quoteOrder } from '../../usecases/orders/place-order.usecases';
import { licenseContracts, licenseIdSchema, type ListLicensesQuery } from './licenses.schemas';
import { escapeLike } from '../../infra/like-pattern';

interface StoredEndUser {
  name?: string;
  inn?: string;
  email?: string;
  region?: string;
}

const renewingOrder = alias(orders, 'renewing_order');

export function registerLicenseRoutes(app: FastifyInstance, { db, usdMarkupBasisPoints, maxRateAgeBankingDays }: { db: Db; usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }): void {
  const selectLicenses = (where: SQL | undefined) =>
    db
      .select({
        license: licenses,
        productName: products.name,
        productActive: products.active,
        vendorCode: vendors.code,
        vendorName: vendors.name,
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
        vendor: row.vendorCode,
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
      vendor: { code: row.vendorCode, name: row.vendorName },
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

  app.get('/api/licenses', { schema: licenseContracts.list }, async (request) => {
    const principal = requireUser(request);
    const q = request.query as ListLicensesQuery;
    const endUser = q.endUser ? escapeLike(q.endUser) : null;
    const where = and(
      licenseScope(principal),
      q.status ? eq(licenses.status, q.status) : undefined,
      q.expiresBefore ? lte(licenses.endsOn, q.expiresBefore) : undefined,
      endUser ? or(ilike(licenses.endUserName, `%${endUser}%`), like(licenses.endUserInn, `${endUser}%`)) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      selectLicenses(where)
        .orderBy(asc(licenses.endsOn), asc(licenses.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(licenses).where(where),
    ]);
    const today = moscowDateOf(new Date());
    const staff = isStaff(principal);
    return { items: rows.map((row) => present(row, today, staff)), page: q.page, pageSize: q.pageSize, total: total?.n ?? 0 };
  });

  /** The renewal cart for one licence, priced and policy-checked as the cart would be; nothing is stored. */
  app.post<{ Params: { id: string } }>('/api/licenses/:id/renewal-quote', { schema: licenseContracts.renewalQuote }, async (request) => {
    const principal = requireUser(request);
    const id = licenseIdSchema.safeParse(request.params.id);
    const [row] = id.success ? await selectLicenses(and(eq(licenses.id, id.data), licenseScope(principal))) : [];
    // Another dealer's licence is "not found", never "forbidden".
    if (!row) throw new HttpError(404, 'LICENSE_NOT_FOUND', ru.licenses.notFound);
    const renewal = renewalOf(row);
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, row.license.dealerId));
    const request_ = { lines: [renewal.line], ...(renewal.endUser ? { endUser: renewal.endUser } : {}) };
    const quote = await quoteOrder(db, dealer!, request_, { usdMarkupBasisPoints, maxRateAgeBankingDays });
    return { license: present(row, moscowDateOf(new Date()), isStaff(principal)), cart: request_, quote };
  });
}
