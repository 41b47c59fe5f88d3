import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dealers, invoices } from '../../db/schema';
import { formatMinor } from '../../src/domain/money';
import { readXlsx } from '../../src/infra/xlsx';
import { bankingCalendar, longDate, moscowDaysFromToday, moscowToday } from '../support/dates';
import { freshDealerLike } from '../support/dealers';
import { OnecClient } from '../support/onec-client';
import { pdfText } from '../support/pdf-text';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * Accounting an accountant signs (issue 16), through the real API, worker, Temporal and
 * PostgreSQL: the reconciliation statement is built from shipment documents (acts numbered by 1C)
 * and agrees with the balance page and the credit check for every scheme; every 1C line names its
 * VAT mode; 1C's implausible document dates are refused.
 */
let system: RunningSystem;
let onec: OnecClient;
let partNumber: string;

const END_USER = { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' };
const dotted = (date: string) => date.split('-').reverse().join('.');
const rubles = (kopecks: number) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

beforeAll(async () => {
  system = await startSystem();
  const { id, secret } = inject('onecClient');
  onec = new OnecClient(system.baseUrl, id, secret);
  const demo = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  // An API vendor: orders ship within seconds through the vendor simulator.
  partNumber = (await demo.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => system?.stop());

async function freshDealer(login: 'prepay@demo.sid' | 'postpay@demo.sid' | 'monthly@demo.sid') {
  const own = await freshDealerLike(system.db.db, login);
  return { dealerId: own.dealerId, session: await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password) };
}

async function place(dealer: ApiSession, quantity: number): Promise<{ orderNumber: string; gross: number }> {
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity }], endUser: END_USER });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return { orderNumber: placed.body.orderNumber, gross: placed.body.totals.grossKopecks };
}

/** The order's document of a type waiting in the 1C outbox. */
function outboxItem(documentType: 'invoice' | 'act', orderNumber: string) {
  return waitFor(`the ${documentType} of ${orderNumber} in the outbox`, async () => {
    const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
    return body.items.find((i: any) => i.documentType === documentType && i.document.orderNumber === orderNumber);
  }, 90_000);
}

async function number(item: { sidDocumentId: string }, documentNumber: string, date: string) {
  const answer = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number: documentNumber, date });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

