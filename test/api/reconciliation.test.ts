import { simpleParser } from 'mailparser';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers } from '../../db/schema';
import { amountInWords } from '../../src/domain/amount-in-words';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { readXlsx } from '../../src/infra/xlsx';
import { recordHistory } from '../support/histories';
import { bankingCalendar } from '../support/dates';
import { insertApprovedDealer } from '../support/dealers';
import { readFolder } from '../support/mail';
import { OnecClient, decimalRoubles } from '../support/onec-client';
import { pdfText } from '../support/pdf-text';
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

beforeAll(async () => {
  system = await startSystem();
  onec = OnecClient.forRun(system.baseUrl);
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const demo = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
  partNumber = (await demo.firstProduct('KASP')).partNumber;
});
afterAll(async () => system?.stop());

/** An approved prepay dealer of its own (the demo dealers' books are shared with other test files), on the demo's terms. */
async function freshPrepayDealer() {
  const [demo] = await system.db.db.select().from(dealers).where(eq(dealers.email, 'prepay@demo.sid'));
  const { dealerId, org, people } = await insertApprovedDealer(system.db.db, {
    password: PASSWORD,
    people: [{ role: 'dealer_admin', fullName: 'Бухгалтеров Бух', mailbox: 'recon' }],
    terms: { settlementScheme: 'prepay', priceGroupId: demo!.priceGroupId, segments: demo!.segments, authorizedVendors: demo!.authorizedVendors },
  });
  const { mailbox } = people[0]!;
  return { dealerId, org, mailbox, session: await ApiSession.login(system.baseUrl, mailbox.address, PASSWORD) };
}

/** Places a prepay order and has 1C number its invoice on `date`; answers the order, the invoice number and the amount. */
async function numberedInvoice(dealer: ApiSession, quantity: number, date: string): Promise<{ orderNumber: string; number: string; gross: number }> {
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity }], endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const { orderNumber } = placed.body;
  const item = await outboxItem('invoice', orderNumber);
  const number = `СВ-${orderNumber}`;
  expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date })).status).toBe(200);
  return { orderNumber, number, gross: placed.body.totals.grossKopecks };
}

const outboxItem = (documentType: 'invoice' | 'act', orderNumber: string) => onec.outboxItem(orderNumber, documentType, 90_000);

/** The shipped order's act, numbered by 1C on `date`: the shipment document the debt arises with. */
async function numberedAct(orderNumber: string, date: string): Promise<string> {
  const item = await outboxItem('act', orderNumber);
  const number = `АКТ-${orderNumber}`;
  expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date })).status).toBe(200);
  return number;
}

async function pay(invoiceNumber: string, kopecks: number, paidOn: string, paymentOrderNumber: string) {
  const answer = await onec.call('POST', '/api/1c/payments', { paymentId: `${invoiceNumber}-${paymentOrderNumber}`, invoiceNumber, amount: decimalRoubles(kopecks), paidOn, paymentOrderNumber });
  expect(answer.status).toBeLessThan(300);
  return answer.body;
}

