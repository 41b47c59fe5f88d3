/**
 * What the catalog shows a principal: a search's page of products with its list prices in roubles,
 * the dealer's own price for one licence and what it may not order; the navigation's categories
 * and vendors; and the dealer's price list. Staff see the catalog without prices of their own and
 * order nothing from it.
 */
import type { Db } from '../../../db/client';
import type { ProductQuery } from '../../api/catalog/catalog.schemas';
import { nameSearch } from '../../domain/catalog-search';
import { catalogRefusal, type Segment } from '../../domain/license-policy';
import { convert, parseRate } from '../../domain/money';
import { moscowDateOf } from '../../domain/moscow-time';
import { normalizePartNumber } from '../../domain/part-number';
import { unitPricing } from '../pricing/dealer-pricing';
import { usdRateInForce } from '../pricing/exchange-rates.usecases';
import type { Principal } from '../principal';
import { activeProducts, categoryCounts, findProducts, ownDealerTerms, vendorCounts, type FoundProduct } from './catalog.repository';

export interface CatalogRates {
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number | undefined;
}

/** A page of the catalog as a principal sees it, for a search (`q`) or the navigation's filters. */
export async function searchCatalog(db: Db, principal: Principal, q: ProductQuery, rates: CatalogRates) {
  const found = findProducts(db, {
    q: q.q,
    partNumber: q.q ? normalizePartNumber(q.q) : '',
    name: q.q ? nameSearch(q.q) : null,
    vendor: q.vendor,
    category: q.category,
    page: q.page,
    pageSize: q.pageSize,
  });
  // The rate and the dealer (what it may sell, its price rules) are read while the search runs, not after it.
  const [{ rows, total }, usd, own] = await Promise.all([
    found,
    usdRateInForce(db, { markupBasisPoints: rates.usdMarkupBasisPoints, maxAgeBankingDays: rates.maxRateAgeBankingDays }),
    ownDealerTerms(db, principal),
  ]);
  const rubPerUsd = usd ? parseRate(usd.rate) : null;
  const dealer = own?.dealer;
  // A dealer sees its own price (for one licence; volume tiers apply in the cart) next to list.
  const priced = own ? unitPricing(own.who, own.rules, rubPerUsd) : null;
  const dealerPriceOf = (p: FoundProduct['product']) => priced?.(p) ?? { priceKopecks: null, price: null, priceRule: null };
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
    total,
    usdRate: usd,
  };
}

/** Categories for the catalog's navigation, with how many active products each holds (of one vendor, if given). */
export async function listCategories(db: Db, vendorCode: string | undefined) {
  return { items: await categoryCounts(db, vendorCode) };
}

/** Vendors for the catalog's navigation, with their number of products. */
export async function listVendors(db: Db) {
  return { items: await vendorCounts(db) };
}

/**
 * The dealer's price list: what the catalog shows it, for every product it may order (the
 * catalog's own authorisation rule, product by product), priced for one licence. The route
 * renders it.
 */
export async function dealerPriceList(db: Db, principal: Principal & { dealerId: string }, rates: CatalogRates, now = new Date()) {
  const [own, all, usd] = await Promise.all([
    ownDealerTerms(db, principal),
    activeProducts(db),
    usdRateInForce(db, { markupBasisPoints: rates.usdMarkupBasisPoints, maxAgeBankingDays: rates.maxRateAgeBankingDays }),
  ]);
  const dealer = own?.dealer;
  const rows = dealer
    ? all.filter(
        ({ product: p, vendorCode, vendorName, licensePolicy }) =>
          catalogRefusal({ code: vendorCode, name: vendorName, licensePolicy }, { partNumber: p.partNumber, segment: p.segment as Segment }, dealer) === undefined,
      )
    : [];
  const rubPerUsd = usd ? parseRate(usd.rate) : null;
  const priced = unitPricing(own?.who ?? { dealerId: principal.dealerId, dealerGroupId: null }, own?.rules ?? [], rubPerUsd);
  return {
    dealerName: dealer?.shortName ?? '',
    date: moscowDateOf(now.getTime()),
    usd,
    rubPerUsd,
    items: rows.map((r) => ({ ...r, price: priced(r.product) })),
  };
}
