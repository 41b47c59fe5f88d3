import type { dealers, orderLines } from '../../../db/schema';

/** The counterparty block 1C needs to find or create the buyer: its full requisites. */
export const onecCounterparty = (dealer: typeof dealers.$inferSelect) => ({
  legalForm: dealer.legalForm,
  fullName: dealer.fullName,
  inn: dealer.inn,
  kpp: dealer.kpp,
  ogrn: dealer.ogrn,
  legalAddress: dealer.legalAddress,
  bankBik: dealer.bankBik,
  bankName: dealer.bankName,
  correspondentAccount: dealer.correspondentAccount,
  settlementAccount: dealer.settlementAccount,
});

/** Product lines as 1C registers them, amounts in kopecks. */
export const onecLines = (lines: ReadonlyArray<typeof orderLines.$inferSelect>) =>
  lines.map((l) => ({
    lineNo: l.lineNo,
    partNumber: l.partNumber,
    name: l.productName,
    quantity: l.quantity,
    unitPriceKopecks: l.unitPriceKopecks,
    netKopecks: l.netKopecks,
    vatBasisPoints: l.vatBasisPoints,
    vatKopecks: l.vatKopecks,
    grossKopecks: l.grossKopecks,
  }));
