import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { requireDealerUser, requireUser } from '../auth';
import { ru } from '../../locale/ru';
import { renderPriceListXlsx } from './price-list.xlsx';
import { catalogContracts } from './catalog.schemas';
import { XLSX_TYPE } from '../common.schemas';
import { dealerPriceList, listCategories, listVendors, searchCatalog } from '../../usecases/catalog/catalog.usecases';

export function registerCatalogRoutes(app: FastifyInstance, { db, usdMarkupBasisPoints, maxRateAgeBankingDays }: { db: Db; usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const rates = { usdMarkupBasisPoints, maxRateAgeBankingDays };

  api.get('/api/catalog/products', { schema: catalogContracts.products }, async (request) => searchCatalog(db, requireUser(request), request.query, rates));

  /** Categories for the catalog's navigation, with how many active products each holds (of one vendor, if given). */
  api.get('/api/catalog/categories', { schema: catalogContracts.categories }, async (request) => {
    requireUser(request);
    return listCategories(db, request.query.vendor);
  });

  api.get('/api/catalog/vendors', { schema: catalogContracts.vendors }, async (request) => {
    requireUser(request);
    return listVendors(db);
  });

  /** The dealer's price list to download: what the catalog shows it, for every product it may order. */
  api.get('/api/catalog/price-list.xlsx', { schema: catalogContracts.priceListXlsx }, async (request, reply) => {
    const list = await dealerPriceList(db, requireDealerUser(request), rates);
    const file = renderPriceListXlsx(list);
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-length', file.length)
      .header('content-disposition', `attachment; filename="${ru.exports.priceListFileName(list.date)}"`)
      .send(file);
  });
}
