/**
 * A dealer's commercial offers (коммерческое предложение) to its own customers: made from the cart
 * with the dealer's markup, numbered per dealer and year, printed with the dealer as the seller,
 * and linked to the order made from them.
 *
 * Prices come from the cart's own quote (`quoteOrder`); licence-policy findings are returned with
 * the offer but do not block it, because an offer is a price, not a purchase. Every read goes
 * through `quoteScope`: another dealer's offer is simply not found.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, orders, products, quotes, vendors } from '../../../db/schema';
import { dealerAsParty, orderLinesAsDocumentLines } from '../documents/document-sources';
import { renderQuotePdf } from '../../documents/quote.pdf';
import { moscowDateOf } from '../../domain/moscow-time';
import { addDays, formatQuoteNumber, MAX_QUOTE_VALIDITY_DAYS, quoteLines, quoteStatus } from '../../domain/quote';
import { ru } from '../../locale/ru';
import type { CreateQuoteRequest, StoredQuoteLine } from '../../api/quotes/quotes.schemas';
import { audit } from '../audit/audit.usecases';
import { quoteScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import { quoteOrder } from '../orders/place-order.usecases';
import type { Principal } from '../principal';
import { isUuid } from '../../domain/ids';

const t = ru.quotes;

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
export type QuoteRow = Omit<typeof quotes.$inferSelect, 'createdByUserId' | 'orderId'> & { orderNumber: string | null };

const selectQuotes = (db: Db) => db.select(quoteColumns).from(quotes).leftJoin(orders, eq(orders.id, quotes.orderId));

/** The quote as the API answers it; `today` (Moscow) decides whether it is still valid. */
export function quoteView(row: QuoteRow, today: string) {
  const lines = row.lines as StoredQuoteLine[];
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
      grossKopecks: lines.reduce((sum, l) => sum + l.dealer.grossKopecks, 0),
    },
    usdRate: { rate: row.usdRate, date: row.usdRateDate },
    order: row.orderNumber ? { orderNumber: row.orderNumber, links: { self: `/api/orders/${row.orderNumber}` } } : null,
    links: { self: `/api/quotes/${row.id}`, pdf: `/api/quotes/${row.id}/pdf`, order: `/api/quotes/${row.id}/order` },
  };
}
export type QuoteView = ReturnType<typeof quoteView>;

/** One of the principal's dealer's offers; another dealer's, or an id that is not one, is "not found". */
export async function findQuote(db: Db, principal: Principal, quoteId: string): Promise<QuoteRow> {
  const [row] = isUuid(quoteId)
    ? await selectQuotes(db).where(and(eq(quotes.id, quoteId), quoteScope(principal)))
    : [];
  if (!row) throw new UseCaseError(404, 'QUOTE_NOT_FOUND', t.notFound);
  return row;
}

export async function listQuotes(db: Db, principal: Principal, page: { page: number; pageSize: number }, today: string) {
  const [rows, [total]] = await Promise.all([
    selectQuotes(db)
      .where(quoteScope(principal))
      .orderBy(desc(quotes.createdAt), desc(quotes.number))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(quotes).where(quoteScope(principal)),
  ]);
  return { items: rows.map((r) => quoteView(r, today)), page: page.page, pageSize: page.pageSize, total: total?.n ?? 0 };
}

export interface QuotePricing {
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number;
}

/**
 * Prices the cart's lines as the cart does, raises each unit price by the markup, and stores the
 * offer under the dealer's next number for the year. `validUntil` must lie from today to 90 days
 * ahead; a line the catalog cannot find has no price to offer (422).
 */
export async function createQuote(db: Db, principal: Principal & { dealerId: string }, body: CreateQuoteRequest, pricing: QuotePricing, context: { today: string; ip: string }) {
  const { today } = context;
  const last = addDays(today, MAX_QUOTE_VALIDITY_DAYS);
  if (body.validUntil < today) throw new UseCaseError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'validUntil', message: t.validUntilPast(today) }]);
  if (body.validUntil > last) throw new UseCaseError(400, 'INVALID_REQUEST', ru.validation.invalidBody, [{ field: 'validUntil', message: t.validUntilTooFar(MAX_QUOTE_VALIDITY_DAYS, last) }]);

  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
  const priced = await quoteOrder(db, dealer!, body, pricing);
  if (!priced.usdRate) throw new UseCaseError(503, 'NO_EXCHANGE_RATE', ru.orders.noRate);
  // A line the catalog cannot find has no price to offer; policy findings only travel with the answer.
  const resolved = new Set(priced.lines.map((l) => l.index));
  const unresolved = body.lines.map((_, i) => i).filter((i) => !resolved.has(i));
  if (unresolved.length > 0) {
    const fields = priced.errors.filter((e) => unresolved.some((i) => e.field.startsWith(`lines.${i}.`)));
    throw new UseCaseError(422, 'QUOTE_UNRESOLVED', t.unresolved, fields);
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

  const year = today.slice(0, 4);
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
      ip: context.ip,
    });
    return row!.id;
  });
  const [row] = await selectQuotes(db).where(eq(quotes.id, id));
  return { ...quoteView(row!, today), findings: priced.errors };
}

/** The offer as PDF, with the dealer as the seller; the download is audited. */
export async function quotePdf(db: Db, principal: Principal, quoteId: string, ip: string): Promise<{ number: string; pdf: Buffer }> {
  const quote = await findQuote(db, principal, quoteId);
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
  await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'quote', subjectId: quote.number, details: { kind: 'quote', quoteId: quote.id }, ip });
  return { number: quote.number, pdf };
}

/** Whether an offer may still become an order today: not ordered yet, not expired. */
export function assertQuoteOrderable(quote: QuoteRow, today: string): void {
  if (quote.orderNumber) throw new UseCaseError(409, 'QUOTE_ALREADY_ORDERED', t.alreadyOrdered(quote.number, quote.orderNumber));
  if (quote.validUntil < today) throw new UseCaseError(409, 'QUOTE_EXPIRED', t.expired(quote.number, quote.validUntil));
}

/** The order placement lines of an offer: what the customer agreed to, at today's prices. */
export function quoteAsOrderRequest(quote: QuoteRow) {
  const lines = quote.lines as StoredQuoteLine[];
  return {
    lines: lines.map((l) => ({
      partNumber: l.partNumber,
      vendor: l.vendor,
      quantity: l.quantity,
      licenseType: l.licenseType,
      ...(l.previousLicenseNumber ? { previousLicenseNumber: l.previousLicenseNumber } : {}),
      ...(l.basePartNumber ? { basePartNumber: l.basePartNumber } : {}),
    })),
    ...(quote.endUser ? { endUser: quote.endUser as never } : {}),
    // Two clicks make one order: the quote's id is the order's clientRequestId.
    clientRequestId: `quote:${quote.id}`,
  };
}

/**
 * Links the offer to the order placed from it. Whichever click gets here first links it (and
 * audits it, once). Answers the order and the offer as they now stand.
 */
export async function linkQuoteToOrder(db: Db, principal: Principal, quote: QuoteRow, orderNumber: string, context: { today: string; ip: string }) {
  const [order] = await db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
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
        details: { quoteId: quote.id, orderNumber, quotedDealerGrossKopecks: quoteView(quote, context.today).dealerTotals.grossKopecks, orderGrossKopecks: order!.grossKopecks },
        ip: context.ip,
      });
    }
  });
  const [after] = await selectQuotes(db).where(eq(quotes.id, quote.id));
  return { order: order!, quote: quoteView(after!, context.today) };
}
