/**
 * The only place a vendor order (SID's record of what it asked one vendor for one order) is opened
 * or changes state. Keyed by the idempotency key derived from order and vendor, so every step may
 * run twice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { vendorOrders } from '../../../db/schema';
import type { VendorOrderStatus } from '../../domain/fulfilment';

export type VendorOrderRow = typeof vendorOrders.$inferSelect;

/**
 * Opens the vendor order in its first state for the adapter, or finds the one a first run opened.
 * `manual` takes over whatever state it had: staff switched the vendor to typed keys.
 */
export async function openVendorOrder(
  db: DbOrTx,
  input: { orderId: string; vendorId: number; idempotencyKey: string; status: Extract<VendorOrderStatus, 'placing' | 'requested' | 'manual'> },
): Promise<VendorOrderRow> {
  const insert = db.insert(vendorOrders).values(input);
  await (input.status === 'manual'
    ? insert.onConflictDoUpdate({ target: vendorOrders.idempotencyKey, set: { status: 'manual' } })
    : insert.onConflictDoNothing({ target: vendorOrders.idempotencyKey }));
  const [row] = await db.select().from(vendorOrders).where(eq(vendorOrders.idempotencyKey, input.idempotencyKey));
  return row!;
}

/** The vendor's API took the order under its own id. */
export async function markVendorOrderPlaced(db: DbOrTx, idempotencyKey: string, vendorOrderId: string): Promise<void> {
  await db
    .update(vendorOrders)
    .set({ vendorOrderId, status: 'placed', placedAt: sql`coalesce(${vendorOrders.placedAt}, now())` })
    .where(eq(vendorOrders.idempotencyKey, idempotencyKey));
}

/** Request letter number `attempt` went to an e-mail vendor; the first letter's Message-ID stands for the order. */
export async function recordVendorRequestSent(db: DbOrTx, idempotencyKey: string, attempt: number, messageId: string): Promise<void> {
  await db
    .update(vendorOrders)
    .set({
      requestsSent: sql`greatest(${vendorOrders.requestsSent}, ${attempt})`,
      vendorOrderId: sql`coalesce(${vendorOrders.vendorOrderId}, ${messageId})`,
      placedAt: sql`coalesce(${vendorOrders.placedAt}, now())`,
    })
    .where(eq(vendorOrders.idempotencyKey, idempotencyKey));
}

/** Every key of the vendor order is stored (call it in the transaction that stores them). */
export async function completeVendorOrder(db: DbOrTx, vendorId: number, vendorOrderId: string): Promise<void> {
  await db
    .update(vendorOrders)
    .set({ status: 'completed', completedAt: sql`coalesce(${vendorOrders.completedAt}, now())` })
    .where(and(eq(vendorOrders.vendorId, vendorId), eq(vendorOrders.vendorOrderId, vendorOrderId)));
}
