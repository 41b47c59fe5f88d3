/**
 * Loads one dealer's statement for a period from the database: read by the API (downloads, the
 * summary) and by the mail activity, so both print the same figures.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers } from '../../../db/schema';
import type { Period } from '../../domain/reconciliation';
import { dealerStatement } from '../billing/dealer-ledger.usecases';
import type { Supplier } from '../../infra/supplier';
import { dealerAsParty, supplierAsParty } from './document-sources';
import type { ReconciliationDocument } from '../../documents/reconciliation.model';
import { headPosition } from '../../locale/reconciliation.ru';
import { contractBasis } from '../../locale/documents.ru';

export type DealerRow = typeof dealers.$inferSelect;

/**
 * The dealer's statement for the period by the one ledger query the balance page and the credit
 * check read too (src/usecases/billing/dealer-ledger.usecases.ts), with the parties around it.
 */
export async function loadReconciliation(db: Db, supplier: Supplier, dealer: DealerRow, period: Period, date: string): Promise<ReconciliationDocument> {
  const statement = await dealerStatement(db, dealer.id, period);
  return {
    date,
    supplier: supplierAsParty(supplier),
    buyer: dealerAsParty(dealer),
    supplierSignatory: { position: supplier.directorPosition, name: supplier.director },
    buyerSignatory: { position: headPosition(dealer.legalForm), name: dealer.director },
    ...(contractBasis(dealer) ? { basis: contractBasis(dealer)! } : {}),
    statement,
  };
}

export async function findDealer(db: Db, dealerId: string): Promise<DealerRow | undefined> {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, dealerId));
  return dealer;
}
