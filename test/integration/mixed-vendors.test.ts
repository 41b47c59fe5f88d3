import AdmZip from 'adm-zip';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_TASK_QUEUE } from '../../src/workflows/orders/order.contract';
import { vendorMailbox } from '../../src/workflows/mail/vendor-mailbox';
import { ensureVendorMailboxWatch } from '../../src/workflows/mail/vendor-mailbox.schedule';
import { VENDOR_MAILBOX_WATCH_WORKFLOW_ID } from '../../src/workflows/mail/vendor-mailbox-watch.contract';
import { recordHistory } from '../support/histories';
import { deliverRaw, mailboxOf, readFolder } from '../support/mail';
import { mailFixture } from '../support/mail-fixtures';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * One order, three ways to get keys: an API vendor (the simulator), an e-mail vendor (request out
 * over LMTP, reply read over IMAP) and a manual vendor (staff), through the real API, Temporal dev
 * server, PostgreSQL and dovecot; shipped as one archive, which also reaches the dealer's mailbox.
 */

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ fulfilmentDelayMs: 200 });
});
afterAll(async () => system?.stop());

/** The request e-mail for the order at ABBYY's order desk, once it has arrived. */
function requestAtAbbyy(orderNumber: string) {
  return waitFor('the request e-mail at the vendor', async () => {
    for (const m of await readFolder(mailboxOf('orders@abbyy.vendor.local'))) {
      const parsed = await simpleParser(m.source);
      if (parsed.subject?.includes(orderNumber)) return parsed;
    }
    return null;
  });
}

/** The dealer orders two of ABBYY's first product; answers the order number and the request e-mail at ABBYY. */
async function abbyyOrderOfTwo(dealer: ApiSession) {
  const product = await dealer.firstProduct('ABBYY');
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 2 }] });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const orderNumber: string = placed.body.orderNumber;
  return { orderNumber, request: await requestAtAbbyy(orderNumber) };
}

describe('an order mixing an api, an e-mail and a manual vendor', () => {
  it('ships one archive with every vendor’s keys and mails it to the dealer', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const first = async (vendor: string) => (await dealer.json('GET', `/api/catalog/products?vendor=${vendor}&pageSize=1`)).body.items[0];
    const [api, email, manual] = [await first('DRWEB'), await first('ABBYY'), await first('CONSU')];
    const placed = await dealer.json('POST', '/api/orders', {
      lines: [
        { partNumber: api.partNumber, quantity: 2 },
        { partNumber: email.partNumber, quantity: 3 },
        { partNumber: manual.partNumber, quantity: 1 },
      ],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const { orderNumber } = placed.body;

    // The request reached the vendor's order desk, naming the order and the line.
    const request = await requestAtAbbyy(orderNumber);
    expect(request.text).toContain(`${email.partNumber} — `);
    expect(request.text).toContain('3 шт.');
    expect(request.messageId).toMatch(new RegExp(`^<order\\.${orderNumber}\\.ABBYY\\.1@`));

    // The vendor answers with three key files (a real-world reply), quoting our request.
    // A reply of its own, not the fixture's Message-ID (other tests read the fixture too), sent
    // from the vendor's own domain (the demo ABBYY trusts abbyy.vendor.local only).
    const reply = mailFixture('01-av-vendor-cp1251-zip-keyfiles.eml', {
      orderRef: orderNumber,
      requestMessageId: request.messageId!,
      replace: [
        ['<fixture-1@', `<reply-${orderNumber}@`],
        ['<licensing@av-vendor.example>', '<licensing@abbyy.vendor.local>'],
      ],
    });
    await deliverRaw(system.vendorMailbox.address, reply);
    // One reading of the mailbox, as the `vendor-mailbox` schedule starts it.
    const readingRun = await system.env.client.workflow.start(vendorMailbox, { taskQueue: ORDER_TASK_QUEUE, workflowId: `vendor-mailbox-test-${orderNumber}` });
    expect(await readingRun.result()).toMatchObject({ read: 1, byStatus: { matched: 1 }, failed: [] });
    await recordHistory('vendor-mailbox-reading', readingRun);

    // Staff type the manual vendor's key.
    expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 3, keys: ['CONSU-KEY-MIX-1'] })).status).toBe(200);

    await waitFor('the order shipped', async () => ['shipped', 'completed'].includes((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status));
    const zip = new AdmZip(Buffer.from(await (await dealer.request('GET', `/api/orders/${orderNumber}/archive`)).arrayBuffer()));
    const names = zip.getEntries().map((e) => e.entryName);
    const lineFile = (n: number) => names.find((x) => x.startsWith(`0${n}-`) && x.endsWith('.txt'))!;
    const keysIn = (n: number) => zip.readAsText(lineFile(n)).split('\r\n').filter((l) => l && !l.startsWith('#'));
    expect(keysIn(1)).toHaveLength(2);
    expect(keysIn(2).sort()).toEqual(['CHCUQ-B5VD9-HXXV9-BVVPB', 'HBU6E-KQEUD-VKU5Y-FDVVX', 'M9EPX-BC5UD-NVB8T-GBCQQ']);
    expect(keysIn(3)).toEqual(['CONSU-KEY-MIX-1']);
    const keyFiles = names.filter((n) => n.startsWith('02-') && n.endsWith('.key')).sort();
    expect(keyFiles.map((n) => n.split('/')[1])).toEqual(['license_1.key', 'license_2.key', 'license_3.key']);
    expect(zip.readAsText(keyFiles[0]!)).toContain('-----BEGIN LICENSE-----');
    const manifest = zip.readAsText('manifest.csv').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(manifest).toHaveLength(4);
    expect(manifest[1]).toMatch(new RegExp(`^1;${api.partNumber};.*;2;2;01-.*\\.txt;VO-`));
    expect(manifest[2]).toMatch(new RegExp(`^2;${email.partNumber};.*;3;3;02-.*\\.txt;<order\\.${orderNumber}\\.ABBYY\\.1@.*license_1\\.key`));
    expect(manifest[3]).toMatch(new RegExp(`^3;${manual.partNumber};.*;1;1;03-`));

    // The dealer's mailbox got the keys, attached, once.
    const letters = await waitFor('the archive e-mail to the dealer', async () => {
      const found = [];
      for (const m of await readFolder(mailboxOf('postpay@demo.sid'))) {
        const parsed = await simpleParser(m.source);
        if (parsed.subject === `Ключи по заказу ${orderNumber}`) found.push(parsed);
      }
      return found.length > 0 ? found : null;
    });
    expect(letters).toHaveLength(1);
    const attachment = letters[0]!.attachments.find((a) => a.filename === `keys-${orderNumber}.zip`)!;
    const mailed = new AdmZip(attachment.content);
    expect(mailed.readAsText(lineFile(2)).split('\r\n').filter((l) => l && !l.startsWith('#')).sort()).toEqual(keysIn(2).sort());
    expect(letters[0]!.text).toContain('6 ключей');
  });
});