describe('the reconciliation statement', () => {
  it('balances to the kopeck across the period boundary, as JSON, PDF and XLSX; other dealers see only their own; staff mail it', async () => {
    const { dealerId, org, mailbox, session: dealer } = await freshPrepayDealer();
    // 1C dates documents at most one banking day ahead and never before the order (today).
    const today = day(0);
    const next = (await bankingCalendar()).nextBankingDay(today);
    const [a, b] = [await numberedInvoice(dealer, 5, today), await numberedInvoice(dealer, 10, today)];
    const bFirst = Math.floor(b.gross / 2) + 7;
    // Prepayments before shipment: an advance in the dealer's favour.
    expect((await pay(a.number, a.gross, today, '501')).status).toBe('applied');
    expect((await pay(b.number, bFirst, today, '502')).status).toBe('applied');
    // Held for a number SID does not know: no dealer's statement shows it.
    expect((await pay(`СВ-НЕТ-${dealerId.slice(0, 8)}`, 1_00, today, '504')).status).toBe('queued');
    // `a` is paid in full, ships, and 1C dates its act the next banking day; `b` never ships.
    const actA = await numberedAct(a.orderNumber, next);

    const first = await dealer.json('GET', `/api/reconciliation?from=${today}&to=${today}`);
    expect(first.status).toBe(200);
    const advance = -(a.gross + bFirst);
    expect(first.body).toMatchObject({ openingKopecks: 0, debitKopecks: 0, creditKopecks: a.gross + bFirst, closingKopecks: advance, debtor: 'supplier' });

    const from = next;
    const to = next;
    const query = `from=${from}&to=${to}`;
    const statement = await dealer.json('GET', `/api/reconciliation?${query}`);
    expect(statement.status).toBe(200);
    const closing = advance + a.gross;
    expect(statement.body).toMatchObject({
      period: { from, to },
      dealer: { name: org.shortName, inn: org.inn },
      supplier: { name: 'ООО «СИД Дистрибуция»' },
      openingKopecks: advance,
      debitKopecks: a.gross,
      creditKopecks: 0,
      closingKopecks: closing,
      debtor: 'supplier',
    });
    expect(closing).toBe(-bFirst);
    expect(statement.body.rows).toEqual([
      { date: from, kind: 'shipment', documentNumber: actA, orderNumber: a.orderNumber, invoiceNumber: null, paymentOrderNumber: null, debitKopecks: a.gross, creditKopecks: 0 },
    ]);

    // PDF: the period, both parties, the act as the debit and the closing balance in words.
    const pdfResponse = await dealer.request('GET', `/api/reconciliation.pdf?${query}`);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(Buffer.from(await pdfResponse.arrayBuffer()));
    expect(text).toContain(`за период: ${dotted(from)} – ${dotted(to)}`);
    expect(text).toContain(`ООО «СИД Дистрибуция», ИНН 7705123452`);
    expect(text).toContain(`${org.shortName}, ИНН ${org.inn}`);
    expect(text).toContain(`Акт приёма-передачи прав № ${actA} от ${dotted(from)} (заказ ${a.orderNumber})`);
    expect(text).not.toContain('Счёт №');
    expect(text).toContain(amountInWords(-closing));

    // XLSX: the same rows, amounts as roubles; an advance stands in the credit column.
    const xlsxResponse = await dealer.request('GET', `/api/reconciliation.xlsx?${query}`);
    expect(xlsxResponse.status).toBe(200);
    expect(xlsxResponse.headers.get('content-disposition')).toBe(`attachment; filename="reconciliation-${from}-${to}.xlsx"`);
    const [sheet] = readXlsx(Buffer.from(await xlsxResponse.arrayBuffer()), { maxBytes: 1_000_000 });
    const rows = sheet!.rows.slice(sheet!.rows.findIndex((r) => r[0] === 'Дата'));
    expect(rows.slice(0, 5)).toEqual([
      ['Дата', 'Документ', 'Дебет', 'Кредит'],
      ['Сальдо начальное', '', '', decimalRoubles(-advance)],
      [dotted(from), `Акт приёма-передачи прав № ${actA} от ${dotted(from)} (заказ ${a.orderNumber})`, decimalRoubles(a.gross)],
      ['Обороты за период', '', decimalRoubles(a.gross)],
      ['Сальдо конечное', '', '', decimalRoubles(-closing)],
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
    expect(theirs.body.rows.map((r: any) => r.documentNumber)).not.toEqual(expect.arrayContaining([actA]));
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
    expect(letter.text).toContain(amountInWords(-closing));
    expect(letter.attachments.map((x) => [x.filename, x.contentType])).toEqual([
      [`reconciliation-${from}-${to}.pdf`, 'application/pdf'],
      [`reconciliation-${from}-${to}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    expect((await pdfText(letter.attachments[0]!.content)).text).toContain(amountInWords(-closing));
    const [mailedSheet] = readXlsx(letter.attachments[1]!.content, { maxBytes: 1_000_000 });
    expect(mailedSheet!.rows.slice(mailedSheet!.rows.findIndex((r) => r[0] === 'Дата')).slice(0, 5)).toEqual(rows.slice(0, 5));
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
