import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ImapFlow } from 'imapflow';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { BlobWriter, TextReader, ZipWriter } from '@zip.js/zip.js';
import { blobs, inboundMail, licenseKeys, orderLines, orders, staffQueue, users, vendors } from '../../db/schema';
import { ingestMailbox, watchMailbox } from '../../src/activities/mail/ingestion.activities';
import { acceptInboundByStaff, chooseKeysByStaff, letterForStaff, readOriginal, takeInboundMessage, takeInboundMessages, type InboundDeps } from '../../src/activities/mail/inbound-mail';
import { renderPdf } from '../../src/documents/pdf';
import { requestMessageId } from '../../src/activities/fulfilment/email-settings';
import { createLocalBlobStore, createPostgresBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { temporalCliPath } from '../../scripts/lib/tools';
import { deliverRaw, freshMailbox, readFolder } from '../support/mail';
import { mailFixture, mailManifest } from '../support/mail-fixtures';
import { insertOrder } from '../support/orders';
import { emailVendorWithSenders } from '../support/vendors';

/**
 * The real ingestion against the run's dovecot: every real-world reply in the fixtures is
 * delivered over LMTP, read over IMAP, parsed, matched and stored in PostgreSQL.
 */
const manifest = mailManifest;

let db: DbHandle;
let env: TestWorkflowEnvironment;
let deps: InboundDeps;
let blobDir: string;
beforeAll(async () => {
  db = connectDb(inject('databaseUrl'));
  blobDir = mkdtempSync(join(tmpdir(), 'sid-mail-blobs-'));
  // A real Temporal server for the wake-up signals (no fulfilment runs here: they find none and carry on).
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } });
  deps = { db: db.db, blobStore: createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))), keyCipher: createKeyCipher(inject('keyEncryptionKey')), temporal: env.client };
});
afterAll(async () => {
  await env?.teardown();
  await db?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

const keysOf = async (lineIds: string[]) => {
  const rows = await db.db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lineIds));
  return rows.map((r) => ({ lineId: r.orderLineId, key: deps.keyCipher.decrypt(r.keyEncrypted), fileName: r.fileName, file: r.fileEncrypted ? Buffer.from(deps.keyCipher.decrypt(r.fileEncrypted), 'base64') : null }));
};

/**
 * The real-world fixtures come from several vendors' desks; the vendor of these orders lists each
 * of their domains as a sender (only configured senders are trusted with keys).
 */
const FIXTURE_SENDERS = ['av-vendor.example', 'antivirus-two.example', 'ocr-vendor.example', 'backup-vendor.example', 'vendor-five.example', 'design-vendor.example', 'office-vendor.example'];

