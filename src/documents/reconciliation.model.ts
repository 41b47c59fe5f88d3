/**
 * What the reconciliation statement prints: the figures from src/domain/reconciliation.ts with the
 * parties around them. Pure, like documents.model.ts: the PDF and the XLSX draw the same model.
 */
import type { Reconciliation } from '../domain/reconciliation';
import type { PartyRequisites, Signatory } from './documents.model';

export interface ReconciliationDocument {
  /** YYYY-MM-DD: the day the statement was drawn up (the PDF's creation date). */
  date: string;
  supplier: PartyRequisites;
  buyer: PartyRequisites;
  supplierSignatory: Signatory;
  buyerSignatory: Signatory;
  /** «Договор № … от …»: the dealer's contract, printed as the statement's basis when it has one. */
  basis?: string;
  statement: Reconciliation;
}

/** An opening or closing balance in the debit column when the dealer owes, in the credit column when it is owed. */
export function balanceColumns(balanceKopecks: number): { debitKopecks: number | null; creditKopecks: number | null } {
  if (balanceKopecks > 0) return { debitKopecks: balanceKopecks, creditKopecks: null };
  if (balanceKopecks < 0) return { debitKopecks: null, creditKopecks: -balanceKopecks };
  return { debitKopecks: null, creditKopecks: null };
}
