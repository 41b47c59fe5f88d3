import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealers, documents, invoices, orders } from '../../../db/schema';
import type { BlobStore } from '../../infra/blob-store';
import { UNPAID_INVOICE_STATUSES } from '../../domain/invoice';
import { moscowDateOf, moscowMonthEnd, moscowMonthOf } from '../../domain/moscow-time';
import { ru } from '../../locale/ru';
import { requireDealerUser, requireUser } from '../auth';
import { invoiceScope } from '../../usecases/dealer-scope';
import { anyDealer, errors, fileResponse } from '../common.schemas';
import { HttpError } from '../errors';
import { balanceSchema, dealerSummarySchema, invoiceIdParams, invoicePageSchema, listInvoicesSchema } from './invoices.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { dealerBalance } from '../../usecases/billing/dealer-ledger.usecases';
import { creditLeft } from '../../domain/settlement';

/** Invoices: the dealer's own (what is owed, what is overdue), or all of them for staff. */
export function registerInvoiceRoutes(app: FastifyInstance, { db, blobStore }: { db: Db; blobStore: BlobStore }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const list = {
    tags: ['invoices'],
    summary: 'The dealer’s invoices, newest first',
    security: anyDealer,
    querystring: listInvoicesSchema,
    response: { 200: invoicePageSchema, ...errors(400, 401) },
  };
  api.get('/api/invoices', { schema: list }, async (request) => {
    const principal = requireUser(request);
    const q = request.query;
    const rows = await db
      .select({ invoice: invoices, orderNumber: orders.orderNumber })
      .from(invoices)
      .leftJoin(orders, eq(orders.id, invoices.orderId))
      .where(and(invoiceScope(principal), q.status ? eq(invoices.status, q.status) : undefined))
      .orderBy(desc(invoices.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return {
      items: rows.map(({ invoice: i, orderNumber }) => ({
        id: i.id,
        number: i.number,
        date: i.numberDate,
        purpose: i.purpose,
        orderNumber,
        statementMonth: i.statementMonth,
        amountKopecks: i.amountKopecks,
        paidKopecks: i.paidKopecks,
        remainingKopecks: Math.max(0, i.amountKopecks - i.paidKopecks),
        dueDate: i.dueDate,
        status: i.status,
        pdf: i.number ? `/api/invoices/${i.id}/pdf` : null,
      })),
      page: q.page,
      pageSize: q.pageSize,
    };
  });

  /**
   * A monthly dealer's statement so far: the orders of the current Moscow month that its
   * consolidated invoice will bill at the month's close, and their total.
   */
  async function statementSoFar(dealerId: string) {
    const month = moscowMonthOf(new Date());
    const rows = await db
      .select({ orderNumber: orders.orderNumber, shippedAt: orders.shippedAt, grossKopecks: orders.grossKopecks, status: orders.status })
      .from(orders)
      .where(and(eq(orders.dealerId, dealerId), eq(orders.settlementScheme, 'monthly'), eq(orders.statementMonth, month)))
      .orderBy(asc(orders.shippedAt), asc(orders.orderNumber));
    return {
      month,
      closesAt: moscowMonthEnd(month).toISOString(),
      orderCount: rows.length,
      grossKopecks: rows.reduce((sum, o) => sum + o.grossKopecks, 0),
      orders: rows,
    };
  }

  /**
   * The dealer's balance: scheme, credit limit, the balance by the books (the reconciliation
   * statement's closing balance today), what the credit check counts, what is overdue, a monthly
   * dealer's statement so far.
   */
  const summary = {
    tags: ['invoices'],
    summary: 'Balance: the balance by the books, credit limit, what the credit check counts, unpaid and overdue amounts; a monthly dealer’s statement so far',
    security: anyDealer,
    response: { 200: balanceSchema, ...errors(401, 403) },
  };
  /** What the dealer's invoices leave open: unpaid and overdue amounts, and how many are overdue. */
  const openInvoices = async (principal: Parameters<typeof invoiceScope>[0]) => {
    const [open] = await db
      .select({
        overdueKopecks: sql<string>`coalesce(sum(${invoices.amountKopecks} - ${invoices.paidKopecks}) filter (where ${invoices.status} = 'overdue'), 0)`,
        overdueInvoices: sql<string>`count(*) filter (where ${invoices.status} = 'overdue')`,
        unpaidKopecks: sql<string>`coalesce(sum(${invoices.amountKopecks} - ${invoices.paidKopecks}) filter (where ${inArray(invoices.status, UNPAID_INVOICE_STATUSES)}), 0)`,
      })
      .from(invoices)
      .where(invoiceScope(principal));
    return { overdueKopecks: Number(open?.overdueKopecks ?? 0), overdueInvoices: Number(open?.overdueInvoices ?? 0), unpaidKopecks: Number(open?.unpaidKopecks ?? 0) };
  };

  api.get('/api/invoices/summary', { schema: summary }, async (request) => {
    const principal = requireDealerUser(request);
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
    const open = await openInvoices(principal);
    const balance = await dealerBalance(db, principal.dealerId, moscowDateOf(Date.now()));
    return {
      settlementScheme: dealer!.settlementScheme,
      creditLimitKopecks: dealer!.creditLimitKopecks,
      creditHold: dealer!.creditHold,
      balanceDate: balance.asOf,
      balanceKopecks: balance.balanceKopecks,
      unshippedCreditKopecks: balance.unshippedCreditKopecks,
      outstandingCreditKopecks: balance.outstandingCreditKopecks,
      unpaidInvoicesKopecks: open.unpaidKopecks,
      overdueKopecks: open.overdueKopecks,
      statementSoFar: dealer!.settlementScheme === 'monthly' ? await statementSoFar(principal.dealerId) : null,
    };
  });

  /** The top bar's figures: the same balance and overdue amounts as the balance page, and the credit left. */
  const dealerSummary = {
    tags: ['invoices'],
    summary: 'The dealer’s company, balance, credit left and overdue invoices, as the web app’s top bar shows them',
    security: anyDealer,
    response: { 200: dealerSummarySchema, ...errors(401, 403) },
  };
  api.get('/api/dealer/summary', { schema: dealerSummary }, async (request) => {
    const principal = requireDealerUser(request);
    const [dealer] = await db
      .select({ id: dealers.id, shortName: dealers.shortName, settlementScheme: dealers.settlementScheme, creditLimitKopecks: dealers.creditLimitKopecks })
      .from(dealers)
      .where(eq(dealers.id, principal.dealerId));
    const [open, balance] = await Promise.all([openInvoices(principal), dealerBalance(db, principal.dealerId, moscowDateOf(Date.now()))]);
    const onCredit = dealer!.settlementScheme === 'postpay' || dealer!.settlementScheme === 'monthly';
    return {
      dealer: { id: dealer!.id, shortName: dealer!.shortName },
      settlementScheme: dealer!.settlementScheme,
      balanceDate: balance.asOf,
      balanceKopecks: balance.balanceKopecks,
      creditLimitKopecks: dealer!.creditLimitKopecks,
      creditLeftKopecks: onCredit ? creditLeft({ creditLimitKopecks: dealer!.creditLimitKopecks, outstandingKopecks: balance.outstandingCreditKopecks }) : null,
      overdueKopecks: open.overdueKopecks,
      overdueInvoices: open.overdueInvoices,
    };
  });

  const pdf = {
    tags: ['invoices'],
    summary: 'An invoice as PDF (once 1C has numbered it)',
    security: anyDealer,
    params: invoiceIdParams,
    response: { 200: fileResponse('application/pdf', 'PDF'), ...errors(401, 404, 409) },
  };
  api.get('/api/invoices/:id/pdf', { schema: pdf }, async (request, reply) => {
    const principal = requireUser(request);
    const id = z.uuid().safeParse(request.params.id);
    const [invoice] = id.success ? await db.select().from(invoices).where(and(eq(invoices.id, id.data), invoiceScope(principal))) : [];
    if (!invoice) throw new HttpError(404, 'INVOICE_NOT_FOUND', ru.invoices.notFound);
    const [doc] = await db.select().from(documents).where(like(documents.blobKey, `invoices/${invoice.id}/%`));
    if (!doc) throw new HttpError(409, 'INVOICE_NOT_ISSUED', ru.invoices.notIssued(invoice.number));
    await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'invoice', subjectId: invoice.number ?? invoice.id, details: { kind: invoice.purpose === 'monthly' ? 'consolidated_invoice' : 'invoice' }, ip: request.ip });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', doc.sizeBytes)
      .header('content-disposition', `inline; filename="invoice-${encodeURIComponent(invoice.number ?? invoice.id)}.pdf"`)
      .send(await blobStore.get(doc.blobKey));
  });
}
