/**
 * The dealer's account by the books, the one query the reconciliation statement, the balance page
 * and the credit check all read: shipment documents (acts numbered by 1C) are the debt, payments
 * tied to the dealer's invoices reduce it (src/domain/reconciliation.ts decides what counts).
 */
import { and, eq, inArray, isNotNull, lte, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { acts, invoices, orders, payments } from '../../../db/schema';
import { reconcile, type Period, type Reconciliation, type ReconciliationPayment, type ReconciliationShipment } from '../../domain/reconciliation';
import { creditExposure } from '../../domain/settlement';

/** Orders that will never ship: no debt can arise from them. */
const NEVER_SHIPPED: Array<'cancelled' | 'failed'> = ['cancelled', 'failed'];

/** Every shipment document and counted payment of the dealer up to `upTo` (the opening balance needs the whole history). */
export async function loadLedger(db: DbOrTx, dealerId: string, upTo: string): Promise<{ shipments: ReconciliationShipment[]; payments: ReconciliationPayment[] }> {
  const shipments = await db
    .select({ number: acts.number, date: acts.numberDate, amountKopecks: orders.grossKopecks, orderNumber: orders.orderNumber })
    .from(acts)
    .innerJoin(orders, eq(orders.id, acts.orderId))
    .where(and(eq(acts.dealerId, dealerId), isNotNull(acts.number), lte(acts.numberDate, upTo)));
  // Joined through the invoice: a payment carries no dealer of its own, only the invoice it was applied to.
  const paymentRows = await db
    .select({
      paidOn: payments.paidOn,
      amountKopecks: payments.amountKopecks,
      paymentOrderNumber: payments.paymentOrderNumber,
      invoiceNumber: payments.invoiceNumber,
      status: payments.status,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(and(eq(invoices.dealerId, dealerId), lte(payments.paidOn, upTo)));
  return { shipments, payments: paymentRows };
}

/** The reconciliation statement of one dealer for a period. */
export async function dealerStatement(db: DbOrTx, dealerId: string, period: Period): Promise<Reconciliation> {
  const { shipments, payments: paid } = await loadLedger(db, dealerId, period.to);
  return reconcile(period, shipments, paid);
}

export interface DealerBalance {
  /** The Moscow day the balance is taken at (the closing day of a statement ending today). */
  asOf: string;
  /** Shipment documents less payments up to `asOf`; positive: the dealer owes, negative: an advance. */
  balanceKopecks: number;
  /** Credit (postpay, monthly) orders that are not under a numbered shipment document dated by `asOf` yet. */
  unshippedCreditKopecks: number;
  /** What the credit check counts: the balance plus the unshipped credit orders, never below zero. */
  outstandingCreditKopecks: number;
}

/** The dealer's balance today: the statement's closing balance for a period ending `today`, and the credit exposure on it. */
export async function dealerBalance(db: DbOrTx, dealerId: string, today: string): Promise<DealerBalance> {
  const statement = await dealerStatement(db, dealerId, { from: today, to: today });
  const [row] = await db
    .select({ kopecks: sql<string>`coalesce(sum(${orders.grossKopecks}), 0)` })
    .from(orders)
    .leftJoin(acts, eq(acts.orderId, orders.id))
    .where(
      and(
        eq(orders.dealerId, dealerId),
        inArray(orders.settlementScheme, ['postpay', 'monthly']),
        notInArray(orders.status, NEVER_SHIPPED),
        sql`(${acts.number} is null or ${acts.numberDate} > ${today})`,
      ),
    );
  const unshippedCreditKopecks = Number(row?.kopecks ?? 0);
  return {
    asOf: today,
    balanceKopecks: statement.closingKopecks,
    unshippedCreditKopecks,
    outstandingCreditKopecks: creditExposure({ balanceKopecks: statement.closingKopecks, unshippedKopecks: unshippedCreditKopecks }),
  };
}
