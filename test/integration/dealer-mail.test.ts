import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { eq } from 'drizzle-orm';
import { documents, orders } from '../../db/schema';
import type { ActivityDeps } from '../../src/activities';
import { createDealerMailActivities } from '../../src/activities/mail/dealer-mail.activities';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { createMailer, type Mailer } from '../../src/infra/mail';
import { lmtpUrl, mailboxOf, readFolder } from '../support/mail';
import { insertOrder } from '../support/orders';

/** Letters to dealers, read back from the dealer's mailbox on the run's dovecot. */
let db: DbHandle;
let mailer: Mailer;
let blobDir: string;
async function lettersAbout(subject: string): Promise<ParsedMail[]> {
  const found: ParsedMail[] = [];
  for (const m of await readFolder(mailboxOf('postpay@demo.sid'))) {
    const parsed = await simpleParser(m.source);
    if (parsed.subject === subject) found.push(parsed);
  }
  return found;
}

beforeAll(() => {
  db = connectDb(inject('databaseUrl'));
  mailer = createMailer(lmtpUrl(), 'SID <orders@sid.test>');
  blobDir = mkdtempSync(join(tmpdir(), 'sid-dealer-mail-'));
});
afterAll(async () => {
  mailer?.close();
  await db?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

function activities(attachmentLimitBytes: number) {
  const deps = { db: db.db, blobStore: createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))), publicUrl: 'https://sid.example/', mail: { mailer, vendorMailbox: null, attachmentLimitBytes } };
  return createDealerMailActivities(deps as unknown as ActivityDeps);
}

async function orderWithArchive(bytes: Buffer) {
  const order = await insertOrder(db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }] });
  const blobKey = `orders/${order.orderNumber}/keys.zip`;
  await createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))).put(blobKey, bytes);
  const [row] = await db.db.select({ dealerId: orders.dealerId }).from(orders).where(eq(orders.id, order.orderId));
  await db.db.insert(documents).values({ dealerId: row!.dealerId, orderId: order.orderId, kind: 'key_archive', blobKey, contentType: 'application/zip', sizeBytes: bytes.length, sha256: 'x' });
  return order;
}

describe('letters to the dealer', () => {
  it('attaches a small archive, once however often the activity runs', async () => {
    const zip = Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'latin1');
    const order = await orderWithArchive(zip);
    const mail = activities(1024);
    expect(await mail.mailKeyArchive({ orderId: order.orderId, keyCount: 1 })).toEqual({ to: 'postpay@demo.sid', attached: true });
    await mail.mailKeyArchive({ orderId: order.orderId, keyCount: 1 });
    const letters = await lettersAbout(`Ключи по заказу ${order.orderNumber}`);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.attachments.map((a) => [a.filename, a.content.equals(zip)])).toEqual([[`keys-${order.orderNumber}.zip`, true]]);
    expect(letters[0]!.text).toContain('1 ключ во вложенном архиве');
    // A mail client opens the web app's order page (which asks for a login), not the API's JSON 401.
    expect(letters[0]!.text).toContain(`https://sid.example/#/orders/${order.orderNumber}`);
    expect(letters[0]!.text).not.toContain('/api/');
    // No act yet: 1C numbers it after shipment.
    expect(letters[0]!.text).toContain('Акт передачи прав придёт отдельным письмом, когда 1С присвоит ему номер.');
  });

  it('mails the act and the УПД once 1C has numbered them, once however often the activity runs', async () => {
    const order = await orderWithArchive(Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'latin1'));
    const mail = activities(1024);
    await expect(mail.mailActDocuments({ orderId: order.orderId })).rejects.toThrow(/no numbered act/);

    const store = createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey')));
    const [row] = await db.db.select({ dealerId: orders.dealerId }).from(orders).where(eq(orders.id, order.orderId));
    const xmlName = `ON_NSCHFDOPPR_test_${order.orderNumber}.xml`;
    const files = [
      { kind: 'act' as const, blobKey: `orders/${order.orderNumber}/act.pdf`, content: Buffer.from('%PDF-act'), contentType: 'application/pdf' },
      { kind: 'upd' as const, blobKey: `orders/${order.orderNumber}/upd.pdf`, content: Buffer.from('%PDF-upd'), contentType: 'application/pdf' },
      { kind: 'upd_xml' as const, blobKey: `orders/${order.orderNumber}/${xmlName}`, content: Buffer.from('<?xml version="1.0"?><Файл/>'), contentType: 'application/xml; charset=windows-1251' },
    ];
    for (const f of files) {
      await store.put(f.blobKey, f.content);
      // The document date is printed as given, never compared with today: a fixed date is safe.
      await db.db.insert(documents).values({ dealerId: row!.dealerId, orderId: order.orderId, kind: f.kind, number: 'АКТ/77', documentDate: '2026-03-16', blobKey: f.blobKey, contentType: f.contentType, sizeBytes: f.content.length, sha256: 'x' });
    }
    expect(await mail.mailActDocuments({ orderId: order.orderId })).toEqual({ to: 'postpay@demo.sid', files: ['act-АКТ_77.pdf', 'upd-АКТ_77.pdf', xmlName] });
    await mail.mailActDocuments({ orderId: order.orderId });
    const letters = await lettersAbout(`Акт АКТ/77 по заказу ${order.orderNumber}`);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['act-АКТ_77.pdf', files[0]!.content.toString()],
      ['upd-АКТ_77.pdf', files[1]!.content.toString()],
      [xmlName, files[2]!.content.toString()],
    ]);
    expect(letters[0]!.text).toContain('АКТ/77 от 16.03.2026');
    expect(letters[0]!.text).toContain('Акт и УПД');
    expect(letters[0]!.text).toContain(`https://sid.example/#/orders/${order.orderNumber}`);

    // With the act numbered, a key letter sent after it does not promise it again.
    await mail.mailKeyArchive({ orderId: order.orderId, keyCount: 1 });
    const [keys] = await lettersAbout(`Ключи по заказу ${order.orderNumber}`);
    expect(keys!.text).not.toContain('отдельным письмом');
  });

  it('sends a link instead when the archive is larger than the limit', async () => {
    const order = await orderWithArchive(Buffer.alloc(4096, 1));
    expect(await activities(1024).mailKeyArchive({ orderId: order.orderId, keyCount: 25 })).toMatchObject({ attached: false });
    const [letter] = await lettersAbout(`Ключи по заказу ${order.orderNumber}`);
    expect(letter!.attachments).toEqual([]);
    expect(letter!.text).toContain(`https://sid.example/#/orders/${order.orderNumber}`);
    expect(letter!.text).toContain('скачайте его на странице заказа');
    expect(letter!.text).toContain('25 ключей');
  });

  it('tells the dealer a prepay order was cancelled for an unpaid invoice', async () => {
    const order = await insertOrder(db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }], status: 'cancelled' });
    await activities(1024).mailOrderCancelled({ orderId: order.orderId, invoiceNumber: 'СЧ-000123' });
    const [letter] = await lettersAbout(`Заказ ${order.orderNumber} отменён: счёт не оплачен`);
    expect(letter!.text).toContain('Счёт СЧ-000123');
  });
});