describe('vendor mail ingestion over IMAP', () => {
  const mailbox = freshMailbox('orders');
  /** One order per fixture (the duplicate shares its original's), quantities as the manifest's keys. */
  const orderOf = new Map<string, Awaited<ReturnType<typeof insertOrder>>>();
  const delivered = new Map<string, Buffer>();
  let vendorCode: string;

  beforeAll(async () => {
    vendorCode = (await emailVendorWithSenders(db.db, FIXTURE_SENDERS)).vendor.code;
    for (const entry of manifest) {
      if (entry.duplicate_of) continue;
      const lines =
        entry.file.startsWith('03-')
          ? // The vendor's CSV names its SKUs: keys must follow them, not the line order.
            [{ partNumber: 'ABBX-CORP-1Y', quantity: 1 }, { partNumber: 'ABBX-PRO-1Y', quantity: 2 }]
          : [{ quantity: entry.keys?.length ?? 1 }];
      orderOf.set(entry.file, await insertOrder(db.db, { vendorCode, lines }));
    }
    for (const entry of manifest) {
      const order = orderOf.get(entry.duplicate_of ?? entry.file)!;
      const raw = mailFixture(entry.file, { orderRef: order.orderNumber, requestMessageId: requestMessageId(order.orderNumber, vendorCode, 1, 'sid.test') });
      delivered.set(entry.file, raw);
      await deliverRaw(mailbox.address, raw);
    }
  });

  it('takes every fixture: keys where there are keys, the rest to staff, none lost', async () => {
    const report = await ingestMailbox(deps, mailbox.settings);
    expect(report.failed).toEqual([]);
    expect(report.read).toBe(manifest.length);
    expect(await readFolder(mailbox.settings, 'INBOX')).toHaveLength(0);
    expect(await readFolder(mailbox.settings, 'Processed')).toHaveLength(manifest.length);

    for (const entry of manifest) {
      const order = orderOf.get(entry.duplicate_of ?? entry.file)!;
      const stored = await keysOf(order.lineIds);
      const statuses = (await db.db.select({ status: inboundMail.status }).from(inboundMail).where(eq(inboundMail.orderId, order.orderId))).map((r) => r.status);
      switch (entry.outcome) {
        case 'keys': {
          expect(stored.map((k) => k.key).sort(), entry.file).toEqual([...entry.keys!].sort());
          expect(statuses, entry.file).toContain('matched');
          if (entry.key_files) {
            expect(stored.map((k) => k.fileName).sort(), entry.file).toEqual([...entry.key_files].sort());
            for (const k of stored) expect(k.file?.toString('utf8'), entry.file).toContain(k.key);
          }
          if (entry.part_numbers) {
            const lines = await db.db.select().from(orderLines).where(inArray(orderLines.id, order.lineIds));
            const partOf = new Map(lines.map((l) => [l.id, l.partNumber]));
            const byKey = new Map(stored.map((k) => [k.key, partOf.get(k.lineId)]));
            entry.keys!.forEach((key, i) => expect(byKey.get(key), `${entry.file}: ${key}`).toBe(entry.part_numbers![i]));
          }
          break;
        }
        case 'no-keys':
          expect(stored, entry.file).toEqual([]);
          expect(statuses, entry.file).toEqual(['no_keys']);
          break;
        case 'duplicate':
          expect(statuses.sort(), entry.file).toEqual(['duplicate', 'matched']);
          break;
        case 'staff-queue':
          expect(stored, entry.file).toEqual([]);
          break;
      }
    }
    // The duplicate added nothing to its original's order.
    const original = orderOf.get('01-av-vendor-cp1251-zip-keyfiles.eml')!;
    expect(await keysOf(original.lineIds)).toHaveLength(3);

    // Each message that needs a person is in the staff queue, with its original kept byte for byte.
    const toStaff = await db.db.select().from(inboundMail).where(eq(inboundMail.status, 'staff'));
    const staffFiles = manifest.filter((m) => m.outcome === 'staff-queue').map((m) => m.file);
    expect(toStaff).toHaveLength(staffFiles.length);
    for (const message of toStaff) {
      const [item] = await db.db.select().from(staffQueue).where(and(eq(staffQueue.reference, `mail:${message.id}`), eq(staffQueue.status, 'open')));
      expect(item, message.subject).toBeDefined();
      // The server adds its trace headers on top; everything the vendor sent is kept below them.
      const original = await readOriginal(deps, message.blobKey);
      expect([...delivered.values()].filter((sent) => original.subarray(original.length - sent.length).equals(sent))).toHaveLength(1);
    }
    const kinds = (await db.db.select({ kind: staffQueue.kind, reference: staffQueue.reference }).from(staffQueue)).filter((i) => toStaff.some((m) => i.reference === `mail:${m.id}`)).map((i) => i.kind);
    expect(kinds.sort()).toEqual(['vendor_mail_bounce', 'vendor_mail_unmatched', 'vendor_mail_unreadable']);
  });

  it('adds nothing when the same messages are read again (a reading that stopped before moving them)', async () => {
    const before = {
      inbound: (await db.db.select().from(inboundMail)).length,
      keys: (await db.db.select().from(licenseKeys)).length,
      queue: (await db.db.select().from(staffQueue)).length,
    };
    // Put the processed messages back in the inbox, byte for byte, as if they had never been moved.
    const processed = await readFolder(mailbox.settings, 'Processed');
    const client = new ImapFlow({ host: '127.0.0.1', port: mailbox.settings.port, secure: false, auth: { user: mailbox.address, pass: mailbox.settings.password }, logger: false });
    await client.connect();
    for (const message of processed) await client.append('INBOX', message.source);
    await client.logout();

    const report = await ingestMailbox(deps, mailbox.settings);
    expect(report.read).toBe(manifest.length);
    expect((await db.db.select().from(inboundMail)).length).toBe(before.inbound);
    expect((await db.db.select().from(licenseKeys)).length).toBe(before.keys);
    expect((await db.db.select().from(staffQueue)).length).toBe(before.queue);
    expect(await readFolder(mailbox.settings, 'INBOX')).toHaveLength(0);
  });

  it('a message taken but not yet moved is recognised by its bytes on the next reading', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    // Another message than the one read above: a Message-ID of its own.
    await deliverRaw(mailbox.address, mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', 'fixture-2-unmoved@']] }));
    const [inInbox] = await readFolder(mailbox.settings, 'INBOX');
    // The first reading committed the keys and stopped before the move.
    const first = await takeInboundMessage(deps, inInbox!.source, 'test');
    expect(first).toMatchObject({ status: 'matched', keysStored: 2, seenBefore: false });

    const report = await ingestMailbox(deps, mailbox.settings);
    expect(report).toMatchObject({ read: 1, failed: [] });
    expect(await keysOf(order.lineIds)).toHaveLength(2);
    expect(await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, order.orderId))).toHaveLength(1);
    expect(await readFolder(mailbox.settings, 'INBOX')).toHaveLength(0);
  });

  it('in one batch, a second copy of a letter is its duplicate and the same bytes twice add nothing', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    const raw = mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', 'fixture-2-batch@']] });
    // Another copy of the same letter: other bytes (a header added on the way), the same Message-ID and sender.
    const copy = Buffer.concat([Buffer.from('X-Relayed: again\r\n'), raw]);
    const results = await takeInboundMessages(deps, [raw, copy, raw], 'test');
    expect(results.map((r) => ('outcome' in r ? [r.outcome.status, r.outcome.keysStored, r.outcome.seenBefore] : r.error))).toEqual([
      ['matched', 2, false],
      ['duplicate', 0, false],
      ['matched', 0, true],
    ]);
    expect(await keysOf(order.lineIds)).toHaveLength(2);
    const rows = await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, order.orderId));
    expect(rows.map((r) => [r.status, r.reason]).sort()).toEqual([['duplicate', 'same_message_id'], ['matched', null]]);
  });

  it('a batch with one letter the database refuses still takes the others exactly once', async () => {
    const orderOfTwo = () => insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    const [first, refused, last] = [await orderOfTwo(), await orderOfTwo(), await orderOfTwo()];
    const letter = (order: typeof first, tag: string, subject = '') =>
      mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', `fixture-2-${tag}@`], ['Subject: ', `Subject: ${subject}`]] });
    // Matched and from a trusted sender like the others, but its subject holds U+0000, which PostgreSQL's text refuses.
    const raws = [letter(first, 'first'), letter(refused, 'refused', '=?utf-8?q?nul=00?= '), letter(last, 'last')];
    const outcomes = (results: Awaited<ReturnType<typeof takeInboundMessages>>) =>
      results.map((r) => ('outcome' in r ? [r.outcome.status, r.outcome.keysStored, r.outcome.seenBefore] : 'error'));

    expect(outcomes(await takeInboundMessages(deps, raws, 'test'))).toEqual([['matched', 2, false], 'error', ['matched', 2, false]]);
    // The next reading finds the good ones taken (by their bytes) and adds nothing; the refused one fails again, alone.
    expect(outcomes(await takeInboundMessages(deps, raws, 'test'))).toEqual([['matched', 0, true], 'error', ['matched', 0, true]]);
    for (const order of [first, last]) {
      expect(await keysOf(order.lineIds)).toHaveLength(2);
      expect(await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, order.orderId))).toHaveLength(1);
    }
    expect(await keysOf(refused.lineIds)).toEqual([]);
    expect(await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, refused.orderId))).toEqual([]);
  });

  it('a batch kept in the PostgreSQL blob store (the default) keeps every original, encrypted, readable by its row', async () => {
    const pgDeps = { ...deps, blobStore: createPostgresBlobStore(db.db, deps.keyCipher) };
    const batch = await Promise.all(['pg-a', 'pg-b', 'pg-c'].map(async (tag) => {
      const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
      return { order, raw: mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', `fixture-2-${tag}@`]] }) };
    }));
    const results = await takeInboundMessages(pgDeps, batch.map((b) => b.raw), 'test');
    expect(results.map((r) => ('outcome' in r ? r.outcome.status : r.error))).toEqual(['matched', 'matched', 'matched']);
    for (const { order, raw } of batch) {
      const [row] = await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, order.orderId));
      expect((await readOriginal(pgDeps, row!.blobKey)).equals(raw)).toBe(true);
      const [stored] = await db.db.select().from(blobs).where(eq(blobs.key, row!.blobKey));
      expect(stored!.ciphertext.includes(Buffer.from('6B32-16FD-AEEB-9757'))).toBe(false);
    }
  });

  it('letters to the same order in one batch fill its lines one after the other; the one offering more than is left goes to staff', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 3 }] });
    const one = (tag: string, keys: string[]) =>
      Buffer.from(
        [
          'From: sales@antivirus-two.example',
          'To: orders@sid.example',
          `Subject: Keys for ${order.orderNumber}`,
          `Message-ID: <batch-${tag}@antivirus-two.example>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Order ${order.orderNumber}`,
          ...keys.map((k) => `Serial: ${k}`),
          '',
        ].join('\r\n'),
      );
    const results = await takeInboundMessages(
      deps,
      [one('a', ['AB12-CD34-EF56-7A8B', 'BC23-DE45-F067-8A9C']), one('b', ['AB12-CD34-EF56-7A8B', 'CD34-EF56-A178-9BAD']), one('c', ['DE45-F067-B289-ACBE', 'EF56-A178-C39A-BDCF'])],
      'test',
    );
    expect(results.map((r) => ('outcome' in r ? [r.outcome.status, r.outcome.keysStored] : r.error))).toEqual([
      ['matched', 2],
      // One of its keys the first letter brought already: the other takes the last place.
      ['matched', 1],
      // Two new keys and no place left: none is taken, staff decide.
      ['staff', 0],
    ]);
    expect((await keysOf(order.lineIds)).map((k) => k.key).sort()).toEqual(['AB12-CD34-EF56-7A8B', 'BC23-DE45-F067-8A9C', 'CD34-EF56-A178-9BAD']);
    const rows = await db.db.select().from(inboundMail).where(eq(inboundMail.orderId, order.orderId));
    expect(rows.map((r) => [r.status, r.reason, r.keyCount]).sort()).toEqual([['matched', null, 1], ['matched', null, 2], ['staff', 'no_open_lines', 0]]);
    const [surplus] = await db.db.select().from(staffQueue).where(eq(staffQueue.reference, `mail:${rows.find((r) => r.status === 'staff')!.id}`));
    expect(surplus?.kind).toBe('vendor_mail_surplus');
  });

  it('sends a reply for a cancelled order to staff instead of storing its keys', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }], status: 'cancelled' });
    const raw = mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', 'fixture-2-cancelled@']] });
    const outcome = await takeInboundMessage(deps, raw, 'test');
    expect(outcome).toMatchObject({ status: 'staff', keysStored: 0 });
    expect(await keysOf(order.lineIds)).toEqual([]);
  });
});

