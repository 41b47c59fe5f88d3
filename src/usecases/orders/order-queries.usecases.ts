/**
 * What a principal reads of orders: the list (and its export), one order's page with its live
 * timeline, the order's documents and key archive; and the cart's check and quote for the
 * caller's dealer. Every order is found through `orderScope` (order-queries.repository.ts):
 * another dealer's order is "not found", never "forbidden".
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../../db/client';
import type { OrderDetail, PlaceOrderRequest } from '../../api/orders/order.schemas';
import { readTimelineEntry } from '../../domain/order-timeline';
import { orderWaiting, readWorkflowWait } from '../../domain/order-waiting';
import { ru } from '../../locale/ru';
import { orderProgressQuery, orderWorkflowId } from '../../workflows/orders/order.contract';
import { audit } from '../audit/audit.usecases';
import { isStaff } from '../dealer-scope';
import { findDealer } from '../dealers/dealers.repository';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';
import type { RecordedProgress } from './order-status.usecases';
import { checkOrderRequest, quoteOrder } from './place-order.usecases';
import {
  findVisibleOrderRow,
  orderDocumentRow,
  orderExportRows,
  orderListRows,
  orderPageRows,
  type OrderFilter,
  type OrderListKey,
  type OrderRow,
} from './order-queries.repository';

type DealerPrincipal = Principal & { dealerId: string };
type OrderLines = Pick<PlaceOrderRequest, 'lines' | 'endUser'>;

/** How long the order page waits for a workflow that has not recorded its progress yet. */
const PROGRESS_QUERY_DEADLINE_MS = 1_000;

/** What an order's documents endpoint serves: the PDFs, and the УПД as the ФНС 5.03 XML file for e-document operators and 1C. */
export const ORDER_DOCUMENT_KINDS = ['invoice', 'act', 'upd', 'upd_xml'] as const;

/** The caller's dealer (a dealer user always has one). */
async function dealerOf(db: Db, principal: DealerPrincipal) {
  const dealer = await findDealer(db, principal.dealerId);
  return dealer!;
}

/** The lines checked against the catalog and the licence policies for the caller's dealer; stores nothing. */
export async function checkOrderForDealer(db: Db, principal: DealerPrincipal, request: OrderLines) {
  const { fieldErrors } = await checkOrderRequest(db, await dealerOf(db, principal), request);
  return { ok: fieldErrors.length === 0, errors: fieldErrors };
}

/** The check plus each line priced for the caller's dealer and the totals in RUB and USD; stores nothing. */
export async function quoteOrderForDealer(db: Db, principal: DealerPrincipal, request: OrderLines, pricing: { usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number | undefined }) {
  return quoteOrder(db, await dealerOf(db, principal), request, { usdMarkupBasisPoints: pricing.usdMarkupBasisPoints, maxRateAgeBankingDays: pricing.maxRateAgeBankingDays });
}

/**
 * One page of the orders a principal may see, newest first, and the key the next page starts
 * after (none on the last page).
 */
export async function listOrders(db: Db, principal: Principal, q: OrderFilter & { page: number; pageSize: number }, after: OrderListKey | null) {
  const { rows, total } = await orderListRows(db, principal, q, after);
  const items = rows.slice(0, q.pageSize);
  const last = rows.length > q.pageSize ? items[items.length - 1] : undefined;
  return {
    items: items.map(({ id: _id, createdAtKey: _key, ...o }) => o),
    page: q.page,
    pageSize: q.pageSize,
    total,
    next: last ? { createdAt: last.createdAtKey, id: last.id } : null,
  };
}

/** Every order of the list's filters (paging ignored), newest first, at most `limit`: what the XLSX export writes. */
export const ordersForExport = (db: Db, principal: Principal, q: OrderFilter, limit: number) => orderExportRows(db, principal, q, limit);

/** Finds an order the principal may see; another dealer's order is "not found", never "forbidden". */
export async function findVisibleOrder(db: Db, principal: Principal, orderNumber: string): Promise<OrderRow> {
  const row = await findVisibleOrderRow(db, principal, orderNumber);
  if (!row) throw new UseCaseError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
  return row;
}

/**
 * The order's progress as its workflow's activities recorded it with the row (no worker
 * involved). Only a workflow that has recorded nothing yet (it started a moment ago, or before
 * the projection existed) is asked, with a short deadline: a query waits in the worker's queue
 * behind workflow tasks, and a page view must not hold up shipping. Past the deadline the page
 * shows no timeline, as for an order whose workflow is not running yet.
 */
