/**
 * The order list's and the order page's queries. Every read of a dealer's orders is scoped by
 * `orderScope`: a dealer's users see their dealer's orders, staff all of them.
 */
import { and, asc, count, desc, eq, exists, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, documents, invoices, orderLines, orders, products, vendors } from '../../../db/schema';
import type { DocumentKind } from '../../domain/invoice';
import type { OrderStatus } from '../../domain/order';
import { normalizePartNumber } from '../../domain/part-number';
import { escapeLike } from '../../infra/like-pattern';
import { orderScope } from '../dealer-scope';
import type { Principal } from '../principal';

export type OrderRow = typeof orders.$inferSelect;

/** The list's filters, as `GET /api/orders` and its XLSX export take them. */
export interface OrderFilter {
  status?: OrderStatus | undefined;
  /** Moscow dates, both included. */
  from?: string | undefined;
  to?: string | undefined;
  vendor?: string | undefined;
  partNumber?: string | undefined;
  invoiceNumber?: string | undefined;
}

/** Where a page of orders ends: the last row's creation time as PostgreSQL prints it (microseconds kept) and its id. */
export interface OrderListKey {
  createdAt: string;
  id: string;
}

/** The orders a principal may see that match the list's filters: the list and its XLSX export alike. */
function ordersWhere(db: Db, principal: Principal, q: OrderFilter) {
  const lineMatches = (condition: SQL | undefined) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(orderLines)
        .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
        .innerJoin(products, eq(products.id, orderLines.productId))
        .where(and(eq(orderLines.orderId, orders.id), condition)),
    );
  // As the catalog searches: a PartNumber in any shape ("ka8107s1y01", "KA-8107 S1Y") by its
  // normal form's prefix; a vendor by its code or by a part of its name ("Касперск").
  const pn = q.partNumber ? normalizePartNumber(q.partNumber) : '';
  const vendor = q.vendor?.trim() ?? '';
  return and(
    orderScope(principal),
    q.status ? eq(orders.status, q.status) : undefined,
    q.from ? gte(orders.createdAt, sql`(${q.from}::date)::timestamp at time zone 'Europe/Moscow'`) : undefined,
    q.to ? lt(orders.createdAt, sql`(${q.to}::date + 1)::timestamp at time zone 'Europe/Moscow'`) : undefined,
    vendor ? lineMatches(or(eq(vendors.code, vendor.toUpperCase()), ilike(vendors.name, `%${escapeLike(vendor)}%`))) : undefined,
    pn ? lineMatches(sql`${products.partNumberNormalized} like ${escapeLike(pn) + '%'}`) : undefined,
    q.invoiceNumber
      ? exists(db.select({ one: sql`1` }).from(invoices).where(and(eq(invoices.orderId, orders.id), eq(invoices.number, q.invoiceNumber))))
      : undefined,
  );
}

/**
 * One page of the list, newest first, and how many orders match in all. With `after` the page is
 * every order strictly before that key (keyset paging); without it, `page` counts from the top.
 * One row more than the page is read, to know whether another page follows.
 */
