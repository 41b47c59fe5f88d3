import { simpleParser } from 'mailparser';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, dealers, users } from '../../db/schema';
import { amountInWords } from '../../src/domain/amount-in-words';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { hashPassword } from '../../src/infra/passwords';
import { readXlsx } from '../../src/infra/xlsx';
import { recordHistory } from '../support/histories';
import { freshMailbox, readFolder } from '../support/mail';
import { OnecClient } from '../support/onec-client';
import { pdfText } from '../support/pdf-text';
import { freshOrganisation } from '../support/registrations';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The reconciliation statement through the real API, worker, Temporal dev server, PostgreSQL and mail.
let system: RunningSystem;
let onec: OnecClient;
let staff: ApiSession;
let partNumber: string;

const PASSWORD = 'пароль-сверки-2026';
const DAY_MS = 86_400_000;
/** Moscow calendar days around today: the invoice workflow refuses to stay open for long-past dates. */
const day = (offset: number) => moscowDateOf(Date.now() + offset * DAY_MS);
const dotted = (date: string) => date.split('-').reverse().join('.');
const rubles = (kopecks: number) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

beforeAll(async () => {
  system = await startSystem();
  const { id, secret } = inject('onecClient');
  onec = new OnecClient(system.baseUrl, id, secret);
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const demo = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
  partNumber = (await demo.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => system?.stop());

/** An approved prepay dealer of its own (the demo dealers' books are shared with other test files), on the demo's terms. */
async function freshPrepayDealer() {
  const org = freshOrganisation();
  const mailbox = freshMailbox('recon');
  const [demo] = await system.db.db.select().from(dealers).where(eq(dealers.email, 'prepay@demo.sid'));
  const [dealer] = await system.db.db
    .insert(dealers)
    .values({
      legalForm: org.legalForm,
      fullName: org.fullName,
      shortName: org.shortName,
      inn: org.inn,
      kpp: org.kpp,
      ogrn: org.ogrn,
      legalAddress: org.legalAddress,
      postalAddress: org.legalAddress,
      bankBik: org.bik,
      bankName: org.bankName,
      correspondentAccount: org.correspondentAccount,
      settlementAccount: org.settlementAccount,
      director: org.director,
      email: mailbox.address,
      status: 'approved',
      settlementScheme: 'prepay',
      priceGroupId: demo!.priceGroupId,
      segments: demo!.segments,
      authorizedVendors: demo!.authorizedVendors,
    })
    .returning({ id: dealers.id });
  await system.db.db
    .insert(users)
    .values({ dealerId: dealer!.id, login: mailbox.address, email: mailbox.address, passwordHash: await hashPassword(PASSWORD), role: 'dealer_admin', fullName: 'Бухгалтеров Бух' });
  return { dealerId: dealer!.id, org, mailbox, session: await ApiSession.login(system.baseUrl, mailbox.address, PASSWORD) };
}

/** Places a prepay order and has 1C number its invoice on `date`; answers the number and the amount. */
async function numberedInvoice(dealer: ApiSession, quantity: number, date: string): Promise<{ number: string; gross: number }> {
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity }], endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const { orderNumber } = placed.body;
  const item = await waitFor('the invoice in the outbox', async () => {
    const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
    return body.items.find((i: any) => i.document.orderNumber === orderNumber);
  });
  const number = `СВ-${orderNumber}`;
  expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date })).status).toBe(200);
  return { number, gross: placed.body.totals.grossKopecks };
}

async function pay(invoiceNumber: string, kopecks: number, paidOn: string, paymentOrderNumber: string) {
  const answer = await onec.call('POST', '/api/1c/payments', { paymentId: `${invoiceNumber}-${paymentOrderNumber}`, invoiceNumber, amount: rubles(kopecks), paidOn, paymentOrderNumber });
  expect(answer.status).toBeLessThan(300);
  return answer.body;
}