async function pay(invoiceNumber: string, kopecks: number, paidOn: string, paymentOrderNumber: string) {
  const answer = await onec.call('POST', '/api/1c/payments', { paymentId: `${invoiceNumber}-${paymentOrderNumber}`, invoiceNumber, amount: rubles(kopecks), paidOn, paymentOrderNumber });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** The statement of today, the balance page and the credit check's figure, side by side. */
async function books(dealer: ApiSession) {
  const today = moscowToday();
  const statement = (await dealer.json('GET', `/api/reconciliation?from=${today}&to=${today}`)).body;
  const summary = (await dealer.json('GET', '/api/invoices/summary')).body;
  return { statement, summary };
}

describe('the reconciliation statement is built from shipment documents', () => {
  it('prepay: a payment before shipment is an advance until the act; then the act is the debit (JSON, PDF, XLSX)', async () => {
    const { session: dealer } = await freshDealer('prepay@demo.sid');
    const today = moscowToday();
    const order = await place(dealer, 2);
    const invoice = await outboxItem('invoice', order.orderNumber);
    // Defect 2: the VAT mode is explicit on every line (DRWEB is in the Russian software register).
    for (const line of invoice.document.lines) expect(line).toMatchObject({ vatMode: 'exempt', vatBasisPoints: 0, vatKopecks: 0 });
    const invoiceNumber = `СЧ-${order.orderNumber}`;
    await number(invoice, invoiceNumber, today);

    // The invoice alone is no debt.
    expect((await books(dealer)).statement).toMatchObject({ debitKopecks: 0, creditKopecks: 0, closingKopecks: 0, debtor: 'nobody', rows: [] });

    await pay(invoiceNumber, order.gross, today, '701');
    const advance = await books(dealer);
    expect(advance.statement).toMatchObject({ openingKopecks: 0, debitKopecks: 0, creditKopecks: order.gross, closingKopecks: -order.gross, debtor: 'supplier' });
    expect(advance.summary).toMatchObject({ balanceDate: today, balanceKopecks: -order.gross });

    // Paid in full: the order ships and its act goes to 1C, with VAT modes on its lines too.
    const act = await outboxItem('act', order.orderNumber);
    for (const line of act.document.lines) expect(line).toMatchObject({ vatMode: 'exempt', vatBasisPoints: 0 });
    const actNumber = `АКТ-${order.orderNumber}`;
    await number(act, actNumber, today);
    const settled = await books(dealer);
    expect(settled.statement).toMatchObject({ openingKopecks: 0, debitKopecks: order.gross, creditKopecks: order.gross, closingKopecks: 0, debtor: 'nobody' });
    expect(settled.statement.rows).toEqual([
      { date: today, kind: 'shipment', documentNumber: actNumber, orderNumber: order.orderNumber, invoiceNumber: null, paymentOrderNumber: null, debitKopecks: order.gross, creditKopecks: 0 },
      { date: today, kind: 'payment', documentNumber: null, orderNumber: null, invoiceNumber, paymentOrderNumber: '701', debitKopecks: 0, creditKopecks: order.gross },
    ]);
    expect(settled.summary.balanceKopecks).toBe(settled.statement.closingKopecks);

    const query = `from=${today}&to=${today}`;
    const { text } = await pdfText(Buffer.from(await (await dealer.request('GET', `/api/reconciliation.pdf?${query}`)).arrayBuffer()));
    expect(text).toContain(`Акт приёма-передачи прав № ${actNumber} от ${dotted(today)} (заказ ${order.orderNumber})`);
    expect(text).not.toContain('Счёт №');
    const [sheet] = readXlsx(Buffer.from(await (await dealer.request('GET', `/api/reconciliation.xlsx?${query}`)).arrayBuffer()), { maxBytes: 1_000_000 });
    const rows = sheet!.rows.slice(sheet!.rows.findIndex((r) => r[0] === 'Дата'));
    expect(rows[2]).toEqual([dotted(today), `Акт приёма-передачи прав № ${actNumber} от ${dotted(today)} (заказ ${order.orderNumber})`, rubles(order.gross)]);
    expect(rows[3]).toEqual([dotted(today), `Оплата (п/п № 701) по счёту № ${invoiceNumber}`, '', rubles(order.gross)]);
  });

  it('postpay: the acts are the debt; the statement, the balance page and the credit check say the same', async () => {
    const { dealerId, session: dealer } = await freshDealer('postpay@demo.sid');
    const today = moscowToday();
    const [first, second] = [await place(dealer, 1), await place(dealer, 3)];
    // Placed, not shipped under an act yet: the credit check counts them, the books do not.
    const before = await books(dealer);
    expect(before.statement.closingKopecks).toBe(0);
    expect(before.summary).toMatchObject({ balanceKopecks: 0, outstandingCreditKopecks: first.gross + second.gross });

    for (const order of [first, second]) await number(await outboxItem('act', order.orderNumber), `АКТ-${order.orderNumber}`, today);
    const invoice = await outboxItem('invoice', first.orderNumber);
    await number(invoice, `СЧ-${first.orderNumber}`, today);
    const part = Math.floor(first.gross / 3);
    await pay(`СЧ-${first.orderNumber}`, part, today, '702');

    const owed = first.gross + second.gross - part;
    const after = await books(dealer);
    expect(after.statement).toMatchObject({ openingKopecks: 0, debitKopecks: first.gross + second.gross, creditKopecks: part, closingKopecks: owed, debtor: 'dealer' });
    expect(after.statement.rows.filter((r: any) => r.kind === 'shipment').map((r: any) => r.orderNumber).sort()).toEqual([first.orderNumber, second.orderNumber].sort());
    expect(after.summary).toMatchObject({ balanceKopecks: owed, unshippedCreditKopecks: 0, outstandingCreditKopecks: owed });

    // The credit check refuses an order that does not fit on top of exactly that figure.
    await system.db.db.update(dealers).set({ creditLimitKopecks: owed + first.gross - 1 }).where(eq(dealers.id, dealerId));
    const refused = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], endUser: END_USER });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CREDIT_LIMIT' });
    expect(refused.body.error.message).toContain(`уже к оплате ${formatMinor(owed)} ₽`);
  });

  it('monthly: shipped orders under acts are debt before the month’s invoice exists', async () => {
    const { dealerId, session: dealer } = await freshDealer('monthly@demo.sid');
    const today = moscowToday();
    const orders = [await place(dealer, 2), await place(dealer, 5)];
    for (const order of orders) await number(await outboxItem('act', order.orderNumber), `АКТ-${order.orderNumber}`, today);
    const total = orders[0]!.gross + orders[1]!.gross;
    // No invoice for the month yet: it is issued when the month closes.
    expect(await system.db.db.select().from(invoices).where(eq(invoices.dealerId, dealerId))).toEqual([]);
    const { statement, summary } = await books(dealer);
    expect(statement).toMatchObject({ debitKopecks: total, creditKopecks: 0, closingKopecks: total, debtor: 'dealer' });
    expect(summary).toMatchObject({ balanceKopecks: total, unshippedCreditKopecks: 0, outstandingCreditKopecks: total });
    const longer = (await dealer.json('GET', `/api/reconciliation?from=${moscowDaysFromToday(-40)}&to=${today}`)).body;
    expect(longer.closingKopecks).toBe(total);
  });
});

