import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, products, quotes, users } from '../../db/schema';
import { longDate } from '../../src/locale/documents.ru';
import { amountInWords } from '../../src/domain/amount-in-words';
import { formatMinor } from '../../src/domain/money';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { normalizePartNumber } from '../../src/domain/part-number';
import { addDays } from '../../src/domain/quote';
import { pdfText } from '../support/pdf-text';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// Commercial offers through the real API: priced by the cart's quote, marked up, numbered per
// dealer, printed, and ordered through the normal order path at the day's prices.
let system: RunningSystem;
let dealer: ApiSession;
let other: ApiSession;
let dealerRow: typeof dealers.$inferSelect;
const KNOWN = 'DR6203A1Y-01';
/** A product of our own (the vendor of KNOWN), so that changing its price disturbs no other test. */
let own: string;
const today = moscowDateOf(Date.now());

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  other = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
  const [me] = await system.db.db.select({ dealerId: users.dealerId }).from(users).where(eq(users.login, 'postpay@demo.sid'));
  [dealerRow] = (await system.db.db.select().from(dealers).where(eq(dealers.id, me!.dealerId!))) as [typeof dealers.$inferSelect];
  const [known] = await system.db.db.select().from(products).where(eq(products.partNumber, KNOWN));
  own = `QT-${randomBytes(3).toString('hex').toUpperCase()}`;
  await system.db.db.insert(products).values({
    vendorId: known!.vendorId,
    partNumber: own,
    partNumberNormalized: normalizePartNumber(own),
    name: `Тестовая программа ${own}`,
    category: known!.category,
    segment: known!.segment,
    listPriceMinor: 123_457,
    currency: 'RUB',
    vatMode: known!.vatMode === 'standard' ? 'exempt' : 'standard',
    licenseTermMonths: known!.licenseTermMonths,
  });
});
afterAll(async () => system?.stop());

const lines = () => [
  { partNumber: KNOWN, quantity: 3 },
  { partNumber: own, quantity: 7 },
];
const offer = (body: Record<string, unknown> = {}, session = dealer) =>
  session.json('POST', '/api/quotes', { lines: lines(), customerName: 'ООО «Конечный Клиент»', customerInn: '7707083893', markupBasisPoints: 1250, validUntil: addDays(today, 14), ...body });
const seqOf = (number: string) => Number(/^КП-(\d{4})-(\d{4,})$/.exec(number)![2]);

/** The markup computed here independently: unit × (1 + bp), half-up; VAT per line, half-up. */
const halfUp = (n: bigint, d: bigint) => Number((n * 2n + d) / (2n * d));
function expectedLine(unit: number, quantity: number, vatBp: number, markupBp: number) {
  const u = halfUp(BigInt(unit) * BigInt(10_000 + markupBp), 10_000n);
  const net = u * quantity;
  const vat = halfUp(BigInt(net) * BigInt(vatBp), 10_000n);
  return { unitPriceKopecks: u, netKopecks: net, vatKopecks: vat, grossKopecks: net + vat };
}

