import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { licenseKeys, orderLines, orders } from '../../db/schema';
import { createLocalBlobStore, createPostgresBlobStore, type BlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { ApiSession, buildTestApp, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * Replicas that share nothing but Temporal and PostgreSQL (issue 18): the worker of one system
 * writes an order's key archive (a document row and its blob), and a second API instance, with its own connection
 * pool and its own blob store object and no folder in common with the first, serves the dealer's
 * downloads. A second API on a local blob folder of its own (what SID_BLOB_DIR gave) cannot.
 */
let system: RunningSystem;
let other: { app: FastifyInstance; baseUrl: string; db: DbHandle };
let folderBound: { app: FastifyInstance; baseUrl: string; dir: string };

async function anotherApi(db: DbHandle, blobStore: BlobStore): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = await buildTestApp({
    db: db.db,
    temporal: system.env.client,
    blobStore,
    keyCipher: createKeyCipher(inject('keyEncryptionKey')),
    namespace: system.env.namespace ?? 'default',
    // Only the first instance starts orders: this one only serves.
    orderStarterIntervalMs: 0,
  });
  return { app, baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }) };
}

beforeAll(async () => {
  system = await startSystem();
  const db = connectDb(inject('databaseUrl'), { max: 2 });
  other = { ...(await anotherApi(db, createPostgresBlobStore(db.db, createKeyCipher(inject('keyEncryptionKey'))))), db };
  const dir = mkdtempSync(join(tmpdir(), 'sid-replica-blobs-'));
  folderBound = { ...(await anotherApi(db, createLocalBlobStore(dir, createKeyCipher(inject('keyEncryptionKey'))))), dir };
});
afterAll(async () => {
  await folderBound?.app.close();
  if (folderBound) rmSync(folderBound.dir, { recursive: true, force: true });
  await other?.app.close();
  await other?.db.close();
  await system?.stop();
});

describe('two API instances sharing only PostgreSQL', () => {
  it('the second serves the key archive the worker wrote through the first system’s store; one on a folder of its own cannot', async () => {
    const placing = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const placed = await placing.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 2 }] });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    await waitFor('shipment', async () => {
      const order = await placing.json('GET', `/api/orders/${orderNumber}`);
      return order.body.status === 'shipped' && order.body.archive !== null;
    });

    // The dealer is on the other instance now (sessions are in PostgreSQL too).
    const dealer = await ApiSession.login(other.baseUrl, 'postpay@demo.sid');
    const download = await dealer.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    const zip = new AdmZip(Buffer.from(await download.arrayBuffer()));
    const text = zip.getEntries().map((e) => e.getData().toString('utf8')).join('\n');
    const stored = await system.db.db
      .select({ keyEncrypted: licenseKeys.keyEncrypted })
      .from(licenseKeys)
      .innerJoin(orderLines, eq(orderLines.id, licenseKeys.orderLineId))
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.orderNumber, orderNumber));
    expect(stored).toHaveLength(2);
    for (const k of stored) expect(text).toContain(system.keyCipher.decrypt(k.keyEncrypted));

    // What a second host had before: its own blob folder, without the worker's files.
    const stranded = await ApiSession.login(folderBound.baseUrl, 'postpay@demo.sid');
    expect((await stranded.request('GET', `/api/orders/${orderNumber}/archive`)).status).toBe(500);
  });
});
