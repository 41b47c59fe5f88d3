import type { Client } from '@temporalio/client';
import { and, asc, count, desc, eq, exists, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealers, documents, invoices, orderLines, orders, products, vendors } from '../../../db/schema';
import { normalizePartNumber } from '../../domain/part-number';
import type { BlobStore } from '../../infra/blob-store';
import { ru } from '../../locale/ru';
import { orderWaiting, readWorkflowWait } from '../../domain/order-waiting';
import { readTimelineEntry } from '../../domain/order-timeline';
import { orderProgressQuery, orderWorkflowId } from '../../workflows/orders/order.contract';
import type { RecordedProgress } from '../../usecases/orders/order-status.usecases';
import { requireDealerUser, requireUser } from '../auth';
import { isStaff, orderScope } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';
import { escapeLike } from '../../infra/like-pattern';
import { anyDealer, errors, fileResponse, XLSX_TYPE } from '../common.schemas';
import {
  checkOrderSchema,
  listOrdersSchema,
  orderCheckSchema,
  orderDetailSchema,
  orderNumberParams,
  orderPageSchema,
  orderQuoteSchema,
  placedOrderSchema,
  placeOrderSchema,
} from './order.schemas';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import type { OrderStarter } from './order-starter';
import { checkOrderRequest, quoteOrder } from '../../usecases/orders/place-order.usecases';
import { submitOrder } from './submit-order';
import { temporalLinks } from '../staff/temporal-links';
import { MAX_EXPORTED_ORDERS, renderOrdersXlsx } from './orders.xlsx';
import { moscowDateOf } from '../../domain/moscow-time';
import { audit } from '../../usecases/audit/audit.usecases';

export interface OrdersRouteDeps {
  db: Db;
  temporal: Client;
  blobStore: BlobStore;
  temporalUiUrl: string;
  namespace: string;
  prepayValidityBankingDays: number;
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number;
  orderStarter: OrderStarter;
}

/** How long the order page waits for a workflow that has not recorded its progress yet. */
const PROGRESS_QUERY_DEADLINE_MS = 1_000;

/** The PartNumber the description's examples order (a Dr.Web product of the demo catalog). */
const EXAMPLE_PART_NUMBER = 'DR6203A1Y-01';

