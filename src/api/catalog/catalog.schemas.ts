import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import { CURRENCIES } from '../../domain/money';
import { VAT_MODES } from '../../domain/vat';
import { anyDealer, errors, fileResponse, isoDate, itemsOf, kopecks, pageOf, XLSX_TYPE } from '../common.schemas';

export const productQuerySchema = z.object({
  q: z.string().trim().max(200).optional().meta({ example: 'dr6203' }),
  vendor: z.string().trim().max(20).optional().meta({ example: 'DRWEB' }),
  category: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ProductQuery = z.output<typeof productQuerySchema>;

/** How current a USD rate is: the date the Central Bank's rate for today would have, and how far behind this one is. */
export const rateFreshnessFields = {
  expectedDate: isoDate.meta({ description: 'The date of the Central Bank’s rate for today' }),
  ageBankingDays: z.number().int().meta({ description: 'How many banking days the rate is behind it' }),
  current: z.boolean(),
  ordersAllowed: z.boolean().meta({ description: 'False when the rate is older than orders may be placed on' }),
};

export const usdRateSchema = z
  .object({ rate: z.string().meta({ description: 'RUB per USD, 4 decimals' }), rateDate: isoDate, source: z.string(), officialRate: z.string(), ...rateFreshnessFields })
  .meta({ id: 'UsdRate' });

export const productSchema = z
  .object({
    partNumber: z.string(),
    name: z.string(),
    vendor: z.object({ code: z.string(), name: z.string() }),
    category: z.string(),
    segment: z.string().nullable(),
    vatMode: z.enum(VAT_MODES),
    listPrice: z.object({ minor: z.number().int(), currency: z.enum(CURRENCIES) }),
    listPriceKopecks: kopecks.nullable(),
    priceKopecks: kopecks.nullable().meta({ description: 'The dealer’s price for one licence, in kopecks' }),
    price: z
      .object({ minor: z.number().int(), currency: z.enum(CURRENCIES) })
      .nullable()
      .meta({ description: 'The dealer’s own unit price in the product’s currency (USD products: cents, exact)' }),
    priceRule: z.string().nullable(),
    licenseTermMonths: z.number().int().nullable(),
    orderRefusal: z
      .string()
      .nullable()
      .meta({ description: 'Why this dealer may not order the product (the vendor requires an authorisation it lacks), in Russian; null when it may' }),
  })
  .meta({ id: 'Product' });

export const productPageSchema = pageOf(productSchema).extend({ usdRate: usdRateSchema.nullable() }).meta({ id: 'ProductPage' });

export const categorySchema = z.object({ category: z.string(), products: z.number().int() });
export const catalogVendorSchema = z.object({ code: z.string(), name: z.string(), products: z.number().int() });

export const catalogContracts = {
  products: {
    tags: ['catalog'],
    summary: 'Search the catalog: `q` matches PartNumber (exact, then prefix, ignoring case, every kind of space and dash, full-width forms) and the words of the product or vendor name in any form and either alphabet (kaspersky = Касперского), forgiving a typo when nothing else matches',
    security: anyDealer,
    querystring: productQuerySchema,
    response: { 200: productPageSchema, ...errors(400, 401) },
  },
  categories: {
    tags: ['catalog'],
    summary: 'Categories with their number of active products',
    security: anyDealer,
    querystring: z.object({ vendor: z.string().trim().max(20).optional().meta({ example: 'DRWEB' }) }),
    response: { 200: itemsOf(categorySchema), ...errors(400, 401) },
  },
  vendors: {
    tags: ['catalog'],
    summary: 'Vendors with their number of products',
    security: anyDealer,
    response: { 200: itemsOf(catalogVendorSchema), ...errors(401) },
  },
  priceListXlsx: {
    tags: ['catalog'],
    summary: 'The dealer’s own price list as an Excel workbook: its prices for one licence after its price rules, vendors it may sell only, in RUB and USD, with the VAT mode',
    security: anyDealer,
    response: { 200: fileResponse(XLSX_TYPE, 'XLSX'), ...errors(401, 403) },
  },
} satisfies Record<string, FastifySchema>;