describe('the reconciliation statement', () => {
  it('balances to the kopeck across the period boundary, as JSON, PDF and XLSX; other dealers see only their own; staff mail it', async () => {
    const { dealerId, org, mailbox, session: dealer } = await freshPrepayDealer();
    const [a, b] = [await numberedInvoice(dealer, 5, day(-4)), await numberedInvoice(dealer, 10, day(-2))];
    const aFirst = Math.floor(a.gross / 3);
    const aSecond = Math.floor(a.gross / 4) + 1;
    const bFirst = Math.floor(b.gross / 2) + 7;
    expect((await pay(a.number, aFirst, day(-3), '501')).status).toBe('applied');
    expect((await pay(a.number, aSecond, day(-1), '502')).status).toBe('applied');
    // After the period: in no balance of it.
    expect((await pay(b.number, bFirst, day(0), '503')).status).toBe('applied');
    // Held for a number SID does not know: no dealer's statement shows it.
    expect((await pay(`СВ-НЕТ-${dealerId.slice(0, 8)}`, 1_00, day(-1), '504')).status).toBe('queued');

    const from = day(-2);
    const to = day(-1);
    const query = `from=${from}&to=${to}`;
    const statement = await dealer.json('GET', `/api/reconciliation?${query}`);
    expect(statement.status).toBe(200);
    const opening = a.gross - aFirst;
    const closing = opening + b.gross - aSecond;
    expect(statement.body).toMatchObject({
      period: { from, to },
      dealer: { name: org.shortName, inn: org.inn },
      supplier: { name: 'ООО «СИД Дистрибуция»' },
      openingKopecks: opening,
      debitKopecks: b.gross,
      creditKopecks: aSecond,
      closingKopecks: closing,
      debtor: 'dealer',
    });
    expect(statement.body.rows).toEqual([
      { date: from, kind: 'invoice', invoiceNumber: b.number, paymentOrderNumber: null, debitKopecks: b.gross, creditKopecks: 0 },
      { date: to, kind: 'payment', invoiceNumber: a.number, paymentOrderNumber: '502', debitKopecks: 0, creditKopecks: aSecond },
    ]);
    // The period after: it opens where this one closed, and takes in the payment of today.
    const next = (await dealer.json('GET', `/api/reconciliation?from=${day(0)}&to=${day(0)}`)).body;
    expect(next).toMatchObject({ openingKopecks: closing, creditKopecks: bFirst, closingKopecks: closing - bFirst });

    // PDF: the period, both parties and the closing balance in words.
    const pdfResponse = await dealer.request('GET', `/api/reconciliation.pdf?${query}`);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(Buffer.from(await pdfResponse.arrayBuffer()));
    expect(text).toContain(`за период: ${dotted(from)} – ${dotted(to)}`);
    expect(text).toContain(`ООО «СИД Дистрибуция», ИНН 7705123452`);
    expect(text).toContain(`${org.shortName}, ИНН ${org.inn}`);
    expect(text).toContain(`Счёт № ${b.number}`);
    expect(text).toContain(amountInWords(closing));

    // XLSX: the same rows, amounts as roubles.
    const xlsxResponse = await dealer.request('GET', `/api/reconciliation.xlsx?${query}`);
    expect(xlsxResponse.status).toBe(200);
    expect(xlsxResponse.headers.get('content-disposition')).toBe(`attachment; filename="reconciliation-${from}-${to}.xlsx"`);
    const [sheet] = readXlsx(Buffer.from(await xlsxResponse.arrayBuffer()), { maxBytes: 1_000_000 });
    const rows = sheet!.rows.slice(sheet!.rows.findIndex((r) => r[0] === 'Дата'));
    expect(rows.slice(0, 6)).toEqual([
      ['Дата', 'Документ', 'Дебет', 'Кредит'],
      ['Сальдо начальное', '', rubles(opening)],
      [dotted(from), `Счёт № ${b.number}`, rubles(b.gross)],
      [dotted(to), `Оплата (п/п № 502) по счёту № ${a.number}`, '', rubles(aSecond)],
      ['Обороты за период', '', rubles(b.gross), rubles(aSecond)],
      ['Сальдо конечное', '', rubles(closing)],
    ]);
    const audited = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'document.downloaded'), eq(auditLog.subjectId, dealerId)));
    expect(audited.map((r) => (r.details as { format: string }).format).sort()).toEqual(['pdf', 'xlsx']);
    expect(audited.every((r) => (r.details as { kind: string }).kind === 'reconciliation')).toBe(true);

    // Another dealer sees only its own books; staff see this dealer's as the dealer does.
    const stranger = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    const theirs = await stranger.json('GET', `/api/reconciliation?from=${day(-30)}&to=${day(0)}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.rows.map((r: any) => r.invoiceNumber)).not.toEqual(expect.arrayContaining([a.number]));
    expect(theirs.body.rows.map((r: any) => r.invoiceNumber)).not.toEqual(expect.arrayContaining([b.number]));
    expect((await stranger.request('GET', `/api/staff/dealers/${dealerId}/reconciliation?${query}`)).status).toBe(403);
    const staffView = await staff.json('GET', `/api/staff/dealers/${dealerId}/reconciliation?${query}`);
    expect(staffView.body).toEqual(statement.body);
    expect((await staff.request('GET', `/api/staff/dealers/${dealerId}/reconciliation.pdf?${query}`)).status).toBe(200);

    // Staff send: both files arrive in the dealer's mailbox.
    const sent = await staff.json('POST', `/api/staff/dealers/${dealerId}/reconciliation/send`, { from, to });
    expect(sent.status).toBe(202);
    expect(sent.body.email).toBe(mailbox.address);
    const handle = system.env.client.workflow.getHandle(sent.body.workflowId);
    expect(await handle.result()).toEqual({ to: mailbox.address });
    await recordHistory('reconciliation-mail', handle);
    const letter = await waitFor('the statement letter', async () => {
      for (const message of await readFolder(mailbox.settings)) {
        const parsed = await simpleParser(message.source);
        if (parsed.subject?.startsWith('Акт сверки')) return parsed;
      }
      return undefined;
    });
    expect(letter.subject).toBe(`Акт сверки взаимных расчётов за ${dotted(from)} – ${dotted(to)}`);
    expect(letter.text).toContain(amountInWords(closing));
    expect(letter.attachments.map((x) => [x.filename, x.contentType])).toEqual([
      [`reconciliation-${from}-${to}.pdf`, 'application/pdf'],
      [`reconciliation-${from}-${to}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    expect((await pdfText(letter.attachments[0]!.content)).text).toContain(amountInWords(closing));
    const [mailedSheet] = readXlsx(letter.attachments[1]!.content, { maxBytes: 1_000_000 });
    expect(mailedSheet!.rows.slice(mailedSheet!.rows.findIndex((r) => r[0] === 'Дата')).slice(0, 6)).toEqual(rows.slice(0, 6));
    const [sentAudit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'document.sent'), eq(auditLog.subjectId, dealerId)));
    expect(sentAudit?.details).toMatchObject({ kind: 'reconciliation', from, to, email: mailbox.address });
  });

  it('refuses a wrong period with a message a person understands, and changes nothing', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    const reversed = await dealer.json('GET', '/api/reconciliation?from=2026-11-30&to=2026-10-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ code: 'INVALID_PERIOD', message: 'Начало периода (2026-11-30) позже его конца (2026-10-01): поменяйте даты местами.' });
    const unreal = await dealer.json('GET', '/api/reconciliation.pdf?from=2026-02-30&to=2026-03-31');
    expect(unreal.status).toBe(400);
    expect(unreal.body.error.fields).toEqual([{ field: 'from', message: 'такой даты нет в календаре' }]);
    const missing = await dealer.json('GET', '/api/reconciliation.xlsx?from=2026-10-01');
    expect(missing.body.error.fields).toEqual([{ field: 'to', message: 'укажите конец периода (ГГГГ-ММ-ДД)' }]);
    const long = await dealer.json('GET', '/api/reconciliation?from=2020-01-01&to=2026-01-01');
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('не больше 5 лет');
    // Staff: the same checks on the body, an unknown dealer, and no letter for a pending one.
    const dealers = (await staff.json('GET', '/api/staff/dealers?status=approved')).body.items as Array<{ id: string }>;
    expect((await staff.json('POST', `/api/staff/dealers/${dealers[0]!.id}/reconciliation/send`, { from: '2026-10-01', to: '2026-09-01' })).status).toBe(400);
    expect((await staff.json('POST', `/api/staff/dealers/${dealers[0]!.id}/reconciliation/send`, {})).body.error.fields.map((f: any) => f.field)).toEqual(['from', 'to']);
    expect((await staff.json('GET', '/api/staff/dealers/00000000-0000-0000-0000-000000000000/reconciliation?from=2026-10-01&to=2026-10-31')).status).toBe(404);
    expect((await staff.json('GET', '/api/staff/dealers/not-a-uuid/reconciliation?from=2026-10-01&to=2026-10-31')).status).toBe(404);
    // Nobody signed in: no statement.
    expect((await new ApiSession(system.baseUrl).request('GET', '/api/reconciliation?from=2026-10-01&to=2026-10-31')).status).toBe(401);
  });
});
