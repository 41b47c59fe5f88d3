import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { simpleParser } from 'mailparser';
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealers, invoices, onecExchangeLog, orders, payments, staffQueue } from '../../db/schema';
import { invoiceStateQuery, invoiceWorkflowId } from '../../src/workflows/billing/invoice.contract';
import { amountInWords } from '../../src/domain/amount-in-words';
import { formatMinorDecimal } from '../../src/domain/money';
import { bankingCalendar, longDate, moscowDaysFromToday, moscowToday } from '../support/dates';
import { freshDealerLike } from '../support/dealers';
import { readFolder } from '../support/mail';
import { OnecClient } from '../support/onec-client';
import { pdfText } from '../support/pdf-text';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The 1C exchange through the real API, Temporal dev server and PostgreSQL.
let system: RunningSystem;
let onec: OnecClient;
let partNumber: string;

beforeAll(async () => {
  system = await startSystem();
  onec = OnecClient.forRun(system.baseUrl);
  partNumber = (await (await ApiSession.login(system.baseUrl, 'prepay@demo.sid')).firstProduct('KASP')).partNumber;
});
afterAll(async () => system?.stop());

const logCount = async () => (await system.db.db.select({ n: count() }).from(onecExchangeLog))[0]!.n;
const lastLog = async () => (await system.db.db.select().from(onecExchangeLog).orderBy(desc(onecExchangeLog.id)).limit(1))[0]!;

