import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReconciliationPdf } from '../../src/documents/reconciliation.pdf';
import { renderReconciliationXlsx } from '../../src/documents/reconciliation.xlsx';
import { supplierAsParty } from '../../src/usecases/documents/document-sources';
import { amountInWords } from '../../src/domain/amount-in-words';
import {
  checkPeriod,
  nextDay,
  quarterStart,
  reconcile,
  type ReconciliationShipment,
  type ReconciliationPayment,
} from '../../src/domain/reconciliation';
import { loadSupplier } from '../../src/infra/supplier';
import { readXlsx } from '../../src/infra/xlsx';
import { pdfText } from '../support/pdf-text';

const act = (number: string | null, date: string | null, amountKopecks: number, orderNumber = `SID-${number}`): ReconciliationShipment => ({ number, date, amountKopecks, orderNumber });
const payment = (invoiceNumber: string, paidOn: string, amountKopecks: number, paymentOrderNumber: string, status = 'applied'): ReconciliationPayment => ({
  invoiceNumber,
  paidOn,
  amountKopecks,
  paymentOrderNumber,
  status,
});

describe('reconciliation statement', () => {
  // Acts of transfer of rights (the shipment documents); an act 1C has not numbered yet is no debt.
  const shipments = [
    act('А-1', '2026-09-20', 100_000_00),
    act('А-2', '2026-10-05', 50_000_50),
    act('А-3', '2026-10-05', 12_345),
    act(null, null, 999_00, 'SID-unnumbered'),
    act('А-6', '2026-12-01', 5_00),
  ];
  const payments = [
    payment('СЧ-1', '2026-09-25', 60_000_00, '11'),
    payment('СЧ-1', '2026-10-01', 40_000_00, '12'),
    payment('СЧ-2', '2026-10-05', 20_000_00, '13'),
    payment('СЧ-2', '2026-10-06', 1_00, '14', 'cancelled'),
    // Paid after the invoice was annulled: the money arrived, so it counts (an advance); no act for it.
    payment('СЧ-4', '2026-11-10', 7_777_77, '15', 'queued'),
    payment('СЧ-6', '2026-12-02', 5_00, '16'),
  ];

  it('opens with everything before the period and closes with the period added, to the kopeck', () => {
    const s = reconcile({ from: '2026-10-01', to: '2026-11-30' }, shipments, payments);
    // Before 1 October: act А-1 (100 000,00) less the first payment (60 000,00).
    expect(s.openingKopecks).toBe(40_000_00);
    expect(s.rows.map((r) => [r.date, r.kind, r.kind === 'shipment' ? r.documentNumber : r.invoiceNumber])).toEqual([
      ['2026-10-01', 'payment', 'СЧ-1'],
      // The same day: shipments first, then the payment, each by number.
      ['2026-10-05', 'shipment', 'А-2'],
      ['2026-10-05', 'shipment', 'А-3'],
      ['2026-10-05', 'payment', 'СЧ-2'],
      ['2026-11-10', 'payment', 'СЧ-4'],
    ]);
    expect(s.debitKopecks).toBe(50_000_50 + 12_345);
    expect(s.creditKopecks).toBe(40_000_00 + 20_000_00 + 7_777_77);
    expect(s.closingKopecks).toBe(40_000_00 + 50_000_50 + 12_345 - 40_000_00 - 20_000_00 - 7_777_77);
    expect(s.closingKopecks).toBe(s.openingKopecks + s.debitKopecks - s.creditKopecks);
    expect(s.debtor).toBe('dealer');
  });

  it('leaves out unnumbered acts and cancelled payments', () => {
    const s = reconcile({ from: '2026-01-01', to: '2026-11-30' }, shipments, payments);
    const numbers = s.rows.flatMap((r) => (r.kind === 'shipment' ? [r.documentNumber] : []));
    expect(numbers).toEqual(['А-1', 'А-2', 'А-3']);
    expect(s.rows.filter((r) => r.kind === 'payment' && r.paymentOrderNumber === '14')).toEqual([]);
  });

  it('a prepayment before shipment is an advance until the act; a payment invoice alone is no debt', () => {
    // Paid on 3 November against invoice СЧ-7, shipped under act А-7 of 10 November.
    const paid = [payment('СЧ-7', '2026-11-03', 2_500_00, '7')];
    const beforeAct = reconcile({ from: '2026-11-01', to: '2026-11-09' }, [act('А-7', '2026-11-10', 2_500_00)], paid);
    expect(beforeAct).toMatchObject({ debitKopecks: 0, creditKopecks: 2_500_00, closingKopecks: -2_500_00, debtor: 'supplier' });
    const afterAct = reconcile({ from: '2026-11-10', to: '2026-11-30' }, [act('А-7', '2026-11-10', 2_500_00)], paid);
    expect(afterAct).toMatchObject({ openingKopecks: -2_500_00, debitKopecks: 2_500_00, creditKopecks: 0, closingKopecks: 0, debtor: 'nobody' });
  });

  it('says the distributor owes when the dealer paid more than was shipped', () => {
    const s = reconcile({ from: '2026-11-01', to: '2026-11-30' }, [], [payment('СЧ-9', '2026-11-03', 1_000_00, '1', 'queued')]);
    expect(s).toMatchObject({ openingKopecks: 0, debitKopecks: 0, creditKopecks: 1_000_00, closingKopecks: -1_000_00, debtor: 'supplier' });
    expect(reconcile({ from: '2026-11-01', to: '2026-11-30' }, [], []).debtor).toBe('nobody');
  });

  it('refuses amounts that are not whole kopecks', () => {
    expect(() => reconcile({ from: '2026-01-01', to: '2026-01-31' }, [act('А-1', '2026-01-02', 10.5)], [])).toThrow(/whole number of kopecks/);
  });

  it('checks a period: order and at most five years', () => {
    expect(checkPeriod({ from: '2026-10-01', to: '2026-10-01' })).toBeNull();
    expect(checkPeriod({ from: '2026-10-02', to: '2026-10-01' })).toBe('from_after_to');
    expect(checkPeriod({ from: '2021-10-01', to: '2026-09-30' })).toBeNull();
    expect(checkPeriod({ from: '2021-10-01', to: '2026-10-01' })).toBe('too_long');
    expect(checkPeriod({ from: '2024-02-29', to: '2029-02-28' })).toBeNull();
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(quarterStart('2026-12-01')).toBe('2026-10-01');
    expect(quarterStart('2026-03-31')).toBe('2026-01-01');
    expect(quarterStart('2026-04-01')).toBe('2026-04-01');
  });
});