describe('POST /api/quotes', () => {
  it('marks up the dealer’s own prices exactly and numbers offers per dealer', async () => {
    const cart = await dealer.json('POST', '/api/orders/quote', { lines: lines() });
    expect(cart.status).toBe(200);
    const first = await offer();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const q = first.body;
    expect(q.number).toMatch(/^КП-\d{4}-\d{4}$/);
    expect(q.number.slice(3, 7)).toBe(today.slice(0, 4));
    expect(q).toMatchObject({ status: 'active', customerName: 'ООО «Конечный Клиент»', customerInn: '7707083893', markupBasisPoints: 1250, validUntil: addDays(today, 14), order: null });
    expect(q.lines).toHaveLength(2);
    for (const [i, line] of q.lines.entries()) {
      const mine = cart.body.lines[i];
      expect(line.partNumber).toBe(mine.partNumber);
      expect(line.dealer).toEqual({ unitPriceKopecks: mine.unitPriceKopecks, netKopecks: mine.netKopecks, vatKopecks: mine.vatKopecks, grossKopecks: mine.grossKopecks });
      expect(line).toMatchObject(expectedLine(mine.unitPriceKopecks, mine.quantity, mine.vatBasisPoints, 1250));
    }
    // The two lines have different VAT modes: VAT is per line, and the totals are the lines' sums.
    expect(new Set(q.lines.map((l: any) => l.vatBasisPoints)).size).toBe(2);
    for (const k of ['netKopecks', 'vatKopecks', 'grossKopecks'] as const) expect(q.totals[k]).toBe(q.lines.reduce((s: number, l: any) => s + l[k], 0));
    expect(q.dealerTotals.grossKopecks).toBe(cart.body.totals.grossKopecks);
    expect(q.totals.grossKopecks).toBeGreaterThan(q.dealerTotals.grossKopecks);

    const second = await offer({ markupBasisPoints: 0 });
    expect(second.status).toBe(201);
    expect(seqOf(second.body.number)).toBe(seqOf(q.number) + 1);
    // Markup 0: the dealer's own prices.
    expect(second.body.totals.grossKopecks).toBe(cart.body.totals.grossKopecks);

    // Another dealer has its own numbering, and never sees this dealer's offers.
    const theirs = await offer({}, other);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const theirList = await other.json('GET', '/api/quotes');
    expect(theirList.body.items.map((i: any) => i.id)).not.toContain(q.id);
    const myList = await dealer.json('GET', '/api/quotes');
    expect(myList.body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([q.id, second.body.id]));
    expect(myList.body.items.map((i: any) => i.id)).not.toContain(theirs.body.id);

    const audit = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'quote.created'), eq(auditLog.subjectId, q.number)));
    expect(audit.some((a) => (a.details as any).quoteId === q.id)).toBe(true);
  });

  it('gives concurrent offers of one dealer distinct, consecutive numbers', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => offer()));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const seqs = answers.map((a) => seqOf(a.body.number)).sort((a, b) => a - b);
    expect(seqs[3]! - seqs[0]!).toBe(3);
    expect(new Set(seqs).size).toBe(4);
  });

  it('returns licence-policy findings without blocking the offer', async () => {
    const answer = await offer({ lines: [{ partNumber: KNOWN, quantity: 1, licenseType: 'renewal' }] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(Array.isArray(answer.body.findings)).toBe(true);
  });

  it('refuses bad input with Russian messages on the fields, storing nothing', async () => {
    const [{ n: before }] = (await system.db.db.execute(`select count(*)::int as n from quotes`)) as unknown as [{ n: number }];
    const empty = await dealer.json('POST', '/api/quotes', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['lines', 'customerName', 'markupBasisPoints', 'validUntil']));

    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ markupBasisPoints: 100_001 }, 'markupBasisPoints', /наценка/],
      [{ markupBasisPoints: 12.5 }, 'markupBasisPoints', /наценка/],
      [{ validUntil: addDays(today, -1) }, 'validUntil', /раньше сегодняшнего/],
      [{ validUntil: addDays(today, 91) }, 'validUntil', /не больше 90 дней/],
      [{ validUntil: '2026-02-30' }, 'validUntil', /такой даты нет/],
      [{ customerInn: '12345' }, 'customerInn', /ИНН покупателя/],
      [{ customerName: '   ' }, 'customerName', /покупателя/],
    ];
    for (const [change, field, message] of cases) {
      const answer = await offer(change);
      expect(answer.status, JSON.stringify(change)).toBe(400);
      const found = answer.body.error.fields.find((f: any) => f.field === field);
      expect(found?.message, JSON.stringify(answer.body)).toMatch(message);
    }

    const unknown = await offer({ lines: [{ partNumber: KNOWN, quantity: 1 }, { partNumber: 'NO-SUCH-PN-404', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('QUOTE_UNRESOLVED');
    expect(unknown.body.error.message).toMatch(/не удалось найти/);
    expect(unknown.body.error.fields).toEqual([{ field: 'lines.1.partNumber', message: expect.stringContaining('NO-SUCH-PN-404') }]);

    const [{ n: after }] = (await system.db.db.execute(`select count(*)::int as n from quotes`)) as unknown as [{ n: number }];
    expect(after).toBe(before);
  });
});