async function orderProgressOf(temporal: Client, order: OrderRow, log: { warn: (obj: object, msg: string) => void }): Promise<RecordedProgress | null> {
  if (order.progress) return order.progress as RecordedProgress;
  // An order waiting for its dealer's approval has no workflow yet.
  if (order.status === 'awaiting_approval') return null;
  try {
    return await temporal.withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, () => temporal.workflow.getHandle(orderWorkflowId(order.orderNumber)).query(orderProgressQuery));
  } catch (err) {
    // No workflow (Temporal was unreachable at submit and the order starter has not started it yet).
    log.warn({ err, orderNumber: order.orderNumber }, 'order progress query failed or timed out');
    return null;
  }
}

/** One order with its lines, documents, newest invoice and timeline, as the principal may see it. */
export async function orderDetail(db: Db, temporal: Client, principal: Principal, orderNumber: string, log: { warn: (obj: object, msg: string) => void }) {
  const order = await findVisibleOrder(db, principal, orderNumber);
  const { lines, docs, invoice } = await orderPageRows(db, order.id);
  const recorded = await orderProgressOf(temporal, order, log);
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
    endUser: order.endUser as OrderDetail['endUser'],
    lines,
    documents: docs.map((d) => ({ ...d, href: d.kind === 'key_archive' ? `/api/orders/${order.orderNumber}/archive` : `/api/orders/${order.orderNumber}/documents/${d.kind}` })),
    archive: docs.some((d) => d.kind === 'key_archive') ? { href: `/api/orders/${order.orderNumber}/archive` } : null,
    waiting: recorded ? orderWaiting(recorded.awaiting, recorded.timeline, invoice ?? null) : null,
    invoice: invoice ?? null,
    vendors: [...new Map(lines.map((l) => [l.vendor, { code: l.vendor, name: l.vendorName }])).values()],
    // Why a step failed can carry a vendor's raw answer: staff see it, dealers see that it failed.
    progress: progress && !isStaff(principal) ? { ...progress, timeline: progress.timeline.map(({ detail, ...entry }) => (entry.step === 'failed' ? entry : { ...entry, ...(detail ? { detail } : {}) })) } : progress,
  };
}

/**
 * An order's invoice, act or УПД (PDF, or the УПД as ФНС XML): where its blob lies and how to
 * serve it. An unknown kind or a document not filed yet is "not found"; the download is audited.
 */
export async function orderDocumentDownload(db: Db, principal: Principal, orderNumber: string, requestedKind: string, ip: string) {
  const order = await findVisibleOrder(db, principal, orderNumber);
  const kind = ORDER_DOCUMENT_KINDS.find((k) => k === requestedKind);
  if (!kind) throw new UseCaseError(404, 'DOCUMENT_NOT_FOUND', ru.orders.documentNotFound(order.orderNumber));
  const doc = await orderDocumentRow(db, order.id, kind);
  if (!doc) throw new UseCaseError(404, 'DOCUMENT_NOT_FOUND', ru.orders.documentNotFound(order.orderNumber));
  await audit(db, { actorUserId: principal.userId, action: 'document.downloaded', subjectType: 'order', subjectId: order.orderNumber, details: { kind, number: doc.number }, ip });
  // The УПД's XML keeps the name the format requires (ON_NSCHFDOPPR_….xml), the last part of its blob key.
  const fileName = kind === 'upd_xml' ? doc.blobKey.slice(doc.blobKey.lastIndexOf('/') + 1) : `${kind}-${encodeURIComponent(doc.number ?? order.orderNumber)}.pdf`;
  return { blobKey: doc.blobKey, contentType: doc.contentType, sizeBytes: doc.sizeBytes, fileName, attachment: kind === 'upd_xml' };
}

/** The order's key archive, once filed (409 before); the download is audited. */
export async function orderKeyArchive(db: Db, principal: Principal, orderNumber: string, ip: string) {
  const order = await findVisibleOrder(db, principal, orderNumber);
  const doc = await orderDocumentRow(db, order.id, 'key_archive');
  if (!doc) throw new UseCaseError(409, 'ARCHIVE_NOT_READY', ru.orders.archiveNotReady(order.orderNumber));
  await audit(db, { actorUserId: principal.userId, action: 'keys.archive_downloaded', subjectType: 'order', subjectId: order.orderNumber, ip });
  return { blobKey: doc.blobKey, sizeBytes: doc.sizeBytes, fileName: `keys-${order.orderNumber}.zip` };
}