describe('reconciliation properties', () => {
  const day = fc.integer({ min: 0, max: 365 * 3 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const amount = fc.integer({ min: 1, max: 10_000_000_00 });
  const shipmentArb = fc.record({ number: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: null }), date: day, amountKopecks: amount, orderNumber: fc.string({ minLength: 1, maxLength: 6 }) });
  const paymentArb = fc.record({
    paidOn: day,
    amountKopecks: amount,
    paymentOrderNumber: fc.string({ maxLength: 4 }),
    invoiceNumber: fc.string({ minLength: 1, maxLength: 6 }),
    status: fc.constantFrom('applied', 'queued', 'cancelled'),
  });
  const books = fc.record({ shipments: fc.array(shipmentArb, { maxLength: 30 }), payments: fc.array(paymentArb, { maxLength: 30 }) });
  const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

  it('opening + debit − credit = closing, and the rows add up to the turnovers', () => {
    fc.assert(
      fc.property(books, period, ({ shipments, payments }, p) => {
        const s = reconcile(p, shipments, payments);
        expect(s.closingKopecks).toBe(s.openingKopecks + s.debitKopecks - s.creditKopecks);
        expect(s.rows.reduce((sum, r) => sum + r.debitKopecks, 0)).toBe(s.debitKopecks);
        expect(s.rows.reduce((sum, r) => sum + r.creditKopecks, 0)).toBe(s.creditKopecks);
        for (const r of s.rows) expect(r.date >= p.from && r.date <= p.to).toBe(true);
        expect(s.debtor).toBe(s.closingKopecks > 0 ? 'dealer' : s.closingKopecks < 0 ? 'supplier' : 'nobody');
      }),
      { numRuns: 300 },
    );
  });

  it('splitting a period in two gives the same closing balance, and the halves meet', () => {
    fc.assert(
      fc.property(books, period, fc.nat(), ({ shipments, payments }, p, pick) => {
        const whole = reconcile(p, shipments, payments);
        // A split day inside the period: the first half ends on it, the second starts the day after.
        const span = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000);
        fc.pre(span >= 1);
        const mid = new Date(Date.parse(p.from) + (pick % span) * 86_400_000).toISOString().slice(0, 10);
        const first = reconcile({ from: p.from, to: mid }, shipments, payments);
        const second = reconcile({ from: nextDay(mid), to: p.to }, shipments, payments);
        expect(second.openingKopecks).toBe(first.closingKopecks);
        expect(second.closingKopecks).toBe(whole.closingKopecks);
        expect(first.openingKopecks).toBe(whole.openingKopecks);
        expect(first.debitKopecks + second.debitKopecks).toBe(whole.debitKopecks);
        expect(first.creditKopecks + second.creditKopecks).toBe(whole.creditKopecks);
        expect([...first.rows, ...second.rows]).toEqual(whole.rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reconciliation documents', async () => {
  const supplier = await loadSupplier();
  const doc = {
    date: '2026-12-01',
    supplier: supplierAsParty(supplier),
    buyer: { ...supplierAsParty(supplier), name: 'ООО «Северный Софт»', inn: '7709123453', kpp: '770901001', director: 'Иванов Иван Иванович' },
    supplierSignatory: { position: supplier.directorPosition, name: supplier.director },
    buyerSignatory: { position: 'Генеральный директор', name: 'Иванов Иван Иванович' },
    statement: reconcile({ from: '2026-10-01', to: '2026-11-30' }, [act('А-1', '2026-09-20', 1_234_56, 'SID-0000011'), act('А-2', '2026-10-05', 23_712_00, 'SID-0000012')], [payment('СЧ-2', '2026-10-06', 10_000_00, '1310')]),
  };

  it('prints the period, both parties, the table and the closing balance in words; the same model gives the same bytes', async () => {
    const pdf = await renderReconciliationPdf(doc);
    const { text } = await pdfText(pdf);
    expect(text).toContain('Акт сверки');
    expect(text).toContain('взаимных расчётов за период: 01.10.2026 – 30.11.2026');
    expect(text).toContain('ООО «СИД Дистрибуция», ИНН 7705123452');
    expect(text).toContain('ООО «Северный Софт», ИНН 7709123453');
    expect(text).toContain('По данным ООО «Северный Софт», руб.');
    expect(text).toContain('Сальдо начальное 1 234,56');
    expect(text).toContain('Акт приёма-передачи прав № А-2 от 05.10.2026 (заказ SID-0000012)');
    expect(text).not.toContain('Счёт №');
    expect(text).toContain('Оплата (п/п № 1310) по счёту № СЧ-2');
    expect(text).toContain('Сальдо конечное 14 946,56');
    expect(text).toContain(`задолженность в пользу ООО «СИД Дистрибуция» 14 946,56 руб. (${amountInWords(14_946_56)})`);
    expect(text).toContain('Смирнов А. В.');
    expect(text).toContain('Иванов И. И.');
    expect((await renderReconciliationPdf(doc)).equals(pdf)).toBe(true);
  });

  it('writes the same rows to XLSX, amounts as numbers of roubles', () => {
    const [sheet] = readXlsx(renderReconciliationXlsx(doc), { maxBytes: 1_000_000 });
    const rows = sheet!.rows;
    const header = rows.findIndex((r) => r[0] === 'Дата');
    expect(rows.slice(header)).toEqual([
      ['Дата', 'Документ', 'Дебет', 'Кредит'],
      ['Сальдо начальное', '', '1234.56'],
      ['05.10.2026', 'Акт приёма-передачи прав № А-2 от 05.10.2026 (заказ SID-0000012)', '23712.00'],
      ['06.10.2026', 'Оплата (п/п № 1310) по счёту № СЧ-2', '', '10000.00'],
      ['Обороты за период', '', '23712.00', '10000.00'],
      ['Сальдо конечное', '', '14946.56'],
      [],
      [expect.stringContaining('задолженность в пользу ООО «СИД Дистрибуция» 14\u00a0946,56 руб.')],
    ]);
    expect(rows[0]![0]).toBe('Акт сверки взаимных расчётов за период 01.10.2026 – 30.11.2026');
  });
});