describe('GET /api/quotes/:quoteId/pdf', () => {
  it('prints the dealer as the seller with its requisites, the customer, the lines, totals, words and validity; the same bytes each time', async () => {
    const { body: q } = await offer({ endUser: { name: 'АО «Конечный Пользователь»', inn: '7728168971' } });
    const response = await dealer.request('GET', `/api/quotes/${q.id}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const { text } = await pdfText(pdf);
    expect(text).toContain(`Коммерческое предложение № ${q.number} от ${longDate(today)}`);
    for (const requisite of [dealerRow.shortName, dealerRow.inn, dealerRow.settlementAccount, dealerRow.bankBik, dealerRow.bankName]) expect(text).toContain(requisite);
    expect(text).toContain('ООО «Конечный Клиент», ИНН 7707083893');
    expect(text).toContain('АО «Конечный Пользователь»');
    expect(text).toContain(KNOWN);
    expect(text).toContain(own);
    for (const line of q.lines) {
      expect(text).toContain(formatMinor(line.unitPriceKopecks).replace(/\u00a0/g, ' '));
      expect(text).toContain(formatMinor(line.grossKopecks).replace(/\u00a0/g, ' '));
    }
    expect(text).toContain(formatMinor(q.totals.grossKopecks).replace(/\u00a0/g, ' '));
    expect(text).toContain(amountInWords(q.totals.grossKopecks).replace(/\s+/g, ' '));
    expect(text).toContain(`действительно до ${longDate(q.validUntil)}`);
    // The dealer's own price is not on the customer's document.
    expect(text).not.toContain(formatMinor(q.dealerTotals.grossKopecks).replace(/\u00a0/g, ' '));

    const again = Buffer.from(await (await dealer.request('GET', `/api/quotes/${q.id}/pdf`)).arrayBuffer());
    expect(again.equals(pdf)).toBe(true);
    const downloads = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'document.downloaded'), eq(auditLog.subjectId, q.number)));
    expect(downloads).toHaveLength(2);
  });

  it('another dealer gets 404 for the quote, its PDF and its order; a malformed id is 404 too', async () => {
    const { body: q } = await offer();
    expect((await other.json('GET', `/api/quotes/${q.id}`)).status).toBe(404);
    expect((await other.request('GET', `/api/quotes/${q.id}/pdf`)).status).toBe(404);
    const order = await other.json('POST', `/api/quotes/${q.id}/order`, {});
    expect(order.status).toBe(404);
    expect(order.body.error.message).toBe('Коммерческое предложение не найдено.');
    expect((await dealer.json('GET', '/api/quotes/not-a-uuid')).status).toBe(404);
    expect((await dealer.json('GET', `/api/quotes/${q.id}`)).status).toBe(200);
  });
});

describe('POST /api/quotes/:quoteId/order', () => {
  it('orders a valid offer at today’s prices, links it, and refuses a second time', async () => {
    const { body: q } = await offer();
    const ordered = await dealer.json('POST', `/api/quotes/${q.id}/order`, {});
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    expect(ordered.body.orderNumber).toBeTruthy();
    expect(ordered.body.priceChanged).toBe(false);
    expect(ordered.body.differenceKopecks).toBe(0);
    expect(ordered.body.totals.grossKopecks).toBe(q.dealerTotals.grossKopecks);
    expect(ordered.body.quote).toMatchObject({ id: q.id, status: 'ordered', order: { orderNumber: ordered.body.orderNumber } });

    const order = await dealer.json('GET', `/api/orders/${ordered.body.orderNumber}`);
    expect(order.status).toBe(200);
    expect(order.body.lines.map((l: any) => [l.partNumber, l.quantity])).toEqual([[KNOWN, 3], [own, 7]]);
    const shown = await dealer.json('GET', `/api/quotes/${q.id}`);
    expect(shown.body).toMatchObject({ status: 'ordered', order: { orderNumber: ordered.body.orderNumber } });

    const twice = await dealer.json('POST', `/api/quotes/${q.id}/order`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('QUOTE_ALREADY_ORDERED');
    expect(twice.body.error.message).toContain(ordered.body.orderNumber);
    const audit = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'quote.ordered'), eq(auditLog.subjectId, q.number)));
    expect(audit).toHaveLength(1);
  });

  it('says when today’s price differs from the one the offer was made at', async () => {
    const { body: q } = await offer();
    await system.db.db.update(products).set({ listPriceMinor: 130_000 }).where(eq(products.partNumber, own));
    try {
      const cart = await dealer.json('POST', '/api/orders/quote', { lines: lines() });
      const ordered = await dealer.json('POST', `/api/quotes/${q.id}/order`, {});
      expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
      expect(ordered.body.totals.grossKopecks).toBe(cart.body.totals.grossKopecks);
      expect(ordered.body.priceChanged).toBe(true);
      expect(ordered.body.differenceKopecks).toBe(cart.body.totals.grossKopecks - q.dealerTotals.grossKopecks);
      expect(ordered.body.differenceKopecks).toBeGreaterThan(0);
    } finally {
      await system.db.db.update(products).set({ listPriceMinor: 123_457 }).where(eq(products.partNumber, own));
    }
  });

  it('refuses an expired offer with 409 and shows it as expired', async () => {
    const { body: q } = await offer();
    await system.db.db.update(quotes).set({ validUntil: addDays(today, -1) }).where(eq(quotes.id, q.id));
    const answer = await dealer.json('POST', `/api/quotes/${q.id}/order`, {});
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('QUOTE_EXPIRED');
    expect(answer.body.error.message).toMatch(/истекло/);
    expect((await dealer.json('GET', `/api/quotes/${q.id}`)).body.status).toBe('expired');
  });

  it('two clicks at once make one order', async () => {
    const { body: q } = await offer();
    const answers = await Promise.all([1, 2].map(() => dealer.json('POST', `/api/quotes/${q.id}/order`, {})));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const ok = answers.find((a) => a.status === 201)!;
    expect((await dealer.json('GET', `/api/quotes/${q.id}`)).body.order.orderNumber).toBe(ok.body.orderNumber);
  });
});
