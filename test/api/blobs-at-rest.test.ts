import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobs, licenseKeys, orderLines, orders } from '../../db/schema';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * Licence keys at rest (issue 19, point 2): after an order ships through the real stack, no blob
 * in the store (the `blobs` table of PostgreSQL, issue 18) gives the order's keys away, while the
 * dealer's download still does.
 */
let system: RunningSystem;
let dealer: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
});
afterAll(async () => system?.stop());

describe('blobs at rest', () => {
  it('a shipped order’s archive and documents are unreadable in the blob table (no key in the raw bytes, no zip), and the dealer’s download is the zip with the keys', async () => {
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

    // Every blob of the table (other test files' too, which is only more to check).
    const rows = await system.db.db.select({ key: blobs.key, raw: blobs.ciphertext }).from(blobs);
    expect(rows.some((r) => r.key.endsWith(`keys-${orderNumber}.zip`))).toBe(true);
    for (const { key: blobKey, raw } of rows) {
      for (const key of keys) {
        expect(raw.includes(Buffer.from(key, 'utf8')), `${blobKey} holds ${key}`).toBe(false);
        expect(raw.includes(Buffer.from(key, 'utf16le')), `${blobKey} holds ${key} (UTF-16)`).toBe(false);
      }
      expect(raw.subarray(0, 8).toString('latin1'), blobKey).toBe('SIDBLOB1');
      expect(() => new AdmZip(raw).getEntries(), blobKey).toThrow();
    }

    const download = await dealer.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    const zip = new AdmZip(Buffer.from(await download.arrayBuffer()));
    const text = zip.getEntries().map((e) => e.getData().toString('utf8')).join('\n');
    for (const key of keys) expect(text).toContain(key);
  });
});
