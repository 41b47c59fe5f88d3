import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseKeys, orderLines, orders } from '../../db/schema';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * Licence keys at rest (issue 19, point 2): after an order ships through the real stack, no file
 * in the blob directory gives the order's keys away, while the dealer's download still does.
 */
let system: RunningSystem;
let dealer: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
});
afterAll(async () => system?.stop());

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe('blobs at rest', () => {
  it('a shipped order’s archive and documents are unreadable in the blob directory (no key in the raw bytes, no zip, mode 600), and the dealer’s download is the zip with the keys', async () => {
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 3 }] });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    await waitFor('shipment', async () => {
      const order = await dealer.json('GET', `/api/orders/${orderNumber}`);
      return order.body.status === 'shipped' && order.body.archive !== null;
    });
    const stored = await system.db.db
      .select({ keyEncrypted: licenseKeys.keyEncrypted })
      .from(licenseKeys)
      .innerJoin(orderLines, eq(orderLines.id, licenseKeys.orderLineId))
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.orderNumber, orderNumber));
    const keys = stored.map((k) => system.keyCipher.decrypt(k.keyEncrypted));
    expect(keys).toHaveLength(3);

    const files = filesUnder(system.blobDir);
    expect(files.some((f) => f.endsWith(`keys-${orderNumber}.zip`))).toBe(true);
    for (const file of files) {
      const raw = readFileSync(file);
      for (const key of keys) {
        expect(raw.includes(Buffer.from(key, 'utf8')), `${file} holds ${key}`).toBe(false);
        expect(raw.includes(Buffer.from(key, 'utf16le')), `${file} holds ${key} (UTF-16)`).toBe(false);
      }
      expect(raw.subarray(0, 8).toString('latin1'), file).toBe('SIDBLOB1');
      expect(() => new AdmZip(raw).getEntries(), file).toThrow();
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
    }

    const download = await dealer.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    const zip = new AdmZip(Buffer.from(await download.arrayBuffer()));
    const text = zip.getEntries().map((e) => e.getData().toString('utf8')).join('\n');
    for (const key of keys) expect(text).toContain(key);
  });
});
