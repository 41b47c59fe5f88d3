import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { licenses, orderLines, orders, products, vendorOrders, vendors } from '../../../db/schema';
import { termFromShipment } from '../../domain/license-term';
import { orderLog } from '../../infra/order-log';
import { signalIfRunning } from '../../infra/signal-if-running';
import { licenseRenewalWorkflowId, licenseRenewedSignal, licenseRenewalWorkflowType, type LicenseRenewalWorkflow } from '../../workflows/licenses/license-renewal.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import type { ActivityDeps } from '../deps';

/**
 * The number a renewal of this line will quote. An API vendor's order id is the vendor's own
 * reference, so it is used when the vendor gave one; an order with several lines for that vendor
 * adds the line number, so each licence has its own. E-mail and manual vendors give SID no
 * number (their vendor-order id is our request's Message-ID), so the licence is known by the
 * stable SID reference `<orderNumber>-<lineNo>`.
 */
export function licenseNumberFor(line: { lineNo: number; orderNumber: string; vendorOrderId: string | null; linesOfVendor: number }): string {
  if (!line.vendorOrderId) return `${line.orderNumber}-${line.lineNo}`;
  return line.linesOfVendor > 1 ? `${line.vendorOrderId}-${line.lineNo}` : line.vendorOrderId;
}

interface EndUserJson {
  name?: string;
  inn?: string;
}

/** Delivered licences with a term, and the renewal process of each. */
export function createLicenseActivities({ db, temporal }: ActivityDeps) {
  async function startRenewal(license: { id: string; endsOn: string }) {
    try {
      await temporal.workflow.start<LicenseRenewalWorkflow>(licenseRenewalWorkflowType, {
        taskQueue: ORDER_TASK_QUEUE,
        workflowId: licenseRenewalWorkflowId(license.id),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ licenseId: license.id, endsOn: license.endsOn }],
      });
    } catch (err) {
      // A retried activity finds the process it started the first time.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  return {
    /**
     * A shipped order's licences: one row per line whose product has a term (start: the Moscow
     * shipping date), each with its renewal workflow started. A line that renews a licence marks
     * that licence renewed and tells its workflow. Safe to run twice: rows are unique per order
     * line, workflow ids per licence, and a licence already renewed by this order is told again.
     */
    async recordLicenses(input: { orderId: string }): Promise<{ recorded: number; renewed: number }> {
      const [order] = await db
        .select({ id: orders.id, orderNumber: orders.orderNumber, dealerId: orders.dealerId, shippedAt: orders.shippedAt, endUser: orders.endUser })
        .from(orders)
        .where(eq(orders.id, input.orderId));
      if (!order) throw ApplicationFailure.nonRetryable(`order ${input.orderId} does not exist`);
      // The order workflow records the shipping time just before; a missing one means "now".
      const shippedAt = order.shippedAt ?? new Date();
      const endUser = (order.endUser ?? {}) as EndUserJson;
      const lines = await db
        .select({ line: orderLines, termMonths: products.licenseTermMonths, adapterKind: vendors.adapterKind, vendorOrderId: vendorOrders.vendorOrderId })
        .from(orderLines)
        .innerJoin(products, eq(products.id, orderLines.productId))
        .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
        .leftJoin(vendorOrders, and(eq(vendorOrders.orderId, orderLines.orderId), eq(vendorOrders.vendorId, orderLines.vendorId)))
        .where(eq(orderLines.orderId, order.id))
        .orderBy(orderLines.lineNo);
      const termed = lines.filter((l) => l.termMonths !== null && l.termMonths > 0);
      if (termed.length > 0) {
        await db
          .insert(licenses)
          .values(
            termed.map(({ line: { id: orderLineId, lineNo, vendorId, productId, partNumber, quantity }, termMonths, adapterKind, vendorOrderId }) => ({
              orderLineId,
              dealerId: order.dealerId,
              productId,
              partNumber,
              quantity,
              endUserName: endUser.name ?? null,
              endUserInn: endUser.inn ?? null,
              licenseNumber: licenseNumberFor({
                lineNo,
                orderNumber: order.orderNumber,
                vendorOrderId: adapterKind === 'api' ? vendorOrderId : null,
                linesOfVendor: lines.filter((l) => l.line.vendorId === vendorId).length,
              }),
              ...termFromShipment(shippedAt, termMonths!),
            })),
          )
          .onConflictDoNothing({ target: licenses.orderLineId });
      }
      const recorded = termed.length === 0 ? [] : await db.select().from(licenses).where(inArray(licenses.orderLineId, termed.map((l) => l.line.id)));
      for (const license of recorded) await startRenewal(license);

      // Renewal lines: the licence they quote (same dealer, not this order's own) is renewed by this order.
      const previousNumbers = lines.filter((l) => l.line.licenseType === 'renewal' && l.line.previousLicenseNumber).map((l) => l.line.previousLicenseNumber!);
      if (previousNumbers.length > 0) {
        await db
          .update(licenses)
          .set({ status: 'renewed', renewedByOrderId: order.id })
          .where(
            and(
              eq(licenses.dealerId, order.dealerId),
              inArray(licenses.licenseNumber, previousNumbers),
              inArray(licenses.status, ['active', 'lapsed']),
              notInArray(licenses.orderLineId, lines.map((l) => l.line.id)),
            ),
          );
      }
      const renewed = await db.select({ id: licenses.id }).from(licenses).where(eq(licenses.renewedByOrderId, order.id));
      for (const { id } of renewed) {
        await signalIfRunning(temporal, licenseRenewalWorkflowId(id), (handle) => handle.signal(licenseRenewedSignal, { orderNumber: order.orderNumber }));
      }
      if (recorded.length + renewed.length > 0) orderLog(order.orderNumber).info('licences recorded', { recorded: recorded.length, renewed: renewed.length });
      return { recorded: recorded.length, renewed: renewed.length };
    },

    /** The term ended with no renewal: lapsed, unless a renewal was recorded meanwhile (then false). */
    async markLicenseLapsed(input: { licenseId: string }): Promise<{ lapsed: boolean }> {
      const [row] = await db.select({ status: licenses.status }).from(licenses).where(eq(licenses.id, input.licenseId));
      if (!row) throw ApplicationFailure.nonRetryable(`licence ${input.licenseId} does not exist`);
      if (row.status === 'renewed') return { lapsed: false };
      await db.update(licenses).set({ status: 'lapsed' }).where(and(eq(licenses.id, input.licenseId), eq(licenses.status, 'active')));
      return { lapsed: true };
    },
  };
}