/**
 * Issue 15: the vendor's senders are an allow-list, no surplus ships, letters that need a person
 * reach staff at once with the reason, and keys come out of PDF certificates and password zips.
 * Every letter is delivered over LMTP to the run's dovecot and read by the real ingestion.
 */
describe('issue 15: trusted senders, no surplus, letters vendors really send', () => {
  const mailbox = freshMailbox('orders-i15');
  let vendorCode: string;
  const staffUser = { id: '' };

  const fixture = (file: string, order: { orderNumber: string }, more: Array<[string, string]> = []) =>
    mailFixture(`issue-15/${file}`, { orderRef: order.orderNumber, requestMessageId: requestMessageId(order.orderNumber, vendorCode, 1, 'sid.test'), replace: more });

  /** Delivers the letters and reads the mailbox once, as the schedule would. */
  async function deliverAndRead(...letters: Buffer[]) {
    for (const raw of letters) await deliverRaw(mailbox.address, raw);
    const report = await ingestMailbox(deps, mailbox.settings);
    expect(report.failed).toEqual([]);
    expect(report.read).toBe(letters.length);
  }
  const messageOf = async (messageId: string) => {
    const [row] = await db.db.select().from(inboundMail).where(eq(inboundMail.messageId, messageId));
    expect(row, messageId).toBeDefined();
    return row!;
  };
  const openTasks = async (inboundMailId: string) =>
    db.db.select().from(staffQueue).where(and(eq(staffQueue.reference, `mail:${inboundMailId}`), eq(staffQueue.status, 'open')));
  const orderStatus = async (orderId: string) => (await db.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0]!.status;

  beforeAll(async () => {
    vendorCode = (await emailVendorWithSenders(db.db, ['abbyy.ru'])).vendor.code;
    const [staff] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, 'staff@demo.sid'));
    staffUser.id = staff!.id;
  });

  it('a look-alike domain, a stranger and a spoof of the vendor\'s own domain store nothing and wait for staff as "unknown sender"', async () => {
    const lookalike = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const stranger = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const spoofed = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(fixture('13-lookalike-domain.eml', lookalike), fixture('14-stranger-mailru.eml', stranger), fixture('15-spoofed-own-domain.eml', spoofed));

    const cases = [
      { order: lookalike, messageId: '<issue15-13@abbyy-vendor.ru>', reason: 'unknown_sender' },
      { order: stranger, messageId: '<issue15-14@mail.ru>', reason: 'unknown_sender' },
      { order: spoofed, messageId: '<issue15-15@spoof.example>', reason: 'authentication_failed' },
    ];
    for (const { order, messageId, reason } of cases) {
      const message = await messageOf(messageId);
      expect(message, messageId).toMatchObject({ status: 'staff', reason, orderId: order.orderId, keyCount: 0 });
      expect(await keysOf(order.lineIds), messageId).toEqual([]);
      expect(await orderStatus(order.orderId)).toBe('fulfilling');
      const tasks = await openTasks(message.id);
      expect(tasks.map((t) => t.kind), messageId).toEqual(['vendor_mail_unknown_sender']);
      expect(tasks[0]!.summary).toContain(order.orderNumber);
    }
    // What the receiving server said is kept and shown to staff.
    const strangerMessage = await messageOf('<issue15-14@mail.ru>');
    expect(strangerMessage.details).toMatchObject({ authentication: { spf: 'pass', dkim: 'pass', dmarc: 'pass', passed: true } });
    expect((await openTasks(strangerMessage.id))[0]!.payload).toMatchObject({ from: 'ivan.petrov1987@mail.ru', authentication: { dmarc: 'pass' } });
    expect((await messageOf('<issue15-15@spoof.example>')).details).toMatchObject({ authentication: { dmarc: 'fail', failed: true } });

    // Staff accept the stranger's letter once: its key is stored, the task closed; the sender stays unknown.
    const accepted = await acceptInboundByStaff(deps, { inboundMailId: strangerMessage.id, userId: staffUser.id });
    expect(accepted).toMatchObject({ status: 'matched', keysStored: 1, senderAdded: null });
    expect((await keysOf(stranger.lineIds)).map((k) => k.key)).toEqual(['STRNG-44444-55555-66666']);
    expect(await openTasks(strangerMessage.id)).toEqual([]);
    expect((await messageOf('<issue15-14@mail.ru>')).details).toMatchObject({ acceptedBy: staffUser.id });
    // Once only: accepting it again is refused.
    await expect(acceptInboundByStaff(deps, { inboundMailId: strangerMessage.id, userId: staffUser.id })).rejects.toMatchObject({ statusCode: 409 });
    const [vendor] = await db.db.select().from(vendors).where(eq(vendors.code, vendorCode));
    expect((vendor!.adapterSettings as { senders: string[] }).senders).toEqual(['abbyy.ru']);
  });

  it('staff add a new desk of the vendor to its senders; its next letters are trusted', async () => {
    const first = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(fixture('22-new-desk.eml', first));
    const message = await messageOf('<issue15-22@abbyy-partners.example>');
    expect(message).toMatchObject({ status: 'staff', reason: 'unknown_sender' });
    expect(await acceptInboundByStaff(deps, { inboundMailId: message.id, userId: staffUser.id, addSender: 'domain' })).toMatchObject({ status: 'matched', keysStored: 1, senderAdded: 'abbyy-partners.example' });
    const [vendor] = await db.db.select().from(vendors).where(eq(vendors.code, vendorCode));
    expect((vendor!.adapterSettings as { senders: string[] }).senders).toEqual(['abbyy.ru', 'abbyy-partners.example']);

    const next = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(fixture('22-new-desk.eml', next, [['issue15-22@', 'issue15-22-next@']]));
    expect(await messageOf('<issue15-22-next@abbyy-partners.example>')).toMatchObject({ status: 'matched', keyCount: 1 });
    // Staff's change goes back for the other tests of this block.
    await db.db.update(vendors).set({ adapterSettings: { ...(vendor!.adapterSettings as object), senders: ['abbyy.ru'] } }).where(eq(vendors.code, vendorCode));
  });

  it('a vendor with no senders configured: staff confirm every letter', async () => {
    const bare = (await emailVendorWithSenders(db.db, [])).vendor.code;
    const order = await insertOrder(db.db, { vendorCode: bare, lines: [{ quantity: 2 }] });
    await deliverAndRead(mailFixture('issue-15/16-html-pre-keys-signature-phone.eml', { orderRef: order.orderNumber, requestMessageId: requestMessageId(order.orderNumber, bare, 1, 'sid.test'), replace: [['issue15-16@', 'issue15-16-bare@']] }));
    const message = await messageOf('<issue15-16-bare@abbyy.ru>');
    expect(message).toMatchObject({ status: 'staff', reason: 'no_senders_configured', keyCount: 0 });
    expect((await openTasks(message.id)).map((t) => t.kind)).toEqual(['vendor_mail_unknown_sender']);
    expect(await keysOf(order.lineIds)).toEqual([]);
  });

  it('keys in HTML <pre> blocks and the text part count once, and the hotline in the signature is no key', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    await deliverAndRead(fixture('16-html-pre-keys-signature-phone.eml', order));
    const message = await messageOf('<issue15-16@abbyy.ru>');
    expect(message).toMatchObject({ status: 'matched', keyCount: 2 });
    expect((await keysOf(order.lineIds)).map((k) => k.key).sort()).toEqual(['HTMLK-AAAA1-BBBB2-CCCC3', 'HTMLK-DDDD4-EEEE5-FFFF6']);
    // Nothing is left over for staff: the phone number was never a candidate.
    expect(await openTasks(message.id)).toEqual([]);
    expect((await letterForStaff(deps, message.id)).candidates.map((c) => c.key)).toEqual(['HTMLK-AAAA1-BBBB2-CCCC3', 'HTMLK-DDDD4-EEEE5-FFFF6']);
  });

  it('three keys for an order of two store nothing; staff choose two with the letter beside them', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    await deliverAndRead(fixture('17-three-keys-for-two.eml', order));
    const message = await messageOf('<issue15-17@abbyy.ru>');
    expect(message).toMatchObject({ status: 'staff', reason: 'surplus', keyCount: 0, details: { candidates: 3, openPlaces: 2 } });
    expect(await keysOf(order.lineIds)).toEqual([]);
    const tasks = await openTasks(message.id);
    expect(tasks.map((t) => t.kind)).toEqual(['vendor_mail_surplus']);
    expect(tasks[0]!.summary).toContain('3 ключа на 2 места');

    const letter = await letterForStaff(deps, message.id);
    expect(letter.candidates.map((c) => c.key)).toEqual(['SURPL-11111-AAAAA-BBBBB', 'SURPL-22222-CCCCC-DDDDD', 'SURPL-33333-EEEEE-FFFFF']);
    expect(letter.openPlaces).toBe(2);
    expect(letter.text).toContain('Горячая линия: 8800-2220-3344-0101');

    // A key that is not in the letter, or more keys than the order needs, is refused and changes nothing.
    await expect(chooseKeysByStaff(deps, { inboundMailId: message.id, keys: ['SURPL-11111-AAAAA-BBBBB', 'INVEN-TED00-KEY00-00000'], userId: staffUser.id })).rejects.toMatchObject({ statusCode: 422, code: 'KEY_NOT_IN_LETTER' });
    await expect(chooseKeysByStaff(deps, { inboundMailId: message.id, keys: letter.candidates.map((c) => c.key), userId: staffUser.id })).rejects.toMatchObject({ statusCode: 422, code: 'TOO_MANY_KEYS' });
    expect(await keysOf(order.lineIds)).toEqual([]);

    const chosen = await chooseKeysByStaff(deps, { inboundMailId: message.id, keys: ['SURPL-11111-AAAAA-BBBBB', 'SURPL-33333-EEEEE-FFFFF'], userId: staffUser.id });
    expect(chosen).toMatchObject({ status: 'matched', keysStored: 2 });
    expect((await keysOf(order.lineIds)).map((k) => k.key).sort()).toEqual(['SURPL-11111-AAAAA-BBBBB', 'SURPL-33333-EEEEE-FFFFF']);
    expect(await openTasks(message.id)).toEqual([]);
  });

  it('keys typed with Cyrillic look-alike letters are stored in Latin, and the message records it', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 2 }] });
    await deliverAndRead(fixture('18-cyrillic-lookalikes.eml', order));
    const message = await messageOf('<issue15-18@abbyy.ru>');
    expect(message).toMatchObject({ status: 'matched', keyCount: 2, details: { lookalikesNormalised: 2 } });
    expect((await keysOf(order.lineIds)).map((k) => k.key).sort()).toEqual(['7MH0P-TX111-ABC22-EKM33', 'CEPT1-ABEKM-HOPCT-X9999']);
  });

  it('a reply from the vendor with no usable keys reaches staff at once; an out-of-office does not', async () => {
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(fixture('19-acknowledged-no-keys.eml', order), fixture('20-out-of-office.eml', order));
    const acknowledged = await messageOf('<issue15-19@abbyy.ru>');
    expect(acknowledged).toMatchObject({ status: 'staff', reason: 'no_keys_found', orderId: order.orderId });
    const tasks = await openTasks(acknowledged.id);
    expect(tasks.map((t) => t.kind)).toEqual(['vendor_mail_no_keys']);
    expect(tasks[0]!.summary).toContain(order.orderNumber);
    const outOfOffice = await messageOf('<issue15-20@abbyy.ru>');
    expect(outOfOffice).toMatchObject({ status: 'no_keys', reason: 'auto_reply' });
    expect(await openTasks(outOfOffice.id)).toEqual([]);
    expect(await keysOf(order.lineIds)).toEqual([]);
  });

  it('a letter answering two of our orders says the order is ambiguous, not the vendor', async () => {
    const one = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const two = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(fixture('21-two-orders.eml', one, [['{{ORDER_REF_2}}', two.orderNumber], ['{{ORDER_REF_2}}', two.orderNumber]]));
    const message = await messageOf('<issue15-21@abbyy.ru>');
    expect(message).toMatchObject({ status: 'staff', reason: 'ambiguous_order', orderId: null });
    const [task] = await openTasks(message.id);
    expect(task!.kind).toBe('vendor_mail_unmatched');
    expect(task!.summary).toContain(one.orderNumber);
    expect(task!.summary).toContain(two.orderNumber);
    expect(task!.summary).toContain('к какому заказу');
    expect(task!.summary).not.toContain('вендор');
    expect([...(await keysOf(one.lineIds)), ...(await keysOf(two.lineIds))]).toEqual([]);
  });

  it('takes keys from a PDF certificate; a PDF without a text layer goes to staff with the reason', async () => {
    const certificate = await renderPdf(
      { content: ['Лицензионный сертификат', 'Ключ активации: PDFCT-1A2B3-C4D5E-F6G7H', 'Поддержка: 8800-2220-3344-0101'].map((text) => ({ text })) },
      // A fixed date: the PDF's creation date only.
      { title: 'Сертификат', author: 'ABBYY', date: '2026-11-20' },
    );
    const order = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const scanOrder = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const scan = await renderPdf({ content: [{ canvas: [{ type: 'rect', x: 0, y: 0, w: 300, h: 200, color: '#999999' }] }] }, { title: 'scan', author: 'ABBYY', date: '2026-11-20' });
    await deliverAndRead(
      await composed({ order, vendorCode, id: 'issue15-pdf', text: 'Сертификат во вложении.', attachments: [{ filename: 'certificate.pdf', content: certificate, contentType: 'application/pdf' }] }),
      await composed({ order: scanOrder, vendorCode, id: 'issue15-scan', text: 'Сертификат во вложении.', attachments: [{ filename: 'scan.pdf', content: scan, contentType: 'application/pdf' }] }),
    );
    expect(await messageOf('<issue15-pdf@abbyy.ru>')).toMatchObject({ status: 'matched', keyCount: 1 });
    expect(await keysOf(order.lineIds)).toMatchObject([{ key: 'PDFCT-1A2B3-C4D5E-F6G7H', fileName: 'certificate.pdf' }]);

    const scanned = await messageOf('<issue15-scan@abbyy.ru>');
    expect(scanned).toMatchObject({ status: 'staff', reason: 'unreadable', keyCount: 0 });
    expect(scanned.problems).toEqual([expect.stringContaining('не содержит текстового слоя')]);
    const [task] = await openTasks(scanned.id);
    expect(task).toMatchObject({ kind: 'vendor_mail_unreadable' });
    expect(task!.summary).toContain('текстового слоя');
  });

  it('opens ZipCrypto and AES zips with the password in the body; a wrong password goes to staff with the reason', async () => {
    const key = (n: number) => `-----BEGIN LICENSE-----\nPWZIP-${n}AAAA-BBBB${n}-CCCCC-DDDDD\n-----END LICENSE-----\n`;
    const zipCrypto = await passwordZip({ 'license.key': key(1) }, '7731', true);
    const aes = await passwordZip({ 'licenses/seat.key': key(2) }, 'Kx-19!q', false);
    const crypto = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const aesOrder = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    const wrongOrder = await insertOrder(db.db, { vendorCode, lines: [{ quantity: 1 }] });
    await deliverAndRead(
      await composed({ order: crypto, vendorCode, id: 'issue15-zipcrypto', text: 'Ключи во вложении.\nПароль: 7731', attachments: [{ filename: 'keys.zip', content: zipCrypto }] }),
      await composed({ order: aesOrder, vendorCode, id: 'issue15-aes', text: 'Архив с ключами, пароль к архиву — Kx-19!q', attachments: [{ filename: 'keys.zip', content: aes }] }),
      await composed({ order: wrongOrder, vendorCode, id: 'issue15-wrong', text: 'Ключи во вложении, password: 0000', attachments: [{ filename: 'keys.zip', content: zipCrypto }] }),
    );
    expect(await keysOf(crypto.lineIds)).toMatchObject([{ key: 'PWZIP-1AAAA-BBBB1-CCCCC-DDDDD', fileName: 'license.key' }]);
    expect(await keysOf(aesOrder.lineIds)).toMatchObject([{ key: 'PWZIP-2AAAA-BBBB2-CCCCC-DDDDD', fileName: 'seat.key' }]);
    const wrong = await messageOf('<issue15-wrong@abbyy.ru>');
    expect(wrong).toMatchObject({ status: 'staff', reason: 'unreadable', keyCount: 0 });
    expect(wrong.problems).toEqual([expect.stringContaining('пароль из письма его не открыл')]);
    expect((await openTasks(wrong.id)).map((t) => t.kind)).toEqual(['vendor_mail_unreadable']);
    expect(await keysOf(wrongOrder.lineIds)).toEqual([]);
  });
});