describe('every call is authenticated, and every call is logged', () => {
  it('refuses an unsigned request', async () => {
    const before = await logCount();
    const response = await fetch(`${system.baseUrl}/api/1c/outbox`);
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain('X-SID-Nonce');
    expect(await logCount()).toBe(before + 1);
    expect((await lastLog()).statusCode).toBe(401);
  });

  it('refuses a bad signature', async () => {
    const response = await onec.send(onec.sign('GET', '/api/1c/outbox', undefined, { secret: 'not-the-key' }));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('BAD_SIGNATURE');
    expect((await lastLog()).error).toContain('BAD_SIGNATURE');
  });

  it('refuses a body changed after signing', async () => {
    const request = onec.sign('POST', '/api/1c/payments', { paymentId: 'p-x', invoiceNumber: 'X', amount: '1.00', paidOn: moscowToday(), paymentOrderNumber: '1' });
    request.init.body = request.init.body!.replace('1.00', '1000000.00');
    expect((await onec.send(request)).body.error.code).toBe('BAD_SIGNATURE');
  });

  it('refuses a stale timestamp', async () => {
    const response = await onec.send(onec.sign('GET', '/api/1c/outbox', undefined, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('STALE_REQUEST');
  });

  it('refuses a replayed request', async () => {
    const request = onec.sign('GET', '/api/1c/outbox?limit=1', undefined);
    expect((await onec.send(request)).status).toBe(200);
    const replay = await onec.send(request);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('REPLAYED');
  });

  it('says what is wrong with a malformed payment', async () => {
    const response = await onec.call('POST', '/api/1c/payments', { paymentId: 'p-bad', invoiceNumber: 'X', amount: 1500.5, paidOn: '27.11.2026', paymentOrderNumber: '1' });
    expect(response.status).toBe(400);
    const fields = response.body.error.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['amount', 'paidOn']);
    expect((await lastLog()).requestBody).toContain('p-bad');
  });
});

describe('a prepay order settled through 1C', () => {
  it('outbox → number → partial, duplicate and final payment → shipped; then an overpayment is queued', async () => {
    // A dealer of its own, and 1C's dates taken from today: the invoice must not fall due before the test ends.
    const own = await freshDealerLike(system.db.db, 'prepay@demo.sid');
    const [{ inn: dealerInn, shortName: dealerName }] = await system.db.db.select({ inn: dealers.inn, shortName: dealers.shortName }).from(dealers).where(eq(dealers.id, own.dealerId)) as [{ inn: string; shortName: string }];
    const dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const today = moscowToday();
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }], endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' } });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;
    const gross: number = placed.body.totals.grossKopecks;

    // SID → 1C: the invoice waits in the outbox with the counterparty's requisites and lines.
    const item = await onec.outboxItem(orderNumber);
    expect(item.documentType).toBe('invoice');
    expect(item.document.counterparty.inn).toBe(dealerInn);
    expect(item.document.amountKopecks).toBe(gross);
    expect(item.document.lines[0]).toMatchObject({ partNumber, quantity: 5 });
    expect((await onec.call('POST', `/api/1c/outbox/${item.id}/ack`)).status).toBe(200);
    const after = await onec.call('GET', '/api/1c/outbox?limit=200');
    expect(after.body.items.map((i: any) => i.id)).not.toContain(item.id);

    // 1C → SID: the number. Sent twice; the second changes nothing.
    const number = `СЧ-${orderNumber.slice(-4)}`;
    const numbered = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: today });
    expect(numbered.status).toBe(200);
    const invoiceHandle = system.env.client.workflow.getHandle(invoiceWorkflowId.forOrder(orderNumber));
    await waitFor('the invoice issued', async () => (await invoiceHandle.query(invoiceStateQuery)).status === 'issued');
    // A date that does not exist, or whose due date no production calendar covers, is refused.
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: '2026-02-30' })).status).toBe(400);
    const again = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: today });
    expect(again.body.status).toBe('already_assigned');
    const other = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number: 'СЧ-OTHER', date: today });
    expect(other.status).toBe(409);

    // The dealer sees the numbered invoice and its PDF; another dealer does not.
    const listed = await waitFor('the invoice PDF', async () => {
      const { body } = await dealer.json('GET', '/api/invoices');
      const found = body.items.find((i: any) => i.number === number);
      return found?.pdf && (await dealer.request('GET', found.pdf)).status === 200 ? found : null;
    });
    const [{ termBankingDays }] = await system.db.db.select({ termBankingDays: invoices.termBankingDays }).from(invoices).where(eq(invoices.number, number)) as [{ termBankingDays: number }];
    const dueDate = (await bankingCalendar()).addBankingDays(today, termBankingDays);
    expect(listed).toMatchObject({ orderNumber, amountKopecks: gross, status: 'issued', dueDate });
    const pdf = Buffer.from(await (await dealer.request('GET', listed.pdf)).arrayBuffer());
    const { text } = await pdfText(pdf);
    expect(text).toContain(`Счёт на оплату № ${number} от ${longDate(today)}`);
    expect(text).toContain(amountInWords(gross));
    expect(text).toContain(dealerName);
    const stranger = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    expect((await stranger.request('GET', listed.pdf)).status).toBe(404);
    expect((await stranger.json('GET', '/api/invoices')).body.items.map((i: any) => i.number)).not.toContain(number);

    // Partial payment: the invoice stays open with the remainder; nothing ships yet.
    const first = Math.floor(gross / 3);
    const payment = (paymentId: string, kopecks: number) => ({
      paymentId,
      invoiceNumber: number,
      amount: `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`,
      paidOn: today,
      paymentOrderNumber: paymentId.toUpperCase(),
    });
    const partial = await onec.call('POST', '/api/1c/payments', payment(`${orderNumber}-p1`, first));
    expect(partial.body).toMatchObject({ status: 'applied', remainingKopecks: gross - first });
    for (let i = 0; i < 4; i++) {
      const duplicate = await onec.call('POST', '/api/1c/payments', payment(`${orderNumber}-p1`, first));
      expect(duplicate.body.status).toBe('duplicate');
    }
    const [afterPartial] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(afterPartial).toMatchObject({ paidKopecks: first, status: 'partially_paid' });
    const [stillWaiting] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(stillWaiting!.status).toBe('awaiting_payment');

    const rest = await onec.call('POST', '/api/1c/payments', payment(`${orderNumber}-p2`, gross - first));
    expect(rest.body).toMatchObject({ status: 'applied', remainingKopecks: 0, overpaidKopecks: 0 });
    // Shipped; the act of transfer of rights waits for its 1C number, then joins the archive.
    const act = await onec.outboxItem(orderNumber, 'act');
    expect(act.document.counterparty.inn).toBe(dealerInn);
    const actNumber = `АКТ-${orderNumber.slice(-4)}`;
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: act.sidDocumentId, number: actNumber, date: today })).body).toMatchObject({ documentType: 'act', status: 'assigned' });
    await waitFor('the order completed', async () => {
      const { body } = await dealer.json('GET', `/api/orders/${orderNumber}`);
      return body.status === 'completed';
    });
    const actPdf = await dealer.request('GET', `/api/orders/${orderNumber}/documents/act`);
    expect(actPdf.status).toBe(200);
    const actText = (await pdfText(Buffer.from(await actPdf.arrayBuffer()))).text;
    expect(actText).toContain(actNumber);
    expect(actText).toContain(longDate(today));
    const archive = new AdmZip(Buffer.from(await (await dealer.request('GET', `/api/orders/${orderNumber}/archive`)).arrayBuffer()));
    expect(archive.getEntries().map((e) => e.entryName)).toContain(`act-${actNumber}.pdf`);

    // The keys went out before the act existed: the numbered act and the УПД follow in a letter of their own.
    const actLetter = await waitFor('the act letter', async () => {
      for (const m of await readFolder(own.people[0]!.mailbox.settings)) {
        const parsed = await simpleParser(m.source);
        if (parsed.subject === `Акт ${actNumber} по заказу ${orderNumber}`) return parsed;
      }
      return null;
    });
    const actAttachments = actLetter.attachments.map((a) => a.filename!);
    expect(actAttachments.slice(0, 2)).toEqual([`act-${actNumber}.pdf`, `upd-${actNumber}.pdf`]);
    expect(actAttachments[2]).toMatch(/^ON_NSCHFDOPPR_.*\.xml$/);
    expect(actLetter.attachments[0]!.content.equals(archive.getEntry(`act-${actNumber}.pdf`)!.getData())).toBe(true);

    // The УПД of the shipment, numbered with the act: its printed form and its ФНС XML, in the archive and served.
    const entries = archive.getEntries().map((e) => e.entryName);
    expect(entries).toContain(`upd-${actNumber}.pdf`);
    const xmlName = entries.find((name) => name.startsWith('ON_NSCHFDOPPR_'));
    expect(xmlName).toMatch(new RegExp(`^ON_NSCHFDOPPR_${dealerInn}\\d{0,9}_\\d{19}_${today.replaceAll('-', '')}_[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.xml$`));
    const detail = (await dealer.json('GET', `/api/orders/${orderNumber}`)).body;
    const updDocuments = detail.documents.filter((d: any) => d.kind === 'upd' || d.kind === 'upd_xml').sort((a: any, b: any) => a.kind.localeCompare(b.kind));
    expect(updDocuments).toEqual([
      expect.objectContaining({ kind: 'upd', number: actNumber, href: `/api/orders/${orderNumber}/documents/upd` }),
      expect.objectContaining({ kind: 'upd_xml', number: actNumber, href: `/api/orders/${orderNumber}/documents/upd_xml` }),
    ]);
    const updXml = await dealer.request('GET', `/api/orders/${orderNumber}/documents/upd_xml`);
    expect(updXml.status).toBe(200);
    expect(updXml.headers.get('content-disposition')).toBe(`attachment; filename="${xmlName}"`);
    const xmlBytes = Buffer.from(await updXml.arrayBuffer());
    expect(xmlBytes.equals(archive.getEntry(xmlName!)!.getData())).toBe(true);
    const xmlText = new TextDecoder('windows-1251').decode(xmlBytes);
    expect(xmlText.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
    expect(xmlText).toContain(`НомерДок="${actNumber}"`);
    expect(xmlText).toContain(`СтТовУчНалВсего="${formatMinorDecimal(gross)}"`);
    expect(xmlText).toContain(`ИННЮЛ="${dealerInn}"`);
    const xmlFile = join(mkdtempSync(join(tmpdir(), 'sid-upd-')), xmlName!);
    writeFileSync(xmlFile, xmlBytes);
    const schema = join(import.meta.dirname, '..', '..', 'data', 'fns-upd-5.03', 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd');
    const lint = spawnSync('xmllint', ['--noout', '--schema', schema, xmlFile], { encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toContain('validates');
    expect(lint.status).toBe(0);
    const updPdf = await dealer.request('GET', `/api/orders/${orderNumber}/documents/upd`);
    expect(updPdf.status).toBe(200);
    const updText = (await pdfText(Buffer.from(await updPdf.arrayBuffer()))).text;
    expect(updText).toContain('Универсальный передаточный документ');
    expect(updText).toContain(actNumber);
    expect(updText).toContain(xmlName!);
    const [paid] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(paid).toMatchObject({ paidKopecks: gross, status: 'paid' });

    // A payment after that is an overpayment: recorded, and put before staff.
    const over = await onec.call('POST', '/api/1c/payments', payment(`${orderNumber}-p3`, 5_000));
    expect(over.body).toMatchObject({ status: 'applied', overpaidKopecks: 5_000 });
    const queued = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'overpayment'), eq(staffQueue.reference, number)));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.summary).toContain('50,00');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const staffQueueView = await staff.json('GET', '/api/staff/queue?kind=overpayment');
    expect(staffQueueView.body.items.map((i: any) => i.reference)).toContain(number);
    expect((await dealer.json('GET', '/api/staff/queue')).status).toBe(403);
  });
});