export function registerOrderRoutes(app: FastifyInstance, deps: OrdersRouteDeps): void {
  const { db, temporal } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  const placeOrder = {
    tags: ['orders'],
    summary: 'Submit an order; the same clientRequestId again returns the first order (200)',
    security: anyDealer,
    body: placeOrderSchema.meta({ example: { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 2 }], clientRequestId: 'erp-4711' } }),
    response: {
      201: placedOrderSchema.meta({ description: 'Created' }),
      200: placedOrderSchema.meta({ description: 'The order of an earlier request with this clientRequestId' }),
      202: placedOrderSchema.meta({ description: 'Recorded; waiting for the dealer admin’s approval or for the workflow engine' }),
      ...errors(400, 401, 403, 409, 422, 503),
    },
  };
  api.post('/api/orders', { schema: placeOrder }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const body = request.body;
    const { placed, statusCode, message } = await submitOrder(deps, request, reply, principal, body);
    const [row] = await db.select().from(orders).where(eq(orders.orderNumber, placed.orderNumber));
    return reply.code(statusCode as 200 | 201 | 202).send({
      orderNumber: placed.orderNumber,
      status: row!.status,
      ...(message ? { message } : {}),
      totals: { netKopecks: row!.netKopecks, vatKopecks: row!.vatKopecks, grossKopecks: row!.grossKopecks, grossCents: row!.grossCents },
      usdRate: { rate: row!.usdRate, date: row!.usdRateDate },
      links: { self: `/api/orders/${placed.orderNumber}` },
    });
  });

  const checkOrder = {
    tags: ['orders'],
    summary: 'Check lines against the catalog and licence policies; stores nothing',
    security: anyDealer,
    body: checkOrderSchema.meta({ example: { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 1 }] } }),
    response: { 200: orderCheckSchema, ...errors(400, 401, 403) },
  };
  api.post('/api/orders/check', { schema: checkOrder }, async (request) => {
    const principal = requireDealerUser(request);
    const body = request.body;
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
    const { fieldErrors } = await checkOrderRequest(db, dealer!, body);
    return { ok: fieldErrors.length === 0, errors: fieldErrors };
  });

  /** The cart's live answer: the same check plus each line priced and the totals in RUB and USD; stores nothing. */
  const quote = {
    tags: ['orders'],
    summary: 'The check plus each line priced for the dealer and the totals in RUB and USD; stores nothing',
    security: anyDealer,
    body: checkOrderSchema.meta({ example: { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 3 }] } }),
    response: { 200: orderQuoteSchema, ...errors(400, 401, 403) },
  };
  api.post('/api/orders/quote', { schema: quote }, async (request) => {
    const principal = requireDealerUser(request);
    const body = request.body;
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, principal.dealerId));
    return quoteOrder(db, dealer!, body, { usdMarkupBasisPoints: deps.usdMarkupBasisPoints, maxRateAgeBankingDays: deps.maxRateAgeBankingDays });
  });

  const workflowUrlOf = temporalLinks(deps.temporalUiUrl, deps.namespace).order;

  const listOrders = {
    tags: ['orders'],
    summary: 'The dealer’s orders, newest first',
    security: anyDealer,
    querystring: listOrdersSchema,
    response: { 200: orderPageSchema, ...errors(400, 401) },
  };
  /** The orders a principal may see that match the list's filters: the list and its XLSX export alike. */
  function ordersWhere(principal: ReturnType<typeof requireUser>, q: z.output<typeof listOrdersSchema>) {
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

  api.get('/api/orders', { schema: listOrders }, async (request) => {
    const principal = requireUser(request);
    const q = request.query;
    const where = ordersWhere(principal, q);
    const cursor = q.after ? decodeOrderCursor(q.after)! : null;
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
        .where(and(where, cursor ? sql`(${orders.createdAt}, ${orders.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : undefined))
        .orderBy(desc(orders.createdAt), desc(orders.id))
        // One more than the page, to know whether another page follows.
        .limit(q.pageSize + 1)
        .offset(cursor ? 0 : (q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(orders).where(where),
    ]);
    const staff = isStaff(principal);
    const items = rows.slice(0, q.pageSize);
    const last = rows.length > q.pageSize ? items[items.length - 1] : undefined;
    return {
      items: items.map(({ id: _id, createdAtKey: _key, ...o }) => (staff ? { ...o, workflowUrl: workflowUrlOf(o.orderNumber) } : o)),
      page: q.page,
      pageSize: q.pageSize,
      total: total?.n ?? 0,
      nextCursor: last ? encodeOrderCursor({ createdAt: last.createdAtKey, id: last.id }) : null,
    };
  });

  const exportOrders = {
    tags: ['orders'],
    summary: 'The order list as an Excel workbook, with the same filters as GET /api/orders (every matching order, newest first; paging ignored)',
    security: anyDealer,
    querystring: listOrdersSchema,
    response: { 200: fileResponse(XLSX_TYPE, 'XLSX'), ...errors(400, 401) },
  };
  api.get('/api/orders.xlsx', { schema: exportOrders }, async (request, reply) => {
    const principal = requireUser(request);
    const rows = await db
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
      .where(ordersWhere(principal, request.query))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(MAX_EXPORTED_ORDERS);
    const file = renderOrdersXlsx(rows, { withDealer: isStaff(principal) });
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-length', file.length)
      .header('content-disposition', `attachment; filename="${ru.exports.ordersFileName(moscowDateOf(Date.now()))}"`)
      .send(file);
  });

  /** Finds an order the principal may see; another dealer's order is "not found", never "forbidden". */
  async function findVisibleOrder(orderNumber: string, principal: ReturnType<typeof requireUser>) {
    const [row] = await db.select().from(orders).where(and(eq(orders.orderNumber, orderNumber), orderScope(principal)));
    if (!row) throw new HttpError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
    return row;
  }

  /**
   * The order's progress as its workflow's activities recorded it with the row (no worker
   * involved). Only a workflow that has recorded nothing yet (it started a moment ago, or before
   * the projection existed) is asked, with a short deadline: a query waits in the worker's queue
   * behind workflow tasks, and a page view must not hold up shipping. Past the deadline the page
   * shows no timeline, as for an order whose workflow is not running yet.
   */
  async function orderProgressOf(order: typeof orders.$inferSelect, log: FastifyBaseLogger): Promise<RecordedProgress | null> {
    if (order.progress) return order.progress as RecordedProgress;
    // An order waiting for its dealer's approval has no workflow yet.
    if (order.status === 'awaiting_approval') return null;
    try {
      return await temporal.withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, () =>
        temporal.workflow.getHandle(orderWorkflowId(order.orderNumber)).query(orderProgressQuery),
      );
    } catch (err) {
      // No workflow (Temporal was unreachable at submit and the order starter has not started it yet).
      log.warn({ err, orderNumber: order.orderNumber }, 'order progress query failed or timed out');
      return null;
    }
  }

  const orderDetail = {
    tags: ['orders'],
    summary: 'One order with its lines, documents and live timeline',
    security: anyDealer,
    params: orderNumberParams,
    response: { 200: orderDetailSchema, ...errors(401, 404) },
  };
  api.get('/api/orders/:orderNumber', { schema: orderDetail }, async (request) => {
    const principal = requireUser(request);
    const order = await findVisibleOrder(request.params.orderNumber, principal);
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
        .where(eq(orderLines.orderId, order.id))
        .orderBy(asc(orderLines.lineNo)),
      db
        .select({ kind: documents.kind, number: documents.number, documentDate: documents.documentDate, sizeBytes: documents.sizeBytes })
        .from(documents)
        .where(eq(documents.orderId, order.id)),
      db
        .select({ number: invoices.number, status: invoices.status, dueDate: invoices.dueDate })
        .from(invoices)
        .where(eq(invoices.orderId, order.id))
        .orderBy(desc(invoices.createdAt))
        .limit(1),
    ]);
    const recorded = await orderProgressOf(order, request.log);
    // Codes on the wire, whether the workflow recorded codes or (runs from before them) its sentences.
    const progress = recorded && { status: recorded.status, timeline: recorded.timeline.map(readTimelineEntry), awaiting: readWorkflowWait(recorded.awaiting)?.code ?? null };
    return {
      orderNumber: order.orderNumber,
      status: order.status,
      settlementScheme: order.settlementScheme,
      createdAt: order.createdAt,
      shippedAt: order.shippedAt,
      usdRate: { rate: order.usdRate, date: order.usdRateDate },
      totals: { netKopecks: order.netKopecks, vatKopecks: order.vatKopecks, grossKopecks: order.grossKopecks, grossCents: order.grossCents },
      endUser: order.endUser as z.output<typeof orderDetailSchema>['endUser'],
      lines,
      documents: docs.map((d) => ({ ...d, href: d.kind === 'key_archive' ? `/api/orders/${order.orderNumber}/archive` : `/api/orders/${order.orderNumber}/documents/${d.kind}` })),
      archive: docs.some((d) => d.kind === 'key_archive') ? { href: `/api/orders/${order.orderNumber}/archive` } : null,
      // Why a step failed can carry a vendor's raw answer: staff see it, dealers see that it failed.
      waiting: recorded ? orderWaiting(recorded.awaiting, recorded.timeline, invoice ?? null) : null,
      invoice: invoice ?? null,
      vendors: [...new Map(lines.map((l) => [l.vendor, { code: l.vendor, name: l.vendorName }])).values()],
      progress: progress && !isStaff(principal) ? { ...progress, timeline: progress.timeline.map(({ detail, ...entry }) => (entry.step === 'failed' ? entry : { ...entry, ...(detail ? { detail } : {}) })) } : progress,
      ...(isStaff(principal) ? { workflowUrl: workflowUrlOf(order.orderNumber) } : {}),
    };
  });

  /** What an order's documents endpoint serves: the PDFs, and the УПД as the ФНС 5.03 XML file for e-document operators and 1C. */
  const ORDER_DOCUMENT_KINDS = ['invoice', 'act', 'upd', 'upd_xml'] as const;
  const orderDocument = {
    tags: ['orders'],
    summary: 'The order’s invoice, act or УПД as PDF, or the УПД as ФНС XML (format 5.03, windows-1251)',
    security: anyDealer,
    params: orderNumberParams.extend({ kind: z.string().max(20).meta({ description: '`invoice`, `act`, `upd` (PDF) or `upd_xml` (XML)', example: 'act' }) }),
    response: {
      200: { description: 'PDF, or XML for `upd_xml`', content: { ...fileResponse('application/pdf', 'PDF').content, ...fileResponse('application/xml', 'XML').content } },
      ...errors(401, 404),
    },
  };
  api.get('/api/orders/:orderNumber/documents/:kind', { schema: orderDocument }, async (request, reply) => {
    const principal = requireUser(request);
    const order = await findVisibleOrder(request.params.orderNumber, principal);
    const kind = ORDER_DOCUMENT_KINDS.find((k) => k === request.params.kind);
    if (!kind) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', ru.orders.documentNotFound(order.orderNumber));
    const [doc] = await db.select().from(documents).where(and(eq(documents.orderId, order.id), eq(documents.kind, kind)));
    if (!doc) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', ru.orders.documentNotFound(order.orderNumber));
    await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'order', subjectId: order.orderNumber, details: { kind, number: doc.number }, ip: request.ip });
    // The УПД's XML keeps the name the format requires (ON_NSCHFDOPPR_….xml), the last part of its blob key.
    const fileName = kind === 'upd_xml' ? doc.blobKey.slice(doc.blobKey.lastIndexOf('/') + 1) : `${kind}-${encodeURIComponent(doc.number ?? order.orderNumber)}.pdf`;
    return reply
      .header('content-type', doc.contentType)
      .header('content-length', doc.sizeBytes)
      .header('content-disposition', `${kind === 'upd_xml' ? 'attachment' : 'inline'}; filename="${fileName}"`)
      .send(await deps.blobStore.get(doc.blobKey));
  });

  const archive = {
    tags: ['orders'],
    summary: 'The key archive (zip with a manifest, the act and the УПД as PDF and ФНС XML)',
    security: anyDealer,
    params: orderNumberParams,
    response: {
      200: fileResponse('application/zip', 'ZIP'),
      303: z.null().meta({ description: 'A browser without a session (the link of a letter sent before issue 17) goes to the login, which returns to the order page' }),
      ...errors(401, 404, 409),
    },
  };
  api.get('/api/orders/:orderNumber/archive', { schema: archive }, async (request, reply) => {
    if (!request.principal && /\btext\/html\b/.test(request.headers.accept ?? '')) {
      return reply.redirect(`/#/login?next=${encodeURIComponent(`/orders/${request.params.orderNumber}`)}`, 303);
    }
    const principal = requireUser(request);
    const order = await findVisibleOrder(request.params.orderNumber, principal);
    const [doc] = await db.select().from(documents).where(and(eq(documents.orderId, order.id), eq(documents.kind, 'key_archive')));
    if (!doc) throw new HttpError(409, 'ARCHIVE_NOT_READY', ru.orders.archiveNotReady(order.orderNumber));
    await audit(db, { actorUserId: principal.userId, action: 'keys.archive_downloaded', subjectType: 'order', subjectId: order.orderNumber, ip: request.ip });
    return reply
      .header('content-type', 'application/zip')
      .header('content-length', doc.sizeBytes)
      .header('content-disposition', `attachment; filename="keys-${order.orderNumber}.zip"`)
      .header('cache-control', 'private, no-store')
      .send(await deps.blobStore.get(doc.blobKey));
  });
}
