import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { blobs } from '../../db/schema';
import { bringBlobsToStore } from '../../scripts/lib/blobs';
import { BlobTooLargeError, createLocalBlobStore, createPostgresBlobStore, migrateBlobDir, readBlob, type BlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';

/**
 * The PostgreSQL blob store (issue 18) on the run's real database: what every replica of the API
 * and the worker reads and writes. Keys are under a prefix of this file's own, since other test
 * files share the database.
 */
let db: DbHandle;
let store: BlobStore;
const cipher = createKeyCipher(inject('keyEncryptionKey'));
const prefix = `test-${randomUUID()}`;
const scratch: string[] = [];

beforeAll(() => {
  db = connectDb(inject('databaseUrl'), { max: 2 });
  store = createPostgresBlobStore(db.db, cipher, { maxBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await db?.db.delete(blobs).where(like(blobs.key, `${prefix}/%`));
  await db?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const row = async (key: string) => (await db.db.select().from(blobs).where(eq(blobs.key, key)))[0];
const keyText = 'KL486-3RAAF-SZZZZ-QQQQQ';

describe('the PostgreSQL blob store', () => {
  it('reads back what was put, small and over several 1 MiB slices; the table holds ciphertext only', async () => {
    const small = Buffer.from(`licence key ${keyText}`, 'utf8');
    await store.put(`${prefix}/small.txt`, small);
    expect((await readBlob(store, `${prefix}/small.txt`)).equals(small)).toBe(true);
    const stored = (await row(`${prefix}/small.txt`))!;
    expect(stored.ciphertext.subarray(0, 8).toString('latin1')).toBe('SIDBLOB1');
    expect(stored.ciphertext.includes(Buffer.from(keyText))).toBe(false);
    expect(stored.sizeBytes).toBe(small.length);

    // 2.5 MiB with the key text at the start, in the middle and at the end: three slices.
    const large = Buffer.concat([Buffer.from(keyText), randomBytes(1_300_000), Buffer.from(keyText), randomBytes(1_300_000), Buffer.from(keyText)]);
    await store.put(`${prefix}/large.bin`, large);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(`${prefix}/large.bin`)) chunks.push(chunk as Buffer);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(large)).toBe(true);
    const raw = (await row(`${prefix}/large.bin`))!.ciphertext;
    expect(raw.includes(Buffer.from(keyText))).toBe(false);
    expect(raw.length).toBeGreaterThan(large.length);
  });

  it('puts many blobs at once as one put each would: readable, encrypted, the last write of a key wins', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ key: `${prefix}/many/${i}.eml.enc`, data: Buffer.from(`letter ${i} with ${keyText}`) }));
    await store.putMany!([...entries, { key: entries[3]!.key, data: Buffer.from('written again') }]);
    for (const [i, { key, data }] of entries.entries()) {
      expect((await readBlob(store, key)).toString(), key).toBe(i === 3 ? 'written again' : data.toString());
      expect((await row(key))!.ciphertext.includes(Buffer.from(keyText))).toBe(false);
    }
    // Over several statements (8 MiB of plaintext each at most): three blobs of 3 MiB.
    const big = [0, 1, 2].map((i) => ({ key: `${prefix}/many/big-${i}.bin`, data: randomBytes(3 * 1024 * 1024) }));
    await store.putMany!(big);
    for (const { key, data } of big) expect((await readBlob(store, key)).equals(data)).toBe(true);
  });

  it('puts none of a batch when one of its blobs is over the limit', async () => {
    const fine = { key: `${prefix}/batch/fine.txt`, data: Buffer.from('fine') };
    const tooBig = { key: `${prefix}/batch/too-big.bin`, data: Buffer.alloc(4 * 1024 * 1024 + 1) };
    await expect(store.putMany!([fine, tooBig])).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.exists(fine.key)).toBe(false);
  });

  it('knows which keys it holds, and refuses an unknown key on get and an unsafe one on put', async () => {
    await store.put(`${prefix}/there.pdf`, Buffer.from('%PDF-1.7'));
    expect(await store.exists(`${prefix}/there.pdf`)).toBe(true);
    expect(await store.exists(`${prefix}/not-there.pdf`)).toBe(false);
    await expect(store.get(`${prefix}/not-there.pdf`)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.put('../outside', Buffer.from('x'))).rejects.toThrow(/may not have/);
  });

  it('replaces a blob put again under the same key (one row, the new content)', async () => {
    await store.put(`${prefix}/again.zip`, Buffer.from('first'));
    const before = (await row(`${prefix}/again.zip`))!;
    await store.put(`${prefix}/again.zip`, Buffer.from('second, longer'));
    expect((await readBlob(store, `${prefix}/again.zip`)).toString()).toBe('second, longer');
    const rows = await db.db.select().from(blobs).where(eq(blobs.key, `${prefix}/again.zip`));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sizeBytes).toBe('second, longer'.length);
    expect(rows[0]!.ciphertext.equals(before.ciphertext)).toBe(false);
  });

  it('refuses a blob above its limit with the limit in the message, and stores nothing of it', async () => {
    const limited = createPostgresBlobStore(db.db, cipher, { maxBytes: 1000 });
    await limited.put(`${prefix}/at-limit.bin`, Buffer.alloc(1000, 1));
    const refused = limited.put(`${prefix}/too-large.bin`, Buffer.alloc(1001, 1));
    await expect(refused).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(limited.put(`${prefix}/too-large.bin`, Buffer.alloc(1001, 1))).rejects.toThrow(/1001 bytes, more than the blob store's limit of 1000 bytes \(SID_BLOB_MAX_BYTES\)/);
    expect(await store.exists(`${prefix}/too-large.bin`)).toBe(false);
    expect(await store.exists(`${prefix}/at-limit.bin`)).toBe(true);
  });

  it('ends the stream in an error when the stored ciphertext was altered, or the blob replaced while it was read', async () => {
    const data = randomBytes(2_500_000);
    await store.put(`${prefix}/tampered.bin`, data);
    const raw = Buffer.from((await row(`${prefix}/tampered.bin`))!.ciphertext);
    raw[raw.length - 1]! ^= 1;
    await db.db.update(blobs).set({ ciphertext: raw }).where(eq(blobs.key, `${prefix}/tampered.bin`));
    await expect(readBlob(store, `${prefix}/tampered.bin`)).rejects.toThrow();

    await store.put(`${prefix}/replaced.bin`, data);
    const reading = (await store.get(`${prefix}/replaced.bin`))[Symbol.asyncIterator]();
    expect((await reading.next()).done).toBe(false);
    await store.put(`${prefix}/replaced.bin`, randomBytes(2_500_000));
    await expect(
      (async () => {
        for (;;) if ((await reading.next()).done) return;
      })(),
    ).rejects.toThrow(/replaced or deleted while it was read/);
  });
});

