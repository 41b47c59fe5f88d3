import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ImapFlow } from 'imapflow';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { inboundMail, licenseKeys, orderLines, staffQueue } from '../../db/schema';
import { ingestMailbox } from '../../src/activities/mail/ingestion.activities';
import { readOriginal, takeInboundMessage, type InboundDeps } from '../../src/activities/mail/inbound-mail';
import { requestMessageId } from '../../src/activities/fulfilment/email-settings';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { temporalCliPath } from '../../scripts/lib/tools';
import { deliverRaw, freshMailbox, readFolder } from '../support/mail';
import { mailFixture, mailManifest } from '../support/mail-fixtures';
import { insertOrder } from '../support/orders';

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

describe('vendor mail ingestion over IMAP', () => {
  const mailbox = freshMailbox('orders');
  /** One order per fixture (the duplicate shares its original's), quantities as the manifest's keys. */
  const orderOf = new Map<string, Awaited<ReturnType<typeof insertOrder>>>();
  const delivered = new Map<string, Buffer>();

  beforeAll(async () => {
    for (const entry of manifest) {
      if (entry.duplicate_of) continue;
      const lines =
        entry.file.startsWith('03-')
          ? // The vendor's CSV names its SKUs: keys must follow them, not the line order.
            [{ partNumber: 'ABBX-CORP-1Y', quantity: 1 }, { partNumber: 'ABBX-PRO-1Y', quantity: 2 }]
          : [{ quantity: entry.keys?.length ?? 1 }];
      orderOf.set(entry.file, await insertOrder(db.db, { vendorCode: 'ABBYY', lines }));
    }
    for (const entry of manifest) {
      const order = orderOf.get(entry.duplicate_of ?? entry.file)!;
      const raw = mailFixture(entry.file, { orderRef: order.orderNumber, requestMessageId: requestMessageId(order.orderNumber, 'ABBYY', 1, 'sid.test') });
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
    const order = await insertOrder(db.db, { vendorCode: 'ABBYY', lines: [{ quantity: 2 }] });
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

  it('sends a reply for a cancelled order to staff instead of storing its keys', async () => {
    const order = await insertOrder(db.db, { vendorCode: 'ABBYY', lines: [{ quantity: 2 }], status: 'cancelled' });
    const raw = mailFixture('02-koi8r-serials-in-body.eml', { orderRef: order.orderNumber, replace: [['fixture-2@', 'fixture-2-cancelled@']] });
    const outcome = await takeInboundMessage(deps, raw, 'test');
    expect(outcome).toMatchObject({ status: 'staff', keysStored: 0 });
    expect(await keysOf(order.lineIds)).toEqual([]);
  });
});
