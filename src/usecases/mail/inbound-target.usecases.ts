/**
 * How an e-mailed reply is matched to our books: `findTarget` finds the order and vendor a letter
 * is about, `assignKeys` places its keys on the vendor's lines. Reading the letter (MIME, archives,
 * PDFs) is the mail activities' I/O (src/activities/mail/vendor-reply.ts); whether its sender is
 * trusted is src/domain/vendor-mail.ts#senderVerdict.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orderLines, orders, vendors } from '../../../db/schema';
import { normalizePartNumber } from '../../domain/part-number';
import { isListedSender, parseRequestMessageId, sendersOf } from '../../domain/vendor-mail';

/** What of a letter finds its order: the ids it quotes, the order numbers it names, its sender. */
export interface ReplyReferences {
  quotedMessageIds: readonly string[];
  orderRefs: readonly string[];
  from: string | null;
}

export interface MatchedTarget {
  orderId: string;
  orderNumber: string;
  orderStatus: string;
  vendorId: number;
  vendorCode: string;
  /** The vendor's stored adapter settings, as the caller parses them. */
  adapterSettings: unknown;
}

export type Match =
  | { target: MatchedTarget }
  | { target: null; orderNumbers: string[]; reason: 'unmatched' | 'ambiguous_vendor' | 'ambiguous_order' };

/** A key as the letter offers it: a part number it names, when it names one. */
export interface OfferedKey {
  key: string;
  partNumber?: string;
}

/** An order a reply may be about, with the vendors of its lines. */
export interface OrderWithVendors {
  order: { id: string; status: string };
  orderVendors: Array<{ id: number; code: string; adapterKind: string; adapterSettings: unknown }>;
}

/** The order numbers a reply refers to: those in our requests' Message-IDs it quotes, and those it names. */
export function referencedOrderNumbers(reply: ReplyReferences): string[] {
  const quoted = reply.quotedMessageIds.flatMap((id) => parseRequestMessageId(id)?.orderNumber ?? []);
  return [...new Set([...quoted, ...reply.orderRefs])];
}

/** The orders (with their vendors) of many replies in two queries; an order number not in the books is absent. */
export async function loadOrdersWithVendors(db: Db, orderNumbers: readonly string[]): Promise<Map<string, OrderWithVendors>> {
  const found = new Map<string, OrderWithVendors>();
  if (orderNumbers.length === 0) return found;
  const rows = await db.select({ id: orders.id, status: orders.status, orderNumber: orders.orderNumber }).from(orders).where(inArray(orders.orderNumber, [...new Set(orderNumbers)]));
  if (rows.length === 0) return found;
  const lineVendors = await db
    .selectDistinct({ orderId: orderLines.orderId, id: vendors.id, code: vendors.code, adapterKind: vendors.adapterKind, adapterSettings: vendors.adapterSettings })
    .from(orderLines)
    .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
    .where(inArray(orderLines.orderId, rows.map((r) => r.id)));
  for (const row of rows) {
    const orderVendors = lineVendors.filter((v) => v.orderId === row.id).map(({ orderId: _orderId, ...vendor }) => vendor);
    found.set(row.orderNumber, { order: { id: row.id, status: row.status }, orderVendors });
  }
  return found;
}

/**
 * The order and vendor a reply is about, by our request's Message-ID first, then by the order
 * number it quotes. `preloaded` (from `loadOrdersWithVendors` over `referencedOrderNumbers`) spares
 * the queries when many replies are matched at once.
 */
export async function findTarget(db: Db, reply: ReplyReferences, preloaded?: ReadonlyMap<string, OrderWithVendors>): Promise<Match> {
  const loadOrder = async (orderNumber: string): Promise<OrderWithVendors | null> =>
    preloaded ? (preloaded.get(orderNumber) ?? null) : ((await loadOrdersWithVendors(db, [orderNumber])).get(orderNumber) ?? null);
  const toTarget = (orderNumber: string, order: { id: string; status: string }, vendor: { id: number; code: string; adapterSettings: unknown }): MatchedTarget => ({
    orderId: order.id,
    orderNumber,
    orderStatus: order.status,
    vendorId: vendor.id,
    vendorCode: vendor.code,
    adapterSettings: vendor.adapterSettings,
  });

  for (const quoted of reply.quotedMessageIds) {
    const request = parseRequestMessageId(quoted);
    if (!request) continue;
    const found = await loadOrder(request.orderNumber);
    const vendor = found?.orderVendors.find((v) => v.code === request.vendorCode);
    if (found && vendor) return { target: toTarget(request.orderNumber, found.order, vendor) };
  }
  const existing: Array<NonNullable<Awaited<ReturnType<typeof loadOrder>>> & { orderNumber: string }> = [];
  for (const orderNumber of reply.orderRefs) {
    const found = await loadOrder(orderNumber);
    if (found) existing.push({ ...found, orderNumber });
  }
  if (existing.length === 0) return { target: null, orderNumbers: [], reason: 'unmatched' };
  // The letter names two of our orders: the order is what is ambiguous, whoever sent it.
  if (existing.length > 1) return { target: null, orderNumbers: existing.map((e) => e.orderNumber), reason: 'ambiguous_order' };
  const { order, orderVendors, orderNumber } = existing[0]!;
  const byMail = orderVendors.filter((v) => v.adapterKind === 'email');
  // One e-mail vendor in the order: the reply is about its lines (whether its sender is trusted is
  // decided next). Several: the sender decides.
  const candidates = byMail.length <= 1 ? byMail : byMail.filter((v) => isListedSender(sendersOf(v.adapterSettings), reply.from));
  if (candidates.length !== 1) return { target: null, orderNumbers: [orderNumber], reason: byMail.length === 0 ? 'unmatched' : 'ambiguous_vendor' };
  return { target: toTarget(orderNumber, order, candidates[0]!) };
}

export interface LineCapacity {
  id: string;
  lineNo: number;
  partNumber: string;
  quantity: number;
  stored: number;
}

/**
 * Places keys on the vendor's lines of the order: a key naming a part number goes to that line,
 * the rest fill the lines in order. Keys already stored are skipped; keys beyond what was ordered
 * are returned as surplus, for staff.
 */
export function assignKeys<K extends OfferedKey>(keys: readonly K[], lines: readonly LineCapacity[], known: (key: string) => boolean) {
  const room = new Map(lines.map((l) => [l.id, l.quantity - l.stored]));
  const placed: Array<{ lineId: string; key: K }> = [];
  const surplus: K[] = [];
  let alreadyStored = 0;
  const take = (lineId: string, key: K) => {
    room.set(lineId, room.get(lineId)! - 1);
    placed.push({ lineId, key });
  };
  const unplaced: K[] = [];
  for (const key of keys) {
    if (known(key.key)) {
      alreadyStored++;
      continue;
    }
    const wanted = key.partNumber ? normalizePartNumber(key.partNumber) : null;
    const line = wanted ? lines.find((l) => normalizePartNumber(l.partNumber) === wanted && room.get(l.id)! > 0) : undefined;
    if (line) take(line.id, key);
    else unplaced.push(key);
  }
  for (const key of unplaced) {
    const line = lines.find((l) => room.get(l.id)! > 0);
    if (line) take(line.id, key);
    else surplus.push(key);
  }
  return { placed, surplus, alreadyStored };
}