describe('a vendor e-mail without an order reference', () => {
  it('waits in the staff queue with its original, and ships the order once staff match it', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const product = (await dealer.json('GET', '/api/catalog/products?vendor=ABBYY&pageSize=1')).body.items[0];
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;

    // A message of its own (another test file reads the same fixture into the same database).
    const raw = mailFixture('08-unmatched-no-reference.eml', { replace: [['<fixture-8@', `<fixture-8-${orderNumber}@`]] });
    await deliverRaw(system.vendorMailbox.address, raw);
    const reading = await system.env.client.workflow.execute(vendorMailbox, { taskQueue: ORDER_TASK_QUEUE, workflowId: `vendor-mailbox-unmatched-${orderNumber}` });
    expect(reading).toMatchObject({ read: 1, byStatus: { staff: 1 } });

    // Dealers see none of it.
    expect((await dealer.json('GET', '/api/staff/vendor-mail?status=staff')).status).toBe(403);
    const listed = await staff.json('GET', '/api/staff/vendor-mail?status=staff');
    const message = listed.body.items.find((m: any) => m.from === 'licensing@av-vendor.example' && m.reason === 'unmatched');
    expect(message).toMatchObject({ status: 'staff', orderNumber: null, keyCount: 0 });
    const queue = await staff.json('GET', '/api/staff/queue?kind=vendor_mail_unmatched');
    expect(queue.body.items.some((i: any) => i.reference === `mail:${message.id}`)).toBe(true);
    const original = Buffer.from(await (await staff.request('GET', `/api/staff/vendor-mail/${message.id}/original`)).arrayBuffer());
    expect(original.subarray(original.length - raw.length).equals(raw)).toBe(true);

    // Bad matches are refused and change nothing.
    expect((await staff.json('POST', `/api/staff/vendor-mail/${message.id}/match`, { orderNumber: 'SID-9999999', vendorCode: 'ABBYY' })).status).toBe(404);
    const wrongVendor = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/match`, { orderNumber, vendorCode: 'KASP' });
    expect(wrongVendor.status).toBe(422);
    expect(wrongVendor.body.error.fields[0].field).toBe('vendorCode');
    expect((await dealer.json('POST', `/api/staff/vendor-mail/${message.id}/match`, { orderNumber, vendorCode: 'ABBYY' })).status).toBe(403);

    const matched = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/match`, { orderNumber, vendorCode: 'abbyy' });
    expect(matched.body).toMatchObject({ status: 'matched', orderNumber, vendorCode: 'ABBYY', keysStored: 1 });
    await waitFor('the order shipped', async () => ['shipped', 'completed'].includes((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status));
    const zip = new AdmZip(Buffer.from(await (await dealer.request('GET', `/api/orders/${orderNumber}/archive`)).arrayBuffer()));
    const keys = zip.getEntries().find((e) => e.entryName.startsWith('01-') && e.entryName.endsWith('.txt'))!;
    expect(zip.readAsText(keys)).toContain('EUUEA-A42XD-T28EQ-6G56G');
    const after = await staff.json('GET', '/api/staff/queue?kind=vendor_mail_unmatched');
    expect(after.body.items.some((i: any) => i.reference === `mail:${message.id}`)).toBe(false);
  });
});

