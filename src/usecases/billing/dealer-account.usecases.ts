/**
 * What a dealer sees of its account: its invoices, its balance by the books, the credit left, what
 * is overdue, and a monthly dealer's statement so far. Every invoice read goes through
 * `invoiceScope`: a dealer's users see their dealer's invoices, staff all of them.
 */
import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, documents, invoices, orders } from '../../../db/schema';
import { UNPAID_INVOICE_STATUSES, type InvoiceStatus } from '../../domain/invoice';
import { moscowMonthEnd, moscowMonthOf } from '../../domain/moscow-time';
import { creditLeft } from '../../domain/settlement';
import { ru } from '../../locale/ru';
import { audit } from '../audit/audit.usecases';
import { invoiceScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';
import { dealerBalance } from './dealer-ledger.usecases';
import { isUuid } from '../../domain/ids';

type DealerPrincipal = Principal & { dealerId: string };

/** The invoices a principal may see, newest first, a page at a time. */
export async function listInvoices(db: Db, principal: Principal, q: { status?: InvoiceStatus | undefined; page: number; pageSize: number }) {
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
}

/**
 * A monthly dealer's statement so far: the orders of the current Moscow month that its
 * consolidated invoice will bill at the month's close, and their total.
 */
export async function statementSoFar(db: Db, dealerId: string, now: Date) {
  const month = moscowMonthOf(now);
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

/** What the dealer's invoices leave open: unpaid and overdue amounts, and how many are overdue. */
async function openInvoices(db: Db, principal: Principal) {
  const [open] = await db
    .select({
      overdueKopecks: sql<string>`coalesce(sum(${invoices.amountKopecks} - ${invoices.paidKopecks}) filter (where ${invoices.status} = 'overdue'), 0)`,
      overdueInvoices: sql<string>`count(*) filter (where ${invoices.status} = 'overdue')`,
      unpaidKopecks: sql<string>`coalesce(sum(${invoices.amountKopecks} - ${invoices.paidKopecks}) filter (where ${inArray(invoices.status, UNPAID_INVOICE_STATUSES)}), 0)`,
    })
    .from(invoices)
    .where(invoiceScope(principal));
  return { overdueKopecks: Number(open?.overdueKopecks ?? 0), overdueInvoices: Number(open?.overdueInvoices ?? 0), unpaidKopecks: Number(open?.unpaidKopecks ?? 0) };
}

/**
 * The balance page: scheme, credit limit, the balance by the books (the reconciliation
 * statement's closing balance on `today`), what the credit check counts, what is overdue, and a
 * monthly dealer's statement so far.
 */
export async function dealerAccountBalance(db: Db, principal: DealerPrincipal, now: Date, today: string) {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
  const [open, balance] = await Promise.all([openInvoices(db, principal), dealerBalance(db, principal.dealerId, today)]);
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
    statementSoFar: dealer!.settlementScheme === 'monthly' ? await statementSoFar(db, principal.dealerId, now) : null,
  };
}

/** The top bar's figures: the same balance and overdue amounts as the balance page, and the credit left. */
export async function dealerHeadline(db: Db, principal: DealerPrincipal, today: string) {
  const [dealer] = await db
    .select({ id: dealers.id, shortName: dealers.shortName, settlementScheme: dealers.settlementScheme, creditLimitKopecks: dealers.creditLimitKopecks })
    .from(dealers)
    .where(eq(dealers.id, principal.dealerId));
  const [open, balance] = await Promise.all([openInvoices(db, principal), dealerBalance(db, principal.dealerId, today)]);
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
    unpaidInvoicesKopecks: open.unpaidKopecks,
  };
}

/**
 * An invoice's printed form, once 1C has numbered it and it was issued: where its blob lies, and
 * what to call the file. Another dealer's invoice is not found; the download is audited.
 */
export async function invoiceDocument(db: Db, principal: Principal, invoiceId: string, ip: string) {
  const uuid = isUuid(invoiceId);
  const [invoice] = uuid ? await db.select().from(invoices).where(and(eq(invoices.id, invoiceId), invoiceScope(principal))) : [];
  if (!invoice) throw new UseCaseError(404, 'INVOICE_NOT_FOUND', ru.invoices.notFound);
  const [doc] = await db.select().from(documents).where(like(documents.blobKey, `invoices/${invoice.id}/%`));
  if (!doc) throw new UseCaseError(409, 'INVOICE_NOT_ISSUED', ru.invoices.notIssued(invoice.number));
  await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'invoice', subjectId: invoice.number ?? invoice.id, details: { kind: invoice.purpose === 'monthly' ? 'consolidated_invoice' : 'invoice' }, ip });
  return { blobKey: doc.blobKey, sizeBytes: doc.sizeBytes, fileName: `invoice-${invoice.number ?? invoice.id}.pdf` };
}
