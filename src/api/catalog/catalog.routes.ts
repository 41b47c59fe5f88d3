import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { dealers, products, vendors } from '../../../db/schema';
import { convert, parseRate } from '../../domain/money';
import { normalizePartNumber } from '../../domain/part-number';
import { requireDealerUser, requireUser } from '../auth';
import { moscowDateOf } from '../../domain/moscow-time';
import { catalogRefusal, type Segment } from '../../domain/license-policy';
import { ru } from '../../locale/ru';
import { renderPriceListXlsx } from './price-list.xlsx';
import { catalogContracts } from './catalog.schemas';
import { XLSX_TYPE } from '../common.schemas';
import { usdRateInForce } from '../pricing/exchange-rates.repository';
import { dealerPricing } from './dealer-pricing';
import { escapeLike } from '../../infra/like-pattern';

export function registerCatalogRoutes(app: FastifyInstance, { db, usdMarkupBasisPoints, maxRateAgeBankingDays }: { db: Db; usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/catalog/products', { schema: catalogContracts.products }, async (request) => {
    const principal = requireUser(request);
    const q = request.query;
    const pn = q.q ? normalizePartNumber(q.q) : '';
    const search = q.q
      ? or(
          pn ? sql`${products.partNumberNormalized} like ${escapeLike(pn) + '%'}` : undefined,
          ilike(products.name, `%${escapeLike(q.q)}%`),
        )
      : undefined;
    const where = and(
      eq(products.active, true),
      search,
      q.vendor ? eq(vendors.code, q.vendor.toUpperCase()) : undefined,
      q.category ? eq(products.category, q.category) : undefined,
    );
    // Exact PartNumber first, then prefix matches, then name matches.
    const order = pn
      ? [sql`case when ${products.partNumberNormalized} = ${pn} then 0 when ${products.partNumberNormalized} like ${escapeLike(pn) + '%'} then 1 else 2 end`, asc(products.partNumber)]
      : [asc(products.partNumber)];
    const [rows, [total], usd] = await Promise.all([
      db
        .select({ product: products, vendorCode: vendors.code, vendorName: vendors.name, licensePolicy: vendors.licensePolicy })
        .from(products)
        .innerJoin(vendors, eq(vendors.id, products.vendorId))
        .where(where)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(products).innerJoin(vendors, eq(vendors.id, products.vendorId)).where(where),
      usdRateInForce(db, { markupBasisPoints: usdMarkupBasisPoints, maxAgeBankingDays: maxRateAgeBankingDays }),
    ]);
    const rubPerUsd = usd ? parseRate(usd.rate) : null;
    // A dealer sees its own price (for one licence; volume tiers apply in the cart) next to list.
    const priced = await dealerPricing(db, principal.dealerId ?? null, rubPerUsd);
    const dealerPriceOf = (p: typeof products.$inferSelect) => priced?.(p) ?? { priceKopecks: null, price: null, priceRule: null };
    // What the dealer may sell, for the cart's own authorisation rule asked before the cart.
    const [dealer] = principal.dealerId
      ? await db.select({ authorizedVendors: dealers.authorizedVendors, segments: dealers.segments }).from(dealers).where(eq(dealers.id, principal.dealerId))
      : [];
    return {
      items: rows.map(({ product: p, vendorCode, vendorName, licensePolicy }) => ({
        partNumber: p.partNumber,
        name: p.name,
        vendor: { code: vendorCode, name: vendorName },
        category: p.category,
        segment: p.segment,
        vatMode: p.vatMode,
        listPrice: { minor: p.listPriceMinor, currency: p.currency },
        listPriceKopecks: rubPerUsd ? convert(p.listPriceMinor, p.currency, 'RUB', rubPerUsd) : null,
        ...dealerPriceOf(p),
        licenseTermMonths: p.licenseTermMonths,
        // The cart's own rule, asked before the product gets there; staff browsing the catalog order nothing.
        orderRefusal: dealer
          ? (catalogRefusal({ code: vendorCode, name: vendorName, licensePolicy }, { partNumber: p.partNumber, segment: p.segment as Segment }, dealer) ?? null)
          : null,
      })),
      page: q.page,
      pageSize: q.pageSize,
      total: total?.n ?? 0,
      usdRate: usd,
    };
  });

  /** Categories for the catalog's navigation, with how many active products each holds (of one vendor, if given). */
  api.get('/api/catalog/categories', { schema: catalogContracts.categories }, async (request) => {
    requireUser(request);
    const q = request.query;
    const rows = await db
      .select({ category: products.category, products: count(products.id) })
      .from(products)
      .innerJoin(vendors, eq(vendors.id, products.vendorId))
      .where(and(eq(products.active, true), q.vendor ? eq(vendors.code, q.vendor.toUpperCase()) : undefined))
      .groupBy(products.category)
      .orderBy(asc(products.category));
    return { items: rows };
  });

  api.get('/api/catalog/vendors', { schema: catalogContracts.vendors }, async (request) => {
    requireUser(request);
    const rows = await db
      .select({ code: vendors.code, name: vendors.name, products: count(products.id) })
      .from(vendors)
      .leftJoin(products, eq(products.vendorId, vendors.id))
      .groupBy(vendors.id)
      .orderBy(asc(vendors.name));
    return { items: rows };
  });

  /** The dealer's price list to download: what the catalog shows it, for every product it may order. */
  api.get('/api/catalog/price-list.xlsx', { schema: catalogContracts.priceListXlsx }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const [dealer] = await db
      .select({ shortName: dealers.shortName, authorizedVendors: dealers.authorizedVendors, segments: dealers.segments })
      .from(dealers)
      .where(eq(dealers.id, principal.dealerId));
    const [all, usd] = await Promise.all([
      db
        .select({ product: products, vendorCode: vendors.code, vendorName: vendors.name, licensePolicy: vendors.licensePolicy })
        .from(products)
        .innerJoin(vendors, eq(vendors.id, products.vendorId))
        .where(eq(products.active, true))
        .orderBy(asc(vendors.name), asc(products.partNumber)),
      usdRateInForce(db, { markupBasisPoints: usdMarkupBasisPoints, maxAgeBankingDays: maxRateAgeBankingDays }),
    ]);
    // Only what the dealer may order: the catalog's own authorisation rule, product by product.
    const rows = dealer
      ? all.filter(
          ({ product: p, vendorCode, vendorName, licensePolicy }) =>
            catalogRefusal({ code: vendorCode, name: vendorName, licensePolicy }, { partNumber: p.partNumber, segment: p.segment as Segment }, dealer) === undefined,
        )
      : [];
    const rubPerUsd = usd ? parseRate(usd.rate) : null;
    const priced = (await dealerPricing(db, principal.dealerId, rubPerUsd))!;
    const date = moscowDateOf(Date.now());
    const file = renderPriceListXlsx({
      dealerName: dealer?.shortName ?? '',
      date,
      usd,
      rubPerUsd,
      items: rows.map((r) => ({ ...r, price: priced(r.product) })),
    });
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-length', file.length)
      .header('content-disposition', `attachment; filename="${ru.exports.priceListFileName(date)}"`)
      .send(file);
  });
}
