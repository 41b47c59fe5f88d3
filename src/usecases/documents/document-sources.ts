/** Database rows as the document model wants them: shared by every document the activities print. */
import type { dealers, orderLines } from '../../../db/schema';
import type { Supplier } from '../../infra/supplier';
import type { DocumentLine, PartyRequisites } from '../../documents/documents.model';

export const supplierAsParty = (s: Supplier): PartyRequisites => ({
  name: s.name,
  inn: s.inn,
  kpp: s.kpp,
  address: s.address,
  bankName: s.bankName,
  bik: s.bik,
  correspondentAccount: s.correspondentAccount,
  settlementAccount: s.settlementAccount,
  director: s.director,
});

export const dealerAsParty = (d: typeof dealers.$inferSelect): PartyRequisites => ({
  name: d.shortName,
  inn: d.inn,
  kpp: d.kpp ?? undefined,
  address: d.legalAddress,
  bankName: d.bankName,
  bik: d.bankBik,
  correspondentAccount: d.correspondentAccount ?? undefined,
  settlementAccount: d.settlementAccount,
  director: d.director,
});

/** A priced line as orders and commercial offers keep it. */
type PricedLine = Pick<typeof orderLines.$inferSelect, 'productName' | 'partNumber' | 'quantity' | 'unitPriceKopecks' | 'netKopecks' | 'vatBasisPoints' | 'vatKopecks' | 'grossKopecks'> & { lineNo?: number };

/** The lines of a document. Licenses are counted in licenses, not pieces. */
export const orderLinesAsDocumentLines = (lines: readonly PricedLine[]): DocumentLine[] =>
  lines.map((l, i) => ({
    lineNo: l.lineNo ?? i + 1,
    name: l.productName,
    partNumber: l.partNumber,
    quantity: l.quantity,
    unit: 'лиц.',
    unitPriceKopecks: l.unitPriceKopecks,
    netKopecks: l.netKopecks,
    vatBasisPoints: l.vatBasisPoints,
    vatKopecks: l.vatKopecks,
    grossKopecks: l.grossKopecks,
  }));