describe('moving a local blob folder into PostgreSQL', () => {
  /** A folder as an older SID left it: one blob written before encryption at rest, one after, and a half-written file. */
  const oldFolder = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sid-blob-migration-'));
    scratch.push(dir);
    const top = join(dir, prefix);
    mkdirSync(join(top, 'orders/SID-0000077'), { recursive: true });
    writeFileSync(join(top, 'orders/SID-0000077/act.pdf'), Buffer.from(`%PDF-1.7 plaintext ${keyText}`));
    await createLocalBlobStore(dir, cipher).put(`${prefix}/orders/SID-0000077/keys-SID-0000077.zip`, Buffer.from(`zip with ${keyText}`));
    writeFileSync(join(top, 'orders/SID-0000077/keys.zip.123.partial'), Buffer.from('half'));
    return dir;
  };

  it('copies plaintext and encrypted files, re-encrypted; a second run changes nothing; the folder stays as it was', async () => {
    const dir = await oldFolder();
    const encryptedFile = readFileSync(join(dir, prefix, 'orders/SID-0000077/keys-SID-0000077.zip'));
    expect(await migrateBlobDir(dir, store, cipher)).toEqual({ copied: 2, alreadyThere: 0, different: [] });
    expect((await readBlob(store, `${prefix}/orders/SID-0000077/act.pdf`)).toString()).toBe(`%PDF-1.7 plaintext ${keyText}`);
    expect((await readBlob(store, `${prefix}/orders/SID-0000077/keys-SID-0000077.zip`)).toString()).toBe(`zip with ${keyText}`);
    expect(await store.exists(`${prefix}/orders/SID-0000077/keys.zip.123.partial`)).toBe(false);
    const rows = await db.db.select().from(blobs).where(like(blobs.key, `${prefix}/orders/%`));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.ciphertext.subarray(0, 8).toString('latin1')).toBe('SIDBLOB1');
      expect(r.ciphertext.includes(Buffer.from(keyText))).toBe(false);
    }
    // Re-encrypted with a data key of its own, not the file's bytes copied.
    expect(rows.find((r) => r.key.endsWith('.zip'))!.ciphertext.equals(encryptedFile)).toBe(false);

    expect(await migrateBlobDir(dir, store, cipher)).toEqual({ copied: 0, alreadyThere: 2, different: [] });
    const again = await db.db.select().from(blobs).where(like(blobs.key, `${prefix}/orders/%`));
    expect(new Map(again.map((r) => [r.key, r.ciphertext.toString('hex') + r.updatedAt.toISOString()]))).toEqual(
      new Map(rows.map((r) => [r.key, r.ciphertext.toString('hex') + r.updatedAt.toISOString()])),
    );
    expect(readFileSync(join(dir, prefix, 'orders/SID-0000077/keys-SID-0000077.zip')).equals(encryptedFile)).toBe(true);
  });

  it('keeps PostgreSQL’s copy of a blob that differs from the folder’s, and names it', async () => {
    const dir = await oldFolder();
    await db.db.delete(blobs).where(like(blobs.key, `${prefix}/orders/%`));
    await store.put(`${prefix}/orders/SID-0000077/act.pdf`, Buffer.from('%PDF-1.7 written since'));
    expect(await migrateBlobDir(dir, store, cipher)).toEqual({ copied: 1, alreadyThere: 0, different: [`${prefix}/orders/SID-0000077/act.pdf`] });
    expect((await readBlob(store, `${prefix}/orders/SID-0000077/act.pdf`)).toString()).toBe('%PDF-1.7 written since');
  });

  it('runs from the settings as npm start and npm run blobs:migrate do, and does nothing without a folder', async () => {
    const dir = await oldFolder();
    await db.db.delete(blobs).where(like(blobs.key, `${prefix}/orders/%`));
    const env = { DATABASE_URL: inject('databaseUrl'), SID_KEY_ENCRYPTION_KEY: inject('keyEncryptionKey'), SID_BLOB_DIR: dir };
    expect(await bringBlobsToStore(env)).toBe(`blobs: ${dir} → PostgreSQL: 2 copied, 0 already there`);
    expect(await bringBlobsToStore(env)).toBe(`blobs: ${dir} → PostgreSQL: 0 copied, 2 already there`);
    expect(await bringBlobsToStore({ ...env, SID_BLOB_DIR: join(dir, 'none') })).toBeNull();
    expect((await readBlob(store, `${prefix}/orders/SID-0000077/keys-SID-0000077.zip`)).toString()).toBe(`zip with ${keyText}`);
  });
});
