import type { dealers, orderLines } from '../../../db/schema';
import type { VatMode } from '../../domain/vat';

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

/**
 * Product lines as 1C registers them, amounts in kopecks. `vatMode` is explicit on every line:
 * `exempt` is «Без НДС» (Tax Code art. 149), which 1C posts differently from a 0% rate, so a
 * consumer never infers it from `vatBasisPoints` (0 for an exempt line).
 */
export const onecLines = (lines: ReadonlyArray<typeof orderLines.$inferSelect>) =>
  lines.map((l) => ({
    lineNo: l.lineNo,
    partNumber: l.partNumber,
    name: l.productName,
    quantity: l.quantity,
    unitPriceKopecks: l.unitPriceKopecks,
    netKopecks: l.netKopecks,
    vatMode: l.vatMode,
    vatBasisPoints: l.vatBasisPoints,
    vatKopecks: l.vatKopecks,
    grossKopecks: l.grossKopecks,
  }));

/**
 * A month's consolidated invoice for 1C: one line per order and VAT mode and rate, so that every
 * line has exactly one VAT mode (an order mixing exempt and taxed products gives two lines).
 */
export function onecConsolidatedLines(
  billed: ReadonlyArray<{ id: string; orderNumber: string; shippedAt: Date | null }>,
  lines: ReadonlyArray<Pick<typeof orderLines.$inferSelect, 'orderId' | 'vatMode' | 'vatBasisPoints' | 'netKopecks' | 'vatKopecks' | 'grossKopecks'>>,
) {
  const out: Array<{ lineNo: number; orderNumber: string; shippedAt: Date | null; vatMode: VatMode; vatBasisPoints: number; netKopecks: number; vatKopecks: number; grossKopecks: number }> = [];
  for (const order of billed) {
    const groups = new Map<string, (typeof out)[number]>();
    for (const line of lines.filter((l) => l.orderId === order.id)) {
      const key = `${line.vatMode}/${line.vatBasisPoints}`;
      const group = groups.get(key) ?? { lineNo: 0, orderNumber: order.orderNumber, shippedAt: order.shippedAt, vatMode: line.vatMode, vatBasisPoints: line.vatBasisPoints, netKopecks: 0, vatKopecks: 0, grossKopecks: 0 };
      group.netKopecks += line.netKopecks;
      group.vatKopecks += line.vatKopecks;
      group.grossKopecks += line.grossKopecks;
      groups.set(key, group);
    }
    for (const group of [...groups.values()].sort((a, b) => (a.vatMode === b.vatMode ? a.vatBasisPoints - b.vatBasisPoints : a.vatMode < b.vatMode ? -1 : 1))) {
      out.push({ ...group, lineNo: out.length + 1 });
    }
  }
  return out;
}
