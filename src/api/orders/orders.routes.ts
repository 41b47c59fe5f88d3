import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { BlobStore } from '../../infra/blob-store';
import { ru } from '../../locale/ru';
import { requireDealerUser, requireUser } from '../auth';
import { isStaff } from '../../usecases/dealer-scope';
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
import { findOrderByNumber } from '../../usecases/orders/order-queries.repository';
import { checkOrderForDealer, listOrders as listVisibleOrders, orderDetail as orderDetailOf, orderDocumentDownload, ordersForExport, orderKeyArchive, quoteOrderForDealer } from '../../usecases/orders/order-queries.usecases';
import { submitOrder } from './submit-order';
import { temporalLinks } from '../staff/temporal-links';
import { MAX_EXPORTED_ORDERS, renderOrdersXlsx } from './orders.xlsx';
import { moscowDateOf } from '../../domain/moscow-time';

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
    const row = await findOrderByNumber(db, placed.orderNumber);
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
    return checkOrderForDealer(db, requireDealerUser(request), request.body);
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
    return quoteOrderForDealer(db, requireDealerUser(request), request.body, { usdMarkupBasisPoints: deps.usdMarkupBasisPoints, maxRateAgeBankingDays: deps.maxRateAgeBankingDays });
  });

  const workflowUrlOf = temporalLinks(deps.temporalUiUrl, deps.namespace).order;

  const listOrders = {
    tags: ['orders'],
    summary: 'The dealer’s orders, newest first',
    security: anyDealer,
    querystring: listOrdersSchema,
    response: { 200: orderPageSchema, ...errors(400, 401) },
  };
  api.get('/api/orders', { schema: listOrders }, async (request) => {
    const principal = requireUser(request);
    const q = request.query;
    const page = await listVisibleOrders(db, principal, q, q.after ? decodeOrderCursor(q.after)! : null);
    const staff = isStaff(principal);
    return {
      items: page.items.map((o) => (staff ? { ...o, workflowUrl: workflowUrlOf(o.orderNumber) } : o)),
      page: page.page,
      pageSize: page.pageSize,
      total: page.total,
      nextCursor: page.next ? encodeOrderCursor(page.next) : null,
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
    const rows = await ordersForExport(db, principal, request.query, MAX_EXPORTED_ORDERS);
    const file = renderOrdersXlsx(rows, { withDealer: isStaff(principal) });
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-length', file.length)
      .header('content-disposition', `attachment; filename="${ru.exports.ordersFileName(moscowDateOf(Date.now()))}"`)
      .send(file);
  });

  const orderDetail = {
    tags: ['orders'],
    summary: 'One order with its lines, documents and live timeline',
    security: anyDealer,
    params: orderNumberParams,
    response: { 200: orderDetailSchema, ...errors(401, 404) },
  };
  api.get('/api/orders/:orderNumber', { schema: orderDetail }, async (request) => {
    const principal = requireUser(request);
    const detail = await orderDetailOf(db, temporal, principal, request.params.orderNumber, request.log);
    return isStaff(principal) ? { ...detail, workflowUrl: workflowUrlOf(detail.orderNumber) } : detail;
  });

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
    const doc = await orderDocumentDownload(db, principal, request.params.orderNumber, request.params.kind, request.ip);
    return reply
      .header('content-type', doc.contentType)
      .header('content-length', doc.sizeBytes)
      .header('content-disposition', `${doc.attachment ? 'attachment' : 'inline'}; filename="${doc.fileName}"`)
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
    const archive = await orderKeyArchive(db, principal, request.params.orderNumber, request.ip);
    return reply
      .header('content-type', 'application/zip')
      .header('content-length', archive.sizeBytes)
      .header('content-disposition', `attachment; filename="${archive.fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(await deps.blobStore.get(archive.blobKey));
  });
}
