/**
 * Loads one dealer's statement for a period from the database: read by the API (downloads, the
 * summary) and by the mail activity, so both print the same figures.
 */
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, invoices, payments } from '../../../db/schema';
import { reconcile, type Period } from '../../domain/reconciliation';
import type { Supplier } from '../../infra/supplier';
import { dealerAsParty, supplierAsParty } from './document-sources';
import type { ReconciliationDocument } from './reconciliation.model';
import { headPosition } from './reconciliation.texts.ru';

export type DealerRow = typeof dealers.$inferSelect;

/**
 * The dealer's invoices and the payments SID tied to them. Everything up to the period's end is
 * read (the opening balance needs the whole history), nothing after it; the domain decides what counts.
 */
export async function loadReconciliation(db: Db, supplier: Supplier, dealer: DealerRow, period: Period, date: string): Promise<ReconciliationDocument> {
  const invoiceRows = await db
    .select({ number: invoices.number, date: invoices.numberDate, amountKopecks: invoices.amountKopecks, status: invoices.status })
    .from(invoices)
    .where(and(eq(invoices.dealerId, dealer.id), lte(invoices.numberDate, period.to)));
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
    .where(and(eq(invoices.dealerId, dealer.id), lte(payments.paidOn, period.to)));
  return {
    date,
    supplier: supplierAsParty(supplier),
    buyer: dealerAsParty(dealer),
    supplierSignatory: { position: supplier.directorPosition, name: supplier.director },
    buyerSignatory: { position: headPosition(dealer.legalForm), name: dealer.director },
    statement: reconcile(period, invoiceRows, paymentRows),
  };
}

export async function findDealer(db: Db, dealerId: string): Promise<DealerRow | undefined> {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, dealerId));
  return dealer;
}