describe('staff taking over an API vendor', () => {
  it('switches a stuck vendor to manual, takes typed keys for its lines, and ships', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const product = (await dealer.json('GET', '/api/catalog/products?vendor=ESET&pageSize=1')).body.items[0];
    system.sim.configure({ fulfilmentDelayMs: 60 * 60 * 1000 }); // the vendor sits on the order for an hour
    try {
      const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
      const { orderNumber } = placed.body;
      // Before the switch an API vendor's lines refuse typed keys.
      await waitFor('the vendor order placed', async () => system.sim.placements.has(`sid:${orderNumber}:ESET`));
      expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 1, keys: ['TYPED-1'] })).body.error.code).toBe('NOT_MANUAL');
      expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/vendors/ESET/switch-to-manual`, {})).status).toBe(400);
      expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/vendors/ESET/switch-to-manual`, { reason: 'вендор не выдаёт ключи' })).status).toBe(200);
      const task = await waitFor('the manual task', async () => (await staff.json('GET', '/api/staff/queue?kind=manual_keys')).body.items.find((i: any) => i.reference === `${orderNumber}/ESET`));
      expect(task.summary).toContain('вендор не выдаёт ключи');
      expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 1, keys: ['TYPED-1'] })).body).toMatchObject({ added: 1 });
      await waitFor('the order shipped', async () => ['shipped', 'completed'].includes((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status));
    } finally {
      system.sim.configure({ fulfilmentDelayMs: 200 });
    }
  });
});