describe('what 1C actually sends', () => {
  it('a body with a byte-order mark is read, and signed as sent', async () => {
    const request = onec.sign('POST', '/api/1c/payments', undefined);
    const body = '\uFEFF' + JSON.stringify({ paymentId: 'bom-1', invoiceNumber: 'СЧ-BOM', amount: '1.00', paidOn: moscowToday(), paymentOrderNumber: '9' });
    const signed = onec.signRaw('POST', '/api/1c/payments', body);
    const response = await onec.send(signed);
    expect(request.url).toContain('/api/1c/payments');
    expect(response.status).toBe(202);
    expect(response.body.reason).toBe('unknown_invoice');
  });

  it('an invoice date whose due date no production calendar covers is refused, and nothing is stored', async () => {
    const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const [invoice] = await system.db.db
      .insert(invoices)
      .values({ dealerId: own.dealerId, purpose: 'postpay', amountKopecks: 10_000, termBankingDays: 3, status: 'awaiting_number', workflowId: 'invoice-test-calendar' })
      .returning();
    // The calendar refuses a year before its first file (a later year counts by the Labour Code):
    // the date is derived from the data, so the test holds whatever year it runs in.
    const uncovered = (await bankingCalendar()).coveredYears[0]! - 1;
    const response = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: invoice!.id, number: 'СЧ-BEFORE-CALENDAR', date: `${uncovered}-12-29` });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toContain(String(uncovered));
    const [after] = await system.db.db.select().from(invoices).where(eq(invoices.id, invoice!.id));
    expect(after!.number).toBeNull();
  });
});

