import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { orderLines } from '../../db/schema';
import { orderLinesAsDocumentLines } from '../../src/usecases/documents/document-sources';
import { checkActModel, checkInvoiceModel, type ActModel, type PartyRequisites } from '../../src/documents/documents.model';
import { buildUpdModel } from '../../src/documents/upd.model';
import { renderUpdXml } from '../../src/documents/upd.xml';
import { formatMinorDecimal } from '../../src/domain/money';
import { reconcile } from '../../src/domain/reconciliation';
import { creditExposure } from '../../src/domain/settlement';
import { priceLine, sumLines } from '../../src/domain/pricing';
import { onecConsolidatedLines, onecLines } from '../../src/usecases/billing/onec-payload';

/**
 * Issue 16's agreement, as a property over the pure rules every path shares: for random orders
 * over all schemes' documents, both VAT modes and both currencies, the priced order, its invoice
 * and act models, the УПД (its model and its XML), the 1C payloads (per order and consolidated), and the statement and credit
 * exposure built from the acts and payments agree to the kopeck.
 */
const party: PartyRequisites = { name: 'ООО «Тест»', inn: '7707083893', kpp: '770701001', address: 'Москва', bankName: 'Банк', bik: '044525974', correspondentAccount: '30101810145250000974', settlementAccount: '40702810210000054321', director: 'Иванов Иван Иванович' };

const lineArb = fc.record({
  currency: fc.constantFrom('RUB' as const, 'USD' as const),
  vatMode: fc.constantFrom('standard' as const, 'exempt' as const),
  // Up to 1 000 000 per unit: a line of 5 000 at a dollar price stays well inside exact integers.
  listPriceMinor: fc.integer({ min: 1, max: 1_000_000_00 }),
  quantity: fc.integer({ min: 1, max: 5_000 }),
});
const orderArb = fc.array(lineArb, { minLength: 1, maxLength: 5 });
// A day of December 2026 for each document, and 7 December as the pricing day (it picks the VAT
// rate): fixed, because these rules are pure and compare dates only with each other.
const dayArb = fc.integer({ min: 1, max: 28 }).map((d) => `2026-12-${String(d).padStart(2, '0')}`);

type OrderLineRow = typeof orderLines.$inferSelect;

