/** A dealer's commercial offers as the web app calls them (src/api/quotes/quotes.routes.ts). */
import { api, query, type DraftLine, type EndUser, type FieldError, type PlacedOrder } from './api';
import type { QuoteStatus } from '../../domain/quote';

export interface QuoteLine {
  partNumber: string;
  vendor: string;
  productName: string;
  quantity: number;
  vatBasisPoints: number;
  unitPriceKopecks: number;
  netKopecks: number;
  vatKopecks: number;
  grossKopecks: number;
  dealer: { unitPriceKopecks: number; netKopecks: number; vatKopecks: number; grossKopecks: number };
}
type Totals3 = { netKopecks: number; vatKopecks: number; grossKopecks: number };

export interface CommercialOffer {
  id: string;
  number: string;
  createdAt: string;
  date: string;
  customerName: string;
  customerInn: string | null;
  markupBasisPoints: number;
  validUntil: string;
  status: QuoteStatus;
  lines: QuoteLine[];
  totals: Totals3;
  dealerTotals: Totals3;
  /** The USD rate the offer was priced at, and its date. */
  usdRate?: { rate: string; date: string };
  order: { orderNumber: string } | null;
  links: { self: string; pdf: string; order: string };
  findings?: FieldError[];
}

export interface NewQuote {
  lines: DraftLine[];
  endUser?: EndUser;
  customerName: string;
  customerInn?: string;
  markupBasisPoints: number;
  validUntil: string;
}

export type QuoteOrdered = PlacedOrder & { status: string; message?: string; priceChanged: boolean; differenceKopecks: number; quotedDealerGrossKopecks: number; totals: { grossKopecks: number } };

export const createQuote = (body: NewQuote) => api<CommercialOffer>('POST', '/api/quotes', body);
export const listQuotes = (page = 1) => api<{ items: CommercialOffer[]; total: number; page: number; pageSize: number }>('GET', `/api/quotes${query({ page, pageSize: 50 })}`);
export const orderQuote = (id: string) => api<QuoteOrdered>('POST', `/api/quotes/${encodeURIComponent(id)}/order`, {});
export const quotePdfHref = (id: string) => `/api/quotes/${encodeURIComponent(id)}/pdf`;
