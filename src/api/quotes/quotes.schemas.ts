import { z } from 'zod';
import { MAX_MARKUP_BASIS_POINTS, QUOTE_STATUSES } from '../../domain/quote';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { fieldErrorSchema, isoDate, kopecks, timestamp } from '../common.schemas';
import { ru } from '../../locale/ru';
import { isoDateSchema } from '../iso-date';
import { checkOrderSchema, placedOrderSchema } from '../orders/order.schemas';
import { refuseBidiControls } from '../name-text';

const t = ru.quotes;

/**
 * A commercial offer from the cart: the cart's own lines and end user (as sent to
 * `POST /api/orders/quote`), the customer, the markup and the last day it is valid. Whether that
 * day lies within today..+90 days is checked in the route, which knows today's Moscow date.
 */
export const createQuoteSchema = checkOrderSchema.extend({
  customerName: refuseBidiControls(z.string({ error: t.customerName }).trim().min(1, t.customerName).max(300, t.customerName)),
  customerInn: z.string().trim().regex(/^\d{10}(\d{2})?$/, t.customerInn).optional(),
  markupBasisPoints: z.number({ error: t.markup }).int(t.markup).min(0, t.markup).max(MAX_MARKUP_BASIS_POINTS, t.markup),
  validUntil: isoDateSchema,
});
export type CreateQuoteRequest = z.infer<typeof createQuoteSchema>;

/** One stored line: what ordering needs again, and the dealer's and the customer's prices. */
export interface StoredQuoteLine {
  partNumber: string;
  vendor: string;
  productName: string;
  quantity: number;
  licenseType: 'new' | 'renewal' | 'upgrade';
  previousLicenseNumber?: string;
  basePartNumber?: string;
  vatBasisPoints: number;
  /** What the dealer pays (its own price on the day of the offer). */
  dealer: { unitPriceKopecks: number; netKopecks: number; vatKopecks: number; grossKopecks: number };
  /** What the customer is offered: the dealer's price with the markup. */
  unitPriceKopecks: number;
  netKopecks: number;
  vatKopecks: number;
  grossKopecks: number;
}

// ---- Answers -------------------------------------------------------------------------------------

const quoteTotals = z.object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks });

export const commercialOfferSchema = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ description: 'The dealer’s own running number, `КП-<year>-<NNNN>`' }),
    createdAt: timestamp,
    date: isoDate.meta({ description: 'The day it was made (Moscow)' }),
    customerName: z.string(),
    customerInn: z.string().nullable(),
    markupBasisPoints: z.number().int().meta({ description: 'The dealer’s markup over its own price (1500 = 15%)' }),
    validUntil: isoDate.meta({ description: 'The last day it can be ordered (Moscow)' }),
    status: z.enum(QUOTE_STATUSES),
    endUser: z.object({ name: z.string(), inn: z.string().optional(), email: z.string().optional(), region: z.string().optional() }).nullable(),
    lines: z.array(
      z.object({
        partNumber: z.string(),
        vendor: z.string(),
        productName: z.string(),
        quantity: z.number().int(),
        licenseType: z.enum(LICENSE_TYPES),
        previousLicenseNumber: z.string().optional(),
        basePartNumber: z.string().optional(),
        vatBasisPoints: z.number().int(),
        dealer: quoteTotals.extend({ unitPriceKopecks: kopecks }).meta({ description: 'What the dealer pays, as priced on the day of the offer' }),
        unitPriceKopecks: kopecks.meta({ description: 'Marked up, rounded half-up to the kopeck' }),
        netKopecks: kopecks,
        vatKopecks: kopecks,
        grossKopecks: kopecks,
      }),
    ),
    totals: quoteTotals.meta({ description: 'What the customer is offered: sums of the marked-up lines' }),
    dealerTotals: quoteTotals.meta({ description: 'What the dealer would pay at the prices of the offer’s day' }),
    usdRate: z.object({ rate: z.string(), date: isoDate }),
    order: z.object({ orderNumber: z.string(), links: z.object({ self: z.string() }) }).nullable(),
    links: z.object({ self: z.string(), pdf: z.string(), order: z.string() }),
    findings: z.array(fieldErrorSchema).optional().meta({ description: 'Only when created: licence-policy findings, which do not block an offer but will block its order' }),
  })
  .meta({ id: 'CommercialOffer' });

export const listQuotesSchema = z.object({
  page: z.coerce.number().int().min(1).default(1).meta({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).meta({ example: 50 }),
});

export const quoteIdParams = z.object({ quoteId: z.string().max(100).meta({ description: 'A commercial offer of the dealer', example: '00000000-0000-4000-8000-000000000006' }) });

/** What ordering an offer answers: the order as POST /api/orders answers it, with the offer and how its price moved. */
export const quoteOrderedSchema = placedOrderSchema.extend({
  priceChanged: z.boolean(),
  quotedDealerGrossKopecks: kopecks,
  differenceKopecks: kopecks.meta({ description: 'The order minus the dealer’s price on the offer’s day' }),
  quote: commercialOfferSchema,
  links: z.object({ self: z.string(), quote: z.string() }),
});