describe('a letter from a sender the vendor has not configured (issue 15)', () => {
  it('stores nothing until staff accept it; three keys for two wait for staff to choose; then the order ships', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const { orderNumber, request } = await abbyyOrderOfTwo(dealer);

    // The demo ABBYY trusts abbyy.vendor.local; this letter comes from abbyy.ru and offers three keys for two.
    const raw = mailFixture('issue-15/17-three-keys-for-two.eml', { orderRef: orderNumber, requestMessageId: request.messageId!, replace: [['<issue15-17@', `<issue15-17-${orderNumber}@`]] });
    await deliverRaw(system.vendorMailbox.address, raw);
    const reading = await system.env.client.workflow.execute(vendorMailbox, { taskQueue: ORDER_TASK_QUEUE, workflowId: `vendor-mailbox-unknown-${orderNumber}` });
    expect(reading).toMatchObject({ read: 1, byStatus: { staff: 1 } });

    const message = (await staff.json('GET', `/api/staff/vendor-mail?status=staff&orderNumber=${orderNumber}`)).body.items[0];
    expect(message).toMatchObject({ from: 'licensing@abbyy.ru', reason: 'unknown_sender', keyCount: 0, vendorCode: 'ABBYY' });
    const queue = await staff.json('GET', '/api/staff/queue?kind=vendor_mail_unknown_sender');
    expect(queue.body.items.find((i: any) => i.reference === `mail:${message.id}`)?.summary).toContain('неизвестного отправителя licensing@abbyy.ru');
    expect((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status).not.toMatch(/shipped|completed/);

    // Dealers cannot vouch for a sender; a bad choice of what to add is refused.
    expect((await dealer.json('POST', `/api/staff/vendor-mail/${message.id}/accept`, {})).status).toBe(403);
    const badSender = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/accept`, { addSender: 'everyone' });
    expect(badSender.status).toBe(400);
    expect(badSender.body.error.fields[0]).toMatchObject({ field: 'addSender', message: expect.stringContaining('address') });

    // Accepted once: read as if trusted, so the surplus rule holds it for a choice, and nothing is stored yet.
    const accepted = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/accept`, {});
    expect(accepted.body).toMatchObject({ status: 'staff', keysStored: 0, senderAdded: null });
    expect((await staff.json('POST', `/api/staff/vendor-mail/${message.id}/accept`, {})).status).toBe(409);

    const letter = await staff.json('GET', `/api/staff/vendor-mail/${message.id}/letter`);
    expect(letter.body.candidates).toHaveLength(3);
    expect(letter.body.openPlaces).toBe(2);
    expect(letter.body.text).toContain('SURPL-22222-CCCCC-DDDDD');
    const notInLetter = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/keys`, { keys: ['SURPL-11111-AAAAA-BBBBB', 'MADEU-PKEY0-00000-00000'] });
    expect(notInLetter.status).toBe(422);
    expect(notInLetter.body.error.fields[0].field).toBe('keys.1');
    const noKeys = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/keys`, { keys: [] });
    expect(noKeys.status).toBe(400);
    expect(noKeys.body.error.fields[0]).toMatchObject({ field: 'keys', message: 'Выберите хотя бы один ключ.' });
    const chosen = await staff.json('POST', `/api/staff/vendor-mail/${message.id}/keys`, { keys: ['SURPL-11111-AAAAA-BBBBB', 'SURPL-22222-CCCCC-DDDDD'] });
    expect(chosen.body).toMatchObject({ status: 'matched', orderNumber, vendorCode: 'ABBYY', keysStored: 2 });

    await waitFor('the order shipped', async () => ['shipped', 'completed'].includes((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status));
    const zip = new AdmZip(Buffer.from(await (await dealer.request('GET', `/api/orders/${orderNumber}/archive`)).arrayBuffer()));
    const keys = zip.getEntries().find((e) => e.entryName.startsWith('01-') && e.entryName.endsWith('.txt'))!;
    const shipped = zip.readAsText(keys).split('\r\n').filter((l) => l && !l.startsWith('#'));
    expect(shipped.sort()).toEqual(['SURPL-11111-AAAAA-BBBBB', 'SURPL-22222-CCCCC-DDDDD']);

    const audited = (await system.db.sql`select action, details from audit_log where details->>'inboundMailId' = ${message.id} order by id`) as Array<{ action: string; details: Record<string, unknown> }>;
    expect(audited.map((a) => a.action)).toEqual(['vendor_mail.sender_accepted', 'vendor_mail.keys_chosen']);
    // The audit says how many keys, never which.
    expect(JSON.stringify(audited)).not.toContain('SURPL-');
  });
});

// Last in this file: the watcher reads the shared vendor mailbox, which the tests above read by hand.
describe('the IMAP IDLE watcher (issue 15, latency)', () => {
  it('takes a reply within seconds of its delivery, with no reading started by hand, and the order ships', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    await ensureVendorMailboxWatch(system.env.client);
    await ensureVendorMailboxWatch(system.env.client); // a second start (another worker starting up) is a no-op
    const watch = system.env.client.workflow.getHandle(VENDOR_MAILBOX_WATCH_WORKFLOW_ID);
    try {
      const { orderNumber, request } = await abbyyOrderOfTwo(dealer);
      const raw = mailFixture('issue-15/16-html-pre-keys-signature-phone.eml', {
        orderRef: orderNumber,
        requestMessageId: request.messageId!,
        replace: [
          ['<issue15-16@', `<issue15-16-watch-${orderNumber}@`],
          ['<licensing@abbyy.ru>', '<licensing@abbyy.vendor.local>'],
        ],
      });
      const delivered = performance.now();
      await deliverRaw(system.vendorMailbox.address, raw);
      await waitFor('the order shipped', async () => ['shipped', 'completed'].includes((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status));
      // The schedule would wait up to 60 s for its next reading; the watcher reads at once.
      expect(performance.now() - delivered).toBeLessThan(20_000);
      expect((await watch.describe()).status.name).toBe('RUNNING');
      await watch.terminate('test over');
      await recordHistory('vendor-mailbox-watch', watch);
    } finally {
      await watch.terminate('test over').catch(() => undefined);
    }
  });
});