describe('accounting agreement (property)', () => {
  it('order, invoice, act, 1C payloads, statement and credit exposure agree to the kopeck', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lines: orderArb, shippedOn: dayArb, paidShare: fc.integer({ min: 0, max: 100 }), paidOn: dayArb }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 50_0000, max: 150_0000 }),
        (orders, scaledRate) => {
          const rubPerUsd = BigInt(scaledRate);
          const priced = orders.map((order, o) => {
            const lines = order.lines.map((l, i) => ({ ...priceLine({ partNumber: `P-${o}-${i}`, ...l }, rubPerUsd, '2026-12-07'), quantity: l.quantity }));
            const totals = sumLines(lines);
            const rows = lines.map(
              (l, i) =>
                ({
                  id: `${o}-${i}`,
                  orderId: `order-${o}`,
                  lineNo: i + 1,
                  partNumber: `P-${o}-${i}`,
                  productName: 'Лицензия',
                  quantity: l.quantity,
                  unitPriceKopecks: l.unitPriceKopecks,
                  netKopecks: l.netKopecks,
                  vatBasisPoints: l.vatBasisPoints,
                  vatMode: l.vatMode,
                  vatKopecks: l.vatKopecks,
                  grossKopecks: l.grossKopecks,
                  grossCents: l.grossCents,
                }) as OrderLineRow,
            );
            return { ...order, orderNumber: `SID-${o}`, id: `order-${o}`, lines, totals, rows };
          });

          for (const order of priced) {
            // The order's two currencies add up line by line.
            expect(order.totals.grossKopecks).toBe(order.totals.netKopecks + order.totals.vatKopecks);
            expect(order.totals.grossCents).toBe(order.lines.reduce((s, l) => s + l.grossCents, 0));
            // The invoice and the act print exactly what was priced (the models check their arithmetic).
            const documentLines = orderLinesAsDocumentLines(order.rows);
            const header = { number: 'N-1', date: '2026-12-07', supplier: party, buyer: party };
            expect(() => checkInvoiceModel({ ...header, lines: documentLines, totals: order.totals, chiefAccountant: 'Петрова А. А.' })).not.toThrow();
            const act: ActModel = { ...header, lines: documentLines, totals: order.totals, scope: { kind: 'order', orderNumber: order.orderNumber, orderDate: '2026-12-07' }, supplierSignatory: { position: 'Директор', name: 'Сидоров Петр Петрович' }, buyerSignatory: { position: 'Директор', name: 'Иванов Иван Иванович' } };
            expect(() => checkActModel(act)).not.toThrow();
            // The УПД carries the act's lines and totals: status 1 where any line has VAT, 2 for exempt only.
            const upd = buildUpdModel({ act, guid: '3f2b8c4e-9d1a-4e6b-8f0c-2a7d5e9b1c34', chiefAccountant: 'Петрова Анна Андреевна' });
            expect(upd.totals).toEqual(order.totals);
            expect(upd.status).toBe(order.rows.some((r) => r.vatMode === 'standard') ? 1 : 2);
            const xml = new TextDecoder('windows-1251').decode(renderUpdXml(upd).content);
            expect(xml).toContain(`СтТовУчНалВсего="${formatMinorDecimal(order.totals.grossKopecks)}"`);
            expect(xml).toContain(`СтТовБезНДСВсего="${formatMinorDecimal(order.totals.netKopecks)}"`);
            // The 1C payload: every line names its VAT mode, and an exempt line is never a 0% rate in disguise.
            const payload = onecLines(order.rows);
            expect(payload.reduce((s, l) => s + l.grossKopecks, 0)).toBe(order.totals.grossKopecks);
            for (const line of payload) {
              expect(line.vatMode === 'exempt').toBe(line.vatBasisPoints === 0);
              if (line.vatMode === 'exempt') expect(line.vatKopecks).toBe(0);
            }
          }

          // A monthly consolidated invoice: one line per order and VAT mode, the same totals.
          const consolidated = onecConsolidatedLines(
            priced.map((o) => ({ id: o.id, orderNumber: o.orderNumber, shippedAt: null })),
            priced.flatMap((o) => o.rows),
          );
          for (const key of ['netKopecks', 'vatKopecks', 'grossKopecks'] as const) {
            expect(consolidated.reduce((s, l) => s + l[key], 0)).toBe(priced.reduce((s, o) => s + o.totals[key], 0));
          }
          expect(consolidated.map((l) => l.lineNo)).toEqual(consolidated.map((_, i) => i + 1));
          for (const order of priced) {
            expect(consolidated.filter((l) => l.orderNumber === order.orderNumber).map((l) => l.vatMode).sort()).toEqual([...new Set(order.rows.map((r) => r.vatMode))].sort());
          }

          // The books: acts are the debit, payments the credit; the statement's closing balance is
          // what the balance page shows and, with nothing left unshipped, what the credit check counts.
          const shipments = priced.map((o, i) => ({ number: `А-${i}`, date: o.shippedOn, amountKopecks: o.totals.grossKopecks, orderNumber: o.orderNumber }));
          const paid = priced.map((o, i) => ({ paidOn: o.paidOn, amountKopecks: Math.floor((o.totals.grossKopecks * o.paidShare) / 100), paymentOrderNumber: `${i}`, invoiceNumber: `СЧ-${i}`, status: 'applied' }));
          const statement = reconcile({ from: '2026-12-01', to: '2026-12-31' }, shipments, paid);
          const shipped = priced.reduce((s, o) => s + o.totals.grossKopecks, 0);
          const received = paid.reduce((s, p) => s + p.amountKopecks, 0);
          expect(statement).toMatchObject({ openingKopecks: 0, debitKopecks: shipped, creditKopecks: received, closingKopecks: shipped - received });
          expect(creditExposure({ balanceKopecks: statement.closingKopecks, unshippedKopecks: 0 })).toBe(Math.max(0, shipped - received));
        },
      ),
      { numRuns: 200 },
    );
  });
});
