/**
 * A dealer's commercial offers (коммерческое предложение) to its own customers: made from the cart
 * with the dealer's markup, printed as a PDF with the dealer as the seller, and turned into an
 * order when the customer agrees.
 *
 * Prices come from the cart's own quote (`quoteOrder`); licence-policy findings are returned with
 * the offer but do not block it, because an offer is a price, not a purchase: the dealer may still
 * fill in the end customer or the licence numbers. Ordering goes through `recordOrder`, so today's
 * prices and policies decide the order, and the answer says whether its total moved.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealers, orders, products, quotes, vendors } from '../../../db/schema';
import { dealerAsParty } from '../../activities/documents/document-sources';
import { renderQuotePdf } from '../../activities/documents/quote.pdf';
import { moscowDateOf } from '../../domain/moscow-time';
import { addDays, formatQuoteNumber, MAX_QUOTE_VALIDITY_DAYS, quoteLines, quoteStatus } from '../../domain/quote';
import { ru } from '../../locale/ru';
import { requireDealerUser, type Principal } from '../auth';
import { quoteScope } from '../../usecases/dealer-scope';
import { anyDealer, errors, fileResponse, pageOf } from '../common.schemas';
import { HttpError } from '../errors';
import type { OrderStarter } from '../orders/order-starter';
import { quoteOrder } from '../../usecases/orders/place-order.usecases';
import { submitOrder } from '../orders/submit-order';
import { commercialOfferSchema, createQuoteSchema, listQuotesSchema, quoteIdParams, quoteOrderedSchema, type CreateQuoteRequest, type StoredQuoteLine } from './quotes.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { orderLinesAsDocumentLines } from '../../activities/documents/document-sources';

const t = ru.quotes;

export interface QuoteRouteDeps {
  db: Db;
  prepayValidityBankingDays: number;
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number;
  orderStarter: OrderStarter;
}

const quoteColumns = {
  id: quotes.id,
  number: quotes.number,
  createdAt: quotes.createdAt,
  customerName: quotes.customerName,
  customerInn: quotes.customerInn,
  markupBasisPoints: quotes.markupBasisPoints,
  validUntil: quotes.validUntil,
  lines: quotes.lines,
  endUser: quotes.endUser,
  netKopecks: quotes.netKopecks,
  vatKopecks: quotes.vatKopecks,
  grossKopecks: quotes.grossKopecks,
  usdRate: quotes.usdRate,
  usdRateDate: quotes.usdRateDate,
  dealerId: quotes.dealerId,
  orderNumber: orders.orderNumber,
};
type QuoteRow = Omit<typeof quotes.$inferSelect, 'createdByUserId' | 'orderId'> & { orderNumber: string | null };

/** The quote as the API answers it; `today` (Moscow) decides whether it is still valid. */
function quoteView(row: QuoteRow, today: string) {
  const lines = row.lines as StoredQuoteLine[];
  const dealerGross = lines.reduce((sum, l) => sum + l.dealer.grossKopecks, 0);
  return {
    id: row.id,
    number: row.number,
    createdAt: row.createdAt,
    date: moscowDateOf(row.createdAt),
    customerName: row.customerName,
    customerInn: row.customerInn,
    markupBasisPoints: row.markupBasisPoints,
    validUntil: row.validUntil,
    status: quoteStatus(row, today),
    endUser: row.endUser,
    lines,
    totals: { netKopecks: row.netKopecks, vatKopecks: row.vatKopecks, grossKopecks: row.grossKopecks },
    dealerTotals: {
      netKopecks: lines.reduce((sum, l) => sum + l.dealer.netKopecks, 0),
      vatKopecks: lines.reduce((sum, l) => sum + l.dealer.vatKopecks, 0),
      grossKopecks: dealerGross,
    },
    usdRate: { rate: row.usdRate, date: row.usdRateDate },
    order: row.orderNumber ? { orderNumber: row.orderNumber, links: { self: `/api/orders/${row.orderNumber}` } } : null,
    links: { self: `/api/quotes/${row.id}`, pdf: `/api/quotes/${row.id}/pdf`, order: `/api/quotes/${row.id}/order` },
  };
}

