import { Context } from '@temporalio/activity';
import { ApplicationFailure, msOptionalToNumber, msToNumber } from '@temporalio/common';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { licenseKeys, orderLines, orders, vendorOrders, vendors } from '../../../db/schema';
import { orderLog } from '../../infra/order-log';
import type { FulfillmentLine } from '../../workflows/orders/order.contract';
import type { ActivityDeps } from '../deps';
import { apiAdapterSettingsSchema } from '../../usecases/vendors/adapter-settings';
import { createVendorApiClient, parseVendorApiSecrets } from '../../infra/vendor-api-client';
import { completeVendorOrder, markVendorOrderPlaced, openVendorOrder } from '../../usecases/fulfilment/vendor-orders.usecases';

/** The idempotency key of one order's purchase from one vendor: a retried placement buys nothing twice. */
export const vendorIdempotencyKey = (orderNumber: string, vendorCode: string) => `sid:${orderNumber}:${vendorCode}`;

/** Where a vendor announces that an order is ready (src/api/vendors/callback.routes.ts). */
export const vendorCallbackUrl = (publicUrl: string, vendorCode: string) => `${publicUrl}/api/vendor-callbacks/${encodeURIComponent(vendorCode)}`;

/**
 * A vendor's Retry-After is a floor, not a ceiling: Temporal waits for it, or for the retry
 * policy's own back-off at this attempt if that is longer, so a vendor saying "1 s" every time
 * is not polled every second.
 */
async function atLeastPolicyBackoff<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApplicationFailure) || err.nextRetryDelay == null) throw err;
    const { retryPolicy, attempt } = Context.current().info;
    const initial = msOptionalToNumber(retryPolicy?.initialInterval) ?? 1_000;
    const maximum = msOptionalToNumber(retryPolicy?.maximumInterval) ?? 100 * initial;
    const policyDelay = Math.min(initial * (retryPolicy?.backoffCoefficient ?? 2) ** (attempt - 1), maximum);
    if (msToNumber(err.nextRetryDelay) >= policyDelay) throw err;
    throw ApplicationFailure.create({ message: err.message, ...(err.type ? { type: err.type } : {}), details: [...(err.details ?? [])], nextRetryDelay: policyDelay });
  }
}

