/**
 * The HTTP face of a dealer's commercial offers (src/usecases/quotes): the contracts, and turning an
 * offer into an order through the same path as the cart (`submitOrder`), so today's prices and
 * policies decide the order, and the answer says whether its total moved.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { moscowDateOf } from '../../domain/moscow-time';
import { assertQuoteOrderable, createQuote, findQuote, linkQuoteToOrder, listQuotes, quoteAsOrderRequest, quotePdf, quoteView } from '../../usecases/quotes/quotes.usecases';
import { ru } from '../../locale/ru';
import { requireDealerUser } from '../auth';
import { anyDealer, errors, fileResponse, pageOf } from '../common.schemas';
import { HttpError } from '../errors';
import type { OrderStarter } from '../orders/order-starter';
import { submitOrder } from '../orders/submit-order';
import { commercialOfferSchema, createQuoteSchema, listQuotesSchema, quoteIdParams, quoteOrderedSchema, type CreateQuoteRequest } from './quotes.schemas';

const t = ru.quotes;

export interface QuoteRouteDeps {
  db: Db;
  prepayValidityBankingDays: number;
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number;
  orderStarter: OrderStarter;
}

/** "КП-2026-0007" → "KP-2026-0007": header values stay ASCII; the Cyrillic name goes in filename*. */
const asciiFileName = (number: string) => `${number.replace('КП', 'KP').replace(/[^\w.-]/g, '_')}.pdf`;

const quoteIdOf = (params: unknown) => (params as { quoteId: string }).quoteId;

export function registerQuoteRoutes(app: FastifyInstance, deps: QuoteRouteDeps): void {
  const { db } = deps;
  const today = () => moscowDateOf(Date.now());
  const pricing = { usdMarkupBasisPoints: deps.usdMarkupBasisPoints, maxRateAgeBankingDays: deps.maxRateAgeBankingDays };

  const create = {
    tags: ['quotes'],
    summary: 'Make a commercial offer from the cart’s lines with the dealer’s markup; numbered per dealer and year',
    description:
      'Lines are priced as `POST /api/orders/quote` prices them; each unit price is raised by the markup and rounded half-up to the kopeck, VAT per line. ' +
      'Lines the catalog cannot find are refused (422, each on its field); licence-policy findings come back in `findings` and do not block the offer. ' +
      '`validUntil` is a Moscow date from today to 90 days ahead.',
    security: anyDealer,
    body: createQuoteSchema,
    response: { 201: commercialOfferSchema.meta({ description: 'Created' }), ...errors(400, 401, 403, 422, 503) },
  };
  app.post('/api/quotes', { schema: create }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const created = await createQuote(db, principal, request.body as CreateQuoteRequest, pricing, { today: today(), ip: request.ip });
    return reply.code(201).send(created);
  });

  const list = { tags: ['quotes'], summary: 'The dealer’s commercial offers, newest first', security: anyDealer, querystring: listQuotesSchema, response: { 200: pageOf(commercialOfferSchema), ...errors(400, 401, 403) } };
  app.get('/api/quotes', { schema: list }, async (request) => {
    const principal = requireDealerUser(request);
    return listQuotes(db, principal, request.query as { page: number; pageSize: number }, today());
  });

  app.get('/api/quotes/:quoteId', { schema: { tags: ['quotes'], summary: 'One commercial offer', security: anyDealer, params: quoteIdParams, response: { 200: commercialOfferSchema, ...errors(401, 403, 404) } } }, async (request) => {
    const principal = requireDealerUser(request);
    return quoteView(await findQuote(db, principal, quoteIdOf(request.params)), today());
  });

  const pdf = {
    tags: ['quotes'],
    summary: 'The commercial offer as PDF: the dealer as the seller with its requisites, the customer, marked-up lines, totals, amount in words, validity',
    security: anyDealer,
    params: quoteIdParams,
    response: { 200: fileResponse('application/pdf', 'PDF'), ...errors(401, 403, 404) },
  };
  app.get('/api/quotes/:quoteId/pdf', { schema: pdf }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const { number, pdf } = await quotePdf(db, principal, quoteIdOf(request.params), request.ip);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', pdf.length)
      .header('content-disposition', `inline; filename="${asciiFileName(number)}"; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`)
      .send(pdf);
  });

  /**
   * The customer agreed: the quote's lines and end user become an order through the normal path
   * (`recordOrder`, then the order starter, as `POST /api/orders` does), so today's prices, policies
   * and credit limit apply. The quote's id is the order's clientRequestId: two clicks make one order.
   */
  const order = {
    tags: ['quotes'],
    summary: 'Turn the offer into an order at today’s prices and policies (as POST /api/orders); 409 once expired or already ordered',
    security: anyDealer,
    params: quoteIdParams,
    response: {
      201: quoteOrderedSchema.meta({ description: 'Ordered' }),
      202: quoteOrderedSchema.meta({ description: 'Recorded; waiting for the dealer admin’s approval or for the workflow engine' }),
      200: quoteOrderedSchema,
      ...errors(401, 403, 404, 409, 422, 503),
    },
  };
  app.post('/api/quotes/:quoteId/order', { schema: order }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const quote = await findQuote(db, principal, quoteIdOf(request.params));
    const day = today();
    assertQuoteOrderable(quote, day);
    const { placed, statusCode, message } = await submitOrder(deps, request, reply, principal, quoteAsOrderRequest(quote));
    const { order, quote: view } = await linkQuoteToOrder(db, principal, quote, placed.orderNumber, { today: day, ip: request.ip });
    // Another click got there first (same clientRequestId, so the same order): this one is the
    // repeat, whichever of the two linked the quote.
    if (!placed.created) throw new HttpError(409, 'QUOTE_ALREADY_ORDERED', t.alreadyOrdered(quote.number, placed.orderNumber));

    return reply.code(statusCode as 200 | 201 | 202).send({
      orderNumber: placed.orderNumber,
      status: order.status,
      ...(message ? { message } : {}),
      totals: { netKopecks: order.netKopecks, vatKopecks: order.vatKopecks, grossKopecks: order.grossKopecks, grossCents: order.grossCents },
      usdRate: { rate: order.usdRate, date: order.usdRateDate },
      priceChanged: order.grossKopecks !== view.dealerTotals.grossKopecks,
      quotedDealerGrossKopecks: view.dealerTotals.grossKopecks,
      differenceKopecks: order.grossKopecks - view.dealerTotals.grossKopecks,
      quote: view,
      links: { self: `/api/orders/${placed.orderNumber}`, quote: view.links.self },
    });
  });
}
