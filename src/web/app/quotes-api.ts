/** A dealer's commercial offers as the web app calls them (src/api/quotes/quotes.routes.ts). */
import type { WireOf } from '../../api/common.schemas';
import type { z } from 'zod';
import type { commercialOfferSchema, createQuoteSchema, quoteOrderedSchema } from '../../api/quotes/quotes.schemas';
import { api, query } from './api';

export type QuoteLine = CommercialOffer['lines'][number];

export type CommercialOffer = WireOf<typeof commercialOfferSchema>;

export type NewQuote = z.input<typeof createQuoteSchema>;

export type QuoteOrdered = WireOf<typeof quoteOrderedSchema>;

export const createQuote = (body: NewQuote) => api<CommercialOffer>('POST', '/api/quotes', body);
export const listQuotes = (page = 1) => api<{ items: CommercialOffer[]; total: number; page: number; pageSize: number }>('GET', `/api/quotes${query({ page, pageSize: 50 })}`);
export const orderQuote = (id: string) => api<QuoteOrdered>('POST', `/api/quotes/${encodeURIComponent(id)}/order`, {});
export const quotePdfHref = (id: string) => `/api/quotes/${encodeURIComponent(id)}/pdf`;