describe('IMAP IDLE on the vendor mailbox (issue 15, latency)', () => {
  it('reads a reply within seconds of its delivery, with no schedule running', async () => {
    const mailbox = freshMailbox('orders-idle');
    const { vendor } = await emailVendorWithSenders(db.db, ['abbyy.ru']);
    const order = await insertOrder(db.db, { vendorCode: vendor.code, lines: [{ quantity: 2 }] });
    const controller = new AbortController();
    let readings = 0;
    let firstReading!: () => void;
    const watching = new Promise<void>((resolve) => (firstReading = resolve));
    const watch = watchMailbox(mailbox.settings, {
      maxMs: 60_000,
      signal: controller.signal,
      onNewMail: async () => {
        await ingestMailbox(deps, mailbox.settings);
        readings++;
        firstReading();
      },
    });
    try {
      await watching; // the reading at the start: the inbox was empty
      const raw = mailFixture('issue-15/16-html-pre-keys-signature-phone.eml', {
        orderRef: order.orderNumber,
        requestMessageId: requestMessageId(order.orderNumber, vendor.code, 1, 'sid.test'),
        replace: [['issue15-16@', 'issue15-16-idle@']],
      });
      const delivered = performance.now();
      await deliverRaw(mailbox.address, raw);
      let stored: Awaited<ReturnType<typeof keysOf>> = [];
      while (performance.now() - delivered < 15_000 && stored.length < 2) {
        await new Promise((r) => setTimeout(r, 50));
        stored = await keysOf(order.lineIds);
      }
      const latencyMs = performance.now() - delivered;
      expect(stored.map((k) => k.key).sort()).toEqual(['HTMLK-AAAA1-BBBB2-CCCC3', 'HTMLK-DDDD4-EEEE5-FFFF6']);
      // The schedule would take up to its interval (60 s); IDLE takes the time of one reading.
      expect(latencyMs).toBeLessThan(10_000);
    } finally {
      controller.abort();
    }
    expect(await watch).toEqual({ readings });
    expect(readings).toBeGreaterThanOrEqual(2);
    expect(await readFolder(mailbox.settings, 'INBOX')).toHaveLength(0);
  });
});

/** A vendor letter with attachments, built by nodemailer's composer the way a vendor's mailer builds one. */
async function composed(input: { order: { orderNumber: string }; vendorCode: string; id: string; text: string; attachments: Array<{ filename: string; content: Buffer; contentType?: string }> }): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  return new MailComposer({
    from: 'ABBYY Licensing <licensing@abbyy.ru>',
    to: 'orders@sid.example',
    subject: `Re: Order ${input.order.orderNumber}`,
    messageId: `<${input.id}@abbyy.ru>`,
    inReplyTo: requestMessageId(input.order.orderNumber, input.vendorCode, 1, 'sid.test'),
    text: input.text,
    attachments: input.attachments,
  })
    .compile()
    .build();
}

async function passwordZip(entries: Record<string, string>, password: string, zipCrypto: boolean): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), { password, zipCrypto, encryptionStrength: 3 });
  for (const [name, text] of Object.entries(entries)) await writer.add(name, new TextReader(text));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}