export function createVendorApiActivities({ db, keyCipher, publicUrl: base }: ActivityDeps) {
  const publicUrl = base.replace(/\/$/, '');
  async function clientFor(vendorId: number) {
    const [vendor] = await db.select().from(vendors).where(eq(vendors.id, vendorId));
    if (!vendor) throw ApplicationFailure.nonRetryable(`vendor ${vendorId} does not exist`);
    const settings = apiAdapterSettingsSchema.safeParse(vendor.adapterSettings);
    if (!settings.success || !vendor.adapterSecretEncrypted) {
      throw ApplicationFailure.nonRetryable(`vendor ${vendor.code} has no valid api adapter settings (baseUrl and token)`);
    }
    const secrets = parseVendorApiSecrets(keyCipher.decrypt(vendor.adapterSecretEncrypted));
    return { client: createVendorApiClient({ baseUrl: settings.data.baseUrl, token: secrets.token, ...(settings.data.timeoutMs ? { timeoutMs: settings.data.timeoutMs } : {}) }), callbacks: secrets.callbackSecret !== undefined };
  }
  async function orderNumberOfVendorOrder(vendorId: number, vendorOrderId: string): Promise<string> {
    const [row] = await db
      .select({ orderNumber: orders.orderNumber })
      .from(vendorOrders)
      .innerJoin(orders, eq(orders.id, vendorOrders.orderId))
      .where(and(eq(vendorOrders.vendorId, vendorId), eq(vendorOrders.vendorOrderId, vendorOrderId)));
    return row?.orderNumber ?? 'unknown';
  }

  return {
    /**
     * Places the vendor order. Safe to run twice: the vendor recognises the idempotency key and
     * answers with the order it already has, and our row is keyed by the same value.
     */
    async placeVendorOrder(input: {
      orderId: string;
      orderNumber: string;
      vendorId: number;
      vendorCode: string;
      lines: FulfillmentLine[];
    }): Promise<{ vendorOrderId: string }> {
      const idempotencyKey = vendorIdempotencyKey(input.orderNumber, input.vendorCode);
      await openVendorOrder(db, { orderId: input.orderId, vendorId: input.vendorId, idempotencyKey, status: 'placing' });
      const [order] = await db.select({ endUser: orders.endUser }).from(orders).where(eq(orders.id, input.orderId));
      const { client, callbacks } = await clientFor(input.vendorId);
      // Only a vendor whose callbacks we can verify is told where to send them.
      const placed = await atLeastPolicyBackoff(() =>
        client.placeOrder({
          idempotencyKey,
          partnerOrderRef: input.orderNumber,
          endUser: (order?.endUser as Record<string, unknown> | null) ?? null,
          items: input.lines.map((l) => ({ lineRef: l.orderLineId, sku: l.partNumber, quantity: l.quantity })),
          ...(callbacks ? { callbackUrl: vendorCallbackUrl(publicUrl, input.vendorCode) } : {}),
        }),
      );
      await markVendorOrderPlaced(db, idempotencyKey, placed.orderId);
      orderLog(input.orderNumber, { vendorCode: input.vendorCode }).info('vendor order placed', { vendorOrderId: placed.orderId });
      return { vendorOrderId: placed.orderId };
    },

    /**
     * Reads the vendor order; once the licenses are issued, stores them encrypted (a key seen
     * before is recognised by its fingerprint and not stored twice). Keys never enter workflow history.
     */
    async collectVendorKeys(input: {
      /** For the log; absent from polls scheduled before it was passed, then read from the vendor order. */
      orderNumber?: string;
      vendorId: number;
      vendorOrderId: string;
      lines: FulfillmentLine[];
    }): Promise<{ state: 'processing' | 'completed'; keyCount: number }> {
      const { client } = await clientFor(input.vendorId);
      const vendorOrder = await atLeastPolicyBackoff(() => client.getOrder(input.vendorOrderId));
      if (vendorOrder.status === 'rejected') {
        throw ApplicationFailure.nonRetryable(`vendor rejected order ${input.vendorOrderId}: ${vendorOrder.reason ?? 'no reason given'}`, 'VendorRejected');
      }
      if (vendorOrder.status === 'processing') return { state: 'processing', keyCount: 0 };

      const expected = new Map(input.lines.map((l) => [l.orderLineId, l]));
      const rows: Array<typeof licenseKeys.$inferInsert> = [];
      for (const item of vendorOrder.items) {
        const line = expected.get(item.lineRef);
        if (!line) throw ApplicationFailure.nonRetryable(`vendor order ${input.vendorOrderId} has an item for unknown line ${item.lineRef}`);
        if (item.licenses.length !== line.quantity) {
          throw ApplicationFailure.nonRetryable(
            `vendor order ${input.vendorOrderId} issued ${item.licenses.length} keys for ${line.partNumber}, ${line.quantity} ordered`,
          );
        }
        for (const license of item.licenses) {
          rows.push({
            orderLineId: line.orderLineId,
            keyEncrypted: keyCipher.encrypt(license.key),
            keyFingerprint: keyCipher.fingerprint(license.key),
            source: 'vendor_api',
          });
        }
      }
      const missing = input.lines.filter((l) => !vendorOrder.items.some((i) => i.lineRef === l.orderLineId));
      if (missing.length > 0) {
        throw ApplicationFailure.nonRetryable(`vendor order ${input.vendorOrderId} has no keys for ${missing.map((l) => l.partNumber).join(', ')}`);
      }
      await db.transaction(async (tx) => {
        if (rows.length > 0) await tx.insert(licenseKeys).values(rows).onConflictDoNothing();
        await completeVendorOrder(tx, input.vendorId, input.vendorOrderId);
      });
      const [stored] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(licenseKeys)
        .innerJoin(orderLines, eq(orderLines.id, licenseKeys.orderLineId))
        .where(inArray(orderLines.id, input.lines.map((l) => l.orderLineId)));
      const orderNumber = input.orderNumber ?? (await orderNumberOfVendorOrder(input.vendorId, input.vendorOrderId));
      orderLog(orderNumber, { vendorId: input.vendorId }).info('vendor keys collected', { vendorOrderId: input.vendorOrderId, keyCount: stored?.count ?? 0 });
      return { state: 'completed', keyCount: stored?.count ?? 0 };
    },
  };
}