export async function orderListRows(db: Db, principal: Principal, q: OrderFilter & { page: number; pageSize: number }, after: OrderListKey | null) {
  const where = ordersWhere(db, principal, q);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: orders.id,
        createdAtKey: sql<string>`${orders.createdAt}::text`,
        orderNumber: orders.orderNumber,
        status: orders.status,
        settlementScheme: orders.settlementScheme,
        grossKopecks: orders.grossKopecks,
        grossCents: orders.grossCents,
        createdAt: orders.createdAt,
        shippedAt: orders.shippedAt,
        dealerName: dealers.shortName,
        // Only for the page's rows; the dealer column lets it use invoices_dealer_idx (an index on
        // invoices.order_id would make it a direct look-up).
        invoiceNumbers: sql<string[]>`coalesce((select array_agg(i.number order by i.created_at) from invoices i where i.dealer_id = ${orders.dealerId} and i.order_id = ${orders.id} and i.number is not null), '{}')`,
      })
      .from(orders)
      .innerJoin(dealers, eq(dealers.id, orders.dealerId))
      .where(and(where, after ? sql`(${orders.createdAt}, ${orders.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(q.pageSize + 1)
      .offset(after ? 0 : (q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The list's rows as the XLSX export writes them, newest first, at most `limit`. */
export function orderExportRows(db: Db, principal: Principal, q: OrderFilter, limit: number) {
  return db
    .select({
      orderNumber: orders.orderNumber,
      createdAt: orders.createdAt,
      status: orders.status,
      dealerName: dealers.shortName,
      endUser: orders.endUser,
      partNumbers: sql<string[]>`coalesce((select array_agg(l.part_number order by l.line_no) from order_lines l where l.order_id = ${orders.id}), '{}')`,
      netKopecks: orders.netKopecks,
      vatKopecks: orders.vatKopecks,
      grossKopecks: orders.grossKopecks,
    })
    .from(orders)
    .innerJoin(dealers, eq(dealers.id, orders.dealerId))
    .where(ordersWhere(db, principal, q))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

/** An order by its number, if the principal may see it. */
export async function findVisibleOrderRow(db: Db, principal: Principal, orderNumber: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(and(eq(orders.orderNumber, orderNumber), orderScope(principal)));
  return row;
}

/** An order by its number, whoever placed it: for an order the caller has just placed, or for staff. */
export async function findOrderByNumber(db: Db, orderNumber: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
  return row;
}

/** What the order page shows beside the order's row: its lines with their vendors, its documents, its newest invoice. */
export async function orderPageRows(db: Db, orderId: string) {
  const [lines, docs, [invoice]] = await Promise.all([
    db
      .select({
        lineNo: orderLines.lineNo,
        partNumber: orderLines.partNumber,
        productName: orderLines.productName,
        vendor: vendors.code,
        vendorName: vendors.name,
        quantity: orderLines.quantity,
        unitPriceKopecks: orderLines.unitPriceKopecks,
        netKopecks: orderLines.netKopecks,
        vatBasisPoints: orderLines.vatBasisPoints,
        vatMode: orderLines.vatMode,
        vatKopecks: orderLines.vatKopecks,
        grossKopecks: orderLines.grossKopecks,
        grossCents: orderLines.grossCents,
        priceRule: orderLines.priceRule,
      })
      .from(orderLines)
      .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.lineNo)),
    db
      .select({ kind: documents.kind, number: documents.number, documentDate: documents.documentDate, sizeBytes: documents.sizeBytes })
      .from(documents)
      .where(eq(documents.orderId, orderId)),
    db
      .select({ number: invoices.number, status: invoices.status, dueDate: invoices.dueDate })
      .from(invoices)
      .where(eq(invoices.orderId, orderId))
      .orderBy(desc(invoices.createdAt))
      .limit(1),
  ]);
  return { lines, docs, invoice };
}

/** The order's filed document of this kind, if there is one. */
export async function orderDocumentRow(db: Db, orderId: string, kind: DocumentKind) {
  const [doc] = await db.select().from(documents).where(and(eq(documents.orderId, orderId), eq(documents.kind, kind)));
  return doc;
}

/** Which vendors carry each PartNumber (by its normal form): names for resolved lines, and the choices of an ambiguous one. */
export async function catalogEntries(db: Db, partNumbers: string[]) {
  const normalized = [...new Set(partNumbers.map(normalizePartNumber))];
  const rows =
    normalized.length === 0
      ? []
      : await db
          .select({ normalized: products.partNumberNormalized, partNumber: products.partNumber, name: products.name, active: products.active, vendorCode: vendors.code, vendorName: vendors.name })
          .from(products)
          .innerJoin(vendors, eq(vendors.id, products.vendorId))
          .where(inArray(products.partNumberNormalized, normalized));
  const byPartNumber = new Map<string, typeof rows>();
  for (const row of rows) byPartNumber.set(row.normalized, [...(byPartNumber.get(row.normalized) ?? []), row]);
  return byPartNumber;
}
