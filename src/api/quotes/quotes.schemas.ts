import { z } from 'zod';
import { MAX_MARKUP_BASIS_POINTS } from '../../domain/quote';
import { ru } from '../../locale/ru';
import { isoDateSchema } from '../iso-date';
import { checkOrderSchema } from '../orders/order.schemas';
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