/** "КП-2026-0007" → "KP-2026-0007": header values stay ASCII; the Cyrillic name goes in filename*. */
const asciiFileName = (number: string) => `${number.replace('КП', 'KP').replace(/[^\w.-]/g, '_')}.pdf`;

export function registerQuoteRoutes(app: FastifyInstance, deps: QuoteRouteDeps): void {
  const { db } = deps;
  const today = () => moscowDateOf(Date.now());

  const selectQuotes = () => db.select(quoteColumns).from(quotes).leftJoin(orders, eq(orders.id, quotes.orderId));

  /** Another dealer's quote, or an id that is not one, is simply "not found". */
  async function findQuote(request: FastifyRequest, principal: Principal) {
    const id = z.uuid().safeParse((request.params as { quoteId?: string }).quoteId);
    if (!id.success) throw new HttpError(404, 'QUOTE_NOT_FOUND', t.notFound);
    const [row] = await selectQuotes().where(and(eq(quotes.id, id.data), quoteScope(principal)));
    if (!row) throw new HttpError(404, 'QUOTE_NOT_FOUND', t.notFound);
    return row;
  }

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
    const body = request.body as CreateQuoteRequest;
    const day = today();
    const last = addDays(day, MAX_QUOTE_VALIDITY_DAYS);
    if (body.validUntil < day) throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'validUntil', message: t.validUntilPast(day) }]);
    if (body.validUntil > last) throw new HttpError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'validUntil', message: t.validUntilTooFar(MAX_QUOTE_VALIDITY_DAYS, last) }]);

    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
    const priced = await quoteOrder(db, dealer!, body, { usdMarkupBasisPoints: deps.usdMarkupBasisPoints, maxRateAgeBankingDays: deps.maxRateAgeBankingDays });
    if (!priced.usdRate) throw new HttpError(503, 'NO_EXCHANGE_RATE', ru.orders.noRate);
    // A line the catalog cannot find has no price to offer; policy findings only travel with the answer.
    const resolved = new Set(priced.lines.map((l) => l.index));
    const unresolved = body.lines.map((_, i) => i).filter((i) => !resolved.has(i));
    if (unresolved.length > 0) {
      const fields = priced.errors.filter((e) => unresolved.some((i) => e.field.startsWith(`lines.${i}.`)));
      throw new HttpError(422, 'QUOTE_UNRESOLVED', t.unresolved, fields);
    }

    const names = await db
      .select({ partNumber: products.partNumber, vendor: vendors.code, name: products.name })
      .from(products)
      .innerJoin(vendors, eq(vendors.id, products.vendorId))
      .where(inArray(products.partNumber, priced.lines.map((l) => l.partNumber)));
    const nameOf = (partNumber: string, vendor: string) => names.find((n) => n.partNumber === partNumber && n.vendor === vendor)?.name ?? partNumber;

    const dealerLines = priced.lines.map((l) => ({ unitPriceKopecks: l.unitPriceKopecks!, quantity: l.quantity, vatBasisPoints: l.vatBasisPoints! }));
    const offered = quoteLines(dealerLines, body.markupBasisPoints);
    const lines: StoredQuoteLine[] = priced.lines.map((l, k) => {
      const asked = body.lines[l.index]!;
      const mine = offered.lines[k]!;
      return {
        partNumber: l.partNumber,
        vendor: l.vendorCode,
        productName: nameOf(l.partNumber, l.vendorCode),
        quantity: l.quantity,
        licenseType: asked.licenseType,
        ...(asked.previousLicenseNumber ? { previousLicenseNumber: asked.previousLicenseNumber } : {}),
        ...(asked.basePartNumber ? { basePartNumber: asked.basePartNumber } : {}),
        vatBasisPoints: mine.vatBasisPoints,
        dealer: { unitPriceKopecks: l.unitPriceKopecks!, netKopecks: l.netKopecks!, vatKopecks: l.vatKopecks!, grossKopecks: l.grossKopecks! },
        unitPriceKopecks: mine.unitPriceKopecks,
        netKopecks: mine.netKopecks,
        vatKopecks: mine.vatKopecks,
        grossKopecks: mine.grossKopecks,
      };
    });

    const year = day.slice(0, 4);
    const id = await db.transaction(async (tx) => {
      // One numbering per dealer: concurrent offers of one dealer take turns here, other dealers do not wait.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`quotes:${principal.dealerId}`}, 0))`);
      const [{ last: lastSeq }] = (await tx.execute(sql`
        select coalesce(max(substring(number from '[0-9]+$')::int), 0) as last
          from quotes where dealer_id = ${principal.dealerId} and number like ${`КП-${year}-%`}`)) as unknown as [{ last: number }];
      const number = formatQuoteNumber(year, Number(lastSeq) + 1);
      const [row] = await tx
        .insert(quotes)
        .values({
          dealerId: principal.dealerId,
          number,
          createdByUserId: principal.userId,
          customerName: body.customerName,
          customerInn: body.customerInn ?? null,
          markupBasisPoints: body.markupBasisPoints,
          validUntil: body.validUntil,
          lines,
          endUser: body.endUser ?? null,
          netKopecks: offered.totals.netKopecks,
          vatKopecks: offered.totals.vatKopecks,
          grossKopecks: offered.totals.grossKopecks,
          usdRate: priced.usdRate!.rate,
          usdRateDate: priced.usdRate!.date,
        })
        .returning({ id: quotes.id });
      await audit(tx, {
        actorUserId: principal.userId,
        action: 'quote.created',
        subjectType: 'quote',
        subjectId: number,
        details: { quoteId: row!.id, lines: lines.length, markupBasisPoints: body.markupBasisPoints, grossKopecks: offered.totals.grossKopecks, validUntil: body.validUntil },
        ip: request.ip,
      });
      return row!.id;
    });
    const [row] = await selectQuotes().where(eq(quotes.id, id));
    return reply.code(201).send({ ...quoteView(row!, day), findings: priced.errors });
  });

  const list = { tags: ['quotes'], summary: 'The dealer’s commercial offers, newest first', security: anyDealer, querystring: listQuotesSchema, response: { 200: pageOf(commercialOfferSchema), ...errors(400, 401, 403) } };
  app.get('/api/quotes', { schema: list }, async (request) => {
    const principal = requireDealerUser(request);
    const q = request.query as { page: number; pageSize: number };
    const [rows, [total]] = await Promise.all([
      selectQuotes()
        .where(quoteScope(principal))
        .orderBy(desc(quotes.createdAt), desc(quotes.number))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: sql<number>`count(*)::int` }).from(quotes).where(quoteScope(principal)),
    ]);
    const day = today();
    return { items: rows.map((r) => quoteView(r, day)), page: q.page, pageSize: q.pageSize, total: total?.n ?? 0 };
  });

  app.get('/api/quotes/:quoteId', { schema: { tags: ['quotes'], summary: 'One commercial offer', security: anyDealer, params: quoteIdParams, response: { 200: commercialOfferSchema, ...errors(401, 403, 404) } } }, async (request) => {
    const principal = requireDealerUser(request);
    return quoteView(await findQuote(request, principal), today());
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
    const quote = await findQuote(request, principal);
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, quote.dealerId));
    const lines = quote.lines as StoredQuoteLine[];
    const endUser = quote.endUser as { name: string; inn?: string } | null;
    const pdf = await renderQuotePdf({
      number: quote.number,
      date: moscowDateOf(quote.createdAt),
      validUntil: quote.validUntil,
      seller: dealerAsParty(dealer!),
      customer: { name: quote.customerName, ...(quote.customerInn ? { inn: quote.customerInn } : {}) },
      ...(endUser?.name ? { endUser: { name: endUser.name, ...(endUser.inn ? { inn: endUser.inn } : {}) } } : {}),
      lines: orderLinesAsDocumentLines(lines),
      totals: { netKopecks: quote.netKopecks, vatKopecks: quote.vatKopecks, grossKopecks: quote.grossKopecks },
    });
    await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'quote', subjectId: quote.number, details: { kind: 'quote', quoteId: quote.id }, ip: request.ip });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', pdf.length)
      .header('content-disposition', `inline; filename="${asciiFileName(quote.number)}"; filename*=UTF-8''${encodeURIComponent(`${quote.number}.pdf`)}`)
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
    const quote = await findQuote(request, principal);
    const day = today();
    if (quote.orderNumber) throw new HttpError(409, 'QUOTE_ALREADY_ORDERED', t.alreadyOrdered(quote.number, quote.orderNumber));
    if (quote.validUntil < day) throw new HttpError(409, 'QUOTE_EXPIRED', t.expired(quote.number, quote.validUntil));

    const lines = quote.lines as StoredQuoteLine[];
    const { placed, statusCode, message } = await submitOrder(deps, request, reply, principal, {
      lines: lines.map((l) => ({
        partNumber: l.partNumber,
        vendor: l.vendor,
        quantity: l.quantity,
        licenseType: l.licenseType,
        ...(l.previousLicenseNumber ? { previousLicenseNumber: l.previousLicenseNumber } : {}),
        ...(l.basePartNumber ? { basePartNumber: l.basePartNumber } : {}),
      })),
      ...(quote.endUser ? { endUser: quote.endUser as never } : {}),
      clientRequestId: `quote:${quote.id}`,
    });
    const [order] = await db.select().from(orders).where(eq(orders.orderNumber, placed.orderNumber));
    // Whichever click gets here first links the quote to the order (and audits it, once).
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(quotes)
        .set({ orderId: order!.id })
        .where(and(eq(quotes.id, quote.id), sql`${quotes.orderId} is null`))
        .returning({ id: quotes.id });
      if (row) {
        await audit(tx, {
          actorUserId: principal.userId,
          action: 'quote.ordered',
          subjectType: 'quote',
          subjectId: quote.number,
          details: { quoteId: quote.id, orderNumber: placed.orderNumber, quotedDealerGrossKopecks: quoteView(quote, day).dealerTotals.grossKopecks, orderGrossKopecks: order!.grossKopecks },
          ip: request.ip,
        });
      }
    });
    // Another click got there first (same clientRequestId, so the same order): this one is the
    // repeat, whichever of the two linked the quote.
    if (!placed.created) throw new HttpError(409, 'QUOTE_ALREADY_ORDERED', t.alreadyOrdered(quote.number, placed.orderNumber));

    const [after] = await selectQuotes().where(eq(quotes.id, quote.id));
    const view = quoteView(after!, day);
    return reply.code(statusCode as 200 | 201 | 202).send({
      orderNumber: placed.orderNumber,
      status: order!.status,
      ...(message ? { message } : {}),
      totals: { netKopecks: order!.netKopecks, vatKopecks: order!.vatKopecks, grossKopecks: order!.grossKopecks, grossCents: order!.grossCents },
      usdRate: { rate: order!.usdRate, date: order!.usdRateDate },
      priceChanged: order!.grossKopecks !== view.dealerTotals.grossKopecks,
      quotedDealerGrossKopecks: view.dealerTotals.grossKopecks,
      differenceKopecks: order!.grossKopecks - view.dealerTotals.grossKopecks,
      quote: view,
      links: { self: `/api/orders/${placed.orderNumber}`, quote: view.links.self },
    });
  });
}