describe('document dates from 1C', () => {
  it('a date more than one banking day ahead, or before the order, is refused with the field named, and nothing is stored', async () => {
    const { session: dealer } = await freshDealer('prepay@demo.sid');
    const order = await place(dealer, 1);
    const item = await outboxItem('invoice', order.orderNumber);
    const calendar = await bankingCalendar();
    const today = moscowToday();
    const tooLate = calendar.addBankingDays(today, 2);
    const ahead = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number: `СЧ-Д-${order.orderNumber}`, date: tooLate });
    expect(ahead.status).toBe(422);
    expect(ahead.body.error).toMatchObject({ code: 'DOCUMENT_DATE_AHEAD', fields: [{ field: 'date' }] });
    expect(ahead.body.error.message).toContain(calendar.nextBankingDay(today));
    const early = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number: `СЧ-Д-${order.orderNumber}`, date: moscowDaysFromToday(-1) });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'DOCUMENT_DATE_BEFORE_ORDER', fields: [{ field: 'date' }] });
    const [stored] = await system.db.db.select().from(invoices).where(eq(invoices.id, item.sidDocumentId));
    expect(stored).toMatchObject({ number: null, numberDate: null, status: 'awaiting_number' });
    // The next banking day is still fine.
    await number(item, `СЧ-Д-${order.orderNumber}`, calendar.nextBankingDay(today));
  });
});

describe('prices and VAT modes in the API', () => {
  it('a USD product carries the dealer’s own dollar price; quote and order lines name their VAT mode', async () => {
    const { session: dealer } = await freshDealer('postpay@demo.sid');
    const taxedUsd = (await dealer.json('GET', '/api/catalog/products?vendor=MSFT&pageSize=1')).body.items[0];
    expect(taxedUsd).toMatchObject({ vatMode: 'standard', listPrice: { currency: 'USD' }, price: { currency: 'USD' } });
    expect(taxedUsd.price.minor).toBeLessThanOrEqual(taxedUsd.listPrice.minor);
    // The demo seed crosses over: registry software at dollar prices, rouble services with VAT.
    expect((await dealer.json('GET', '/api/catalog/products?vendor=PVS&pageSize=1')).body.items[0]).toMatchObject({ vatMode: 'exempt', listPrice: { currency: 'USD' } });
    expect((await dealer.json('GET', '/api/catalog/products?vendor=YANDX&pageSize=1')).body.items[0]).toMatchObject({ vatMode: 'standard', listPrice: { currency: 'RUB' } });

    const lines = [{ partNumber: taxedUsd.partNumber, quantity: 3 }, { partNumber, quantity: 2 }];
    const quote = (await dealer.json('POST', '/api/orders/quote', { lines, endUser: END_USER })).body;
    expect(quote.lines.map((l: any) => l.vatMode)).toEqual(['standard', 'exempt']);
    expect(quote.lines[1]).toMatchObject({ vatBasisPoints: 0, vatKopecks: 0 });
    const placed = await dealer.json('POST', '/api/orders', { lines, endUser: END_USER });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = (await dealer.json('GET', `/api/orders/${placed.body.orderNumber}`)).body;
    expect(order.lines.map((l: any) => l.vatMode)).toEqual(['standard', 'exempt']);
  });
});

describe('the contract on every document', () => {
  it('staff record the dealer’s contract; the invoice, the act and the statement print it as the basis', async () => {
    const { dealerId, session: dealer } = await freshDealer('prepay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    // A contract signed at the start of the year: a fixed past day, compared with nothing.
    const contract = { contractNumber: `Д-${dealerId.slice(0, 6)}/26`, contractDate: '2026-01-12' };
    const patched = await staff.json('PATCH', `/api/staff/dealers/${dealerId}`, contract);
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.dealer).toMatchObject(contract);
    const basis = `Договор № ${contract.contractNumber} от ${longDate(contract.contractDate)}`;

    const today = moscowToday();
    const order = await place(dealer, 1);
    const invoiceNumber = `СЧ-К-${order.orderNumber}`;
    await number(await outboxItem('invoice', order.orderNumber), invoiceNumber, today);
    const invoice = (await dealer.json('GET', '/api/invoices?pageSize=200')).body.items.find((i: any) => i.number === invoiceNumber);
    const invoicePdf = await waitFor('the invoice PDF', async () => {
      const response = await dealer.request('GET', `/api/invoices/${invoice.id}/pdf`);
      return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : null;
    });
    const invoiceText = (await pdfText(invoicePdf)).text;
    expect(invoiceText).toContain('Основание:');
    expect(invoiceText).toContain(basis);

    await pay(invoiceNumber, order.gross, today, '801');
    await number(await outboxItem('act', order.orderNumber), `АКТ-К-${order.orderNumber}`, today);
    const actPdf = await waitFor('the act PDF', async () => {
      const response = await dealer.request('GET', `/api/orders/${order.orderNumber}/documents/act`);
      return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : null;
    });
    expect((await pdfText(actPdf)).text).toContain(basis);

    const query = `from=${today}&to=${today}`;
    const statementText = (await pdfText(Buffer.from(await (await dealer.request('GET', `/api/reconciliation.pdf?${query}`)).arrayBuffer()))).text;
    expect(statementText).toContain(`Основание: ${basis}`);
    const [sheet] = readXlsx(Buffer.from(await (await dealer.request('GET', `/api/reconciliation.xlsx?${query}`)).arrayBuffer()), { maxBytes: 1_000_000 });
    expect(sheet!.rows).toContainEqual(['Основание:', basis]);
  });
});