describe('payments 1C cannot place are kept for staff', () => {
  it('a payment for an unknown invoice', async () => {
    const response = await onec.call('POST', '/api/1c/payments', { paymentId: 'unknown-1', invoiceNumber: 'СЧ-NOPE', amount: '100.00', paidOn: moscowToday(), paymentOrderNumber: '77' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'queued', reason: 'unknown_invoice' });
    const [stored] = await system.db.db.select().from(payments).where(eq(payments.externalId, 'unknown-1'));
    expect(stored).toMatchObject({ status: 'queued', amountKopecks: 10_000, invoiceId: null });
    expect(await system.db.db.select().from(staffQueue).where(eq(staffQueue.reference, 'СЧ-NOPE'))).toHaveLength(1);
  });

  it('a payment after the invoice expired', async () => {
    const own = await freshDealerLike(system.db.db, 'prepay@demo.sid');
    await system.db.db.insert(invoices).values({
      dealerId: own.dealerId,
      purpose: 'prepay',
      number: 'СЧ-EXPIRED',
      numberDate: moscowDaysFromToday(-30),
      amountKopecks: 50_000,
      termBankingDays: 5,
      status: 'expired',
      workflowId: 'invoice-test-expired',
    });
    const response = await onec.call('POST', '/api/1c/payments', { paymentId: 'late-1', invoiceNumber: 'СЧ-EXPIRED', amount: '500.00', paidOn: moscowToday(), paymentOrderNumber: '78' });
    expect(response.status).toBe(202);
    expect(response.body.reason).toBe('invoice_closed');
    const [invoice] = await system.db.db.select().from(invoices).where(eq(invoices.number, 'СЧ-EXPIRED'));
    expect(invoice).toMatchObject({ status: 'expired', paidKopecks: 0 });
    const queued = await system.db.db.select().from(staffQueue).where(eq(staffQueue.kind, 'payment_after_expiry'));
    expect(queued.map((q) => q.reference)).toContain('СЧ-EXPIRED');
  });

  it('the same payment id with different data is refused, not merged', async () => {
    // A payment of its own first (tests of this file may run in any order).
    const first = { paymentId: 'conflict-1', invoiceNumber: 'СЧ-CONFLICT', amount: '100.00', paidOn: moscowToday(), paymentOrderNumber: '79' };
    expect((await onec.call('POST', '/api/1c/payments', first)).status).toBe(202);
    const response = await onec.call('POST', '/api/1c/payments', { ...first, amount: '999.00' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PAYMENT_CONFLICT');
  });
});
