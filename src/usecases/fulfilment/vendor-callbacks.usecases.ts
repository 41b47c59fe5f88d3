/**
 * What an API vendor's callback ("the order is ready") is about: the vendor (an API vendor only)
 * and its part of one of our orders. The callback only wakes the fulfilment; keys are still
 * fetched with our bearer token.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orders, vendorOrders, vendors } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { UseCaseError } from '../errors';

/** The API vendor with this code (upper case); any other is "not found". */
export async function apiVendorForCallback(db: Db, vendorCode: string) {
  const [vendor] = await db.select().from(vendors).where(and(eq(vendors.code, vendorCode), eq(vendors.adapterKind, 'api')));
  if (!vendor) throw new UseCaseError(404, 'VENDOR_NOT_FOUND', ru.vendorCallbacks.unknownVendor(vendorCode));
  return vendor;
}

/**
 * The vendor's part of an order the callback names: known by the vendor's order id; or, if the
 * callback beat our record of the placement, by our order number. A vendor order id of another
 * of our orders is refused (409).
 */
export async function calledBackVendorOrder(db: Db, vendor: { id: number; code: string }, callback: { orderId: string; partnerOrderRef: string }) {
  const [found] = await db
    .select({ orderNumber: orders.orderNumber, vendorOrderId: vendorOrders.vendorOrderId, status: vendorOrders.status })
    .from(vendorOrders)
    .innerJoin(orders, eq(orders.id, vendorOrders.orderId))
    .where(
      and(
        eq(vendorOrders.vendorId, vendor.id),
        or(eq(vendorOrders.vendorOrderId, callback.orderId), and(isNull(vendorOrders.vendorOrderId), eq(orders.orderNumber, callback.partnerOrderRef))),
      ),
    )
    .limit(1);
  if (!found) throw new UseCaseError(404, 'VENDOR_ORDER_NOT_FOUND', ru.vendorCallbacks.orderNotFound(vendor.code, callback.orderId, callback.partnerOrderRef));
  if (found.orderNumber !== callback.partnerOrderRef) {
    throw new UseCaseError(409, 'ORDER_REF_MISMATCH', ru.vendorCallbacks.refMismatch(callback.orderId, callback.partnerOrderRef, found.orderNumber));
  }
  return found;
}
