import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { blobs } from '../../db/schema';
import { BLOB_HEADER_BYTES, isEncryptedBlob, type KeyCipher } from './key-cipher';

/**
 * Where archives, rendered documents and mail originals live: PostgreSQL by default (every replica
 * of the API and the worker reaches it), a local directory for a single machine. Every blob is
 * encrypted at rest by the store itself (key archives and vendor letters carry licence keys):
 * `put` takes plaintext and stores ciphertext, `get` gives plaintext back, so a store for another
 * medium keeps the property by wrapping the same way.
 */
export interface BlobStore {
  put(key: string, data: Buffer): Promise<void>;
  /**
   * Puts many blobs as `put` puts each, in fewer writes where the store can; a store without it
   * takes them one `put` at a time. Every size is checked before anything is written.
   */
  putMany?(entries: ReadonlyArray<{ key: string; data: Buffer }>): Promise<void>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const checkedKey = (key: string) => {
  if (!SAFE_KEY.test(key)) throw new Error(`blob key "${key}" has characters a blob key may not have`);
  return key;
};

/** A blob larger than the store takes (SID_BLOB_MAX_BYTES). */
export class BlobTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`blob "${key}" is ${sizeBytes} bytes, more than the blob store's limit of ${maxBytes} bytes (SID_BLOB_MAX_BYTES)`);
  }
}

/** No blob under that key; `code` as the local store's read gives it. */
export class BlobNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly key: string) {
    super(`no blob "${key}" in the blob store`);
  }
}

export const DEFAULT_BLOB_MAX_BYTES = 50 * 1024 * 1024;
/** How much ciphertext one query reads. */
const SLICE_BYTES = 1024 * 1024;
/** How much plaintext one statement of `putMany` writes at most. */
const PUT_MANY_BYTES = 8 * 1024 * 1024;

/**
 * Blobs as rows of the `blobs` table (bytea, encrypted as by every store), so that an API on one
 * host serves what a worker on another wrote. `put` is one upsert: the same key again replaces the
 * blob. `get` reads the ciphertext in slices of 1 MiB (substring of the bytea, each checked to
 * belong to the same write) and decrypts them as they are read; a blob altered in the table fails
 * the GCM tag check at its end, so the stream ends in an error there, not in a quiet truncation.
 */
export function createPostgresBlobStore(db: Db, keyCipher: KeyCipher, options: { maxBytes?: number } = {}): BlobStore {
  const maxBytes = options.maxBytes ?? DEFAULT_BLOB_MAX_BYTES;
  const checked = (key: string, data: Buffer) => {
    checkedKey(key);
    if (data.length > maxBytes) throw new BlobTooLargeError(key, data.length, maxBytes);
  };
  /** One upsert of the rows: the same key again replaces the blob. */
  const upsert = (rows: Array<typeof blobs.$inferInsert>) =>
    db
      .insert(blobs)
      .values(rows)
      .onConflictDoUpdate({ target: blobs.key, set: { ciphertext: sql`excluded.ciphertext`, sizeBytes: sql`excluded.size_bytes`, updatedAt: sql`now()` } });
  return {
    async put(key, data) {
      checked(key, data);
      await upsert([{ key, ciphertext: keyCipher.encryptBlob(data), sizeBytes: data.length }]);
    },
    async putMany(entries) {
      for (const { key, data } of entries) checked(key, data);
      // Each key once (the last write wins, as with puts one after the other: one statement may not
      // touch a row twice), in statements of at most PUT_MANY_BYTES of plaintext (a big blob alone).
      const last = [...new Map(entries.map((e) => [e.key, e])).values()];
      for (let start = 0; start < last.length; ) {
        const rows: Array<typeof blobs.$inferInsert> = [];
        let bytes = 0;
        while (start < last.length && (rows.length === 0 || bytes + last[start]!.data.length <= PUT_MANY_BYTES)) {
          const { key, data } = last[start++]!;
          rows.push({ key, ciphertext: keyCipher.encryptBlob(data), sizeBytes: data.length });
          bytes += data.length;
        }
        await upsert(rows);
      }
    },
    async get(key) {
      checkedKey(key);
      // The header and the first slice in one query: a blob under 1 MiB is one round trip.
      const [first] = await db
        .select({ start: sql<Buffer>`substring(${blobs.ciphertext} from 1 for ${BLOB_HEADER_BYTES + SLICE_BYTES})`, length: sql<number>`octet_length(${blobs.ciphertext})` })
        .from(blobs)
        .where(eq(blobs.key, key));
      if (!first) throw new BlobNotFoundError(key);
      const header = first.start.subarray(0, BLOB_HEADER_BYTES);
      const decipher = keyCipher.blobDecipher(header);
      const total = Number(first.length);
      async function* plaintext() {
        const opening = decipher.update(first!.start.subarray(BLOB_HEADER_BYTES));
        if (opening.length > 0) yield opening;
        for (let offset = BLOB_HEADER_BYTES + SLICE_BYTES; offset < total; offset += SLICE_BYTES) {
          const [slice] = await db
            .select({ bytes: sql<Buffer>`substring(${blobs.ciphertext} from ${offset + 1} for ${SLICE_BYTES})` })
            .from(blobs)
            // The same write as the header's (its wrapped data key is random per put): a blob
            // replaced while it is read fails instead of mixing two writes.
            .where(and(eq(blobs.key, key), sql`substring(${blobs.ciphertext} from 1 for ${BLOB_HEADER_BYTES}) = ${header}`));
          if (!slice) throw new Error(`blob "${key}" was replaced or deleted while it was read`);
          yield decipher.update(slice.bytes);
        }
        const last = decipher.final();
        if (last.length > 0) yield last;
      }
      return Readable.from(plaintext(), { objectMode: false });
    },
    async exists(key) {
      checkedKey(key);
      const [row] = await db.select({ key: blobs.key }).from(blobs).where(eq(blobs.key, key));
      return row !== undefined;
    },
  };
}

/**
 * Blobs as files under `root`: for development on one machine only (an API on another host than
 * the worker cannot read them). SID_BLOB_STORE=local.
 */
export function createLocalBlobStore(root: string, keyCipher: KeyCipher): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => join(base, checkedKey(key));
  return {
    async put(key, data) {
      const target = pathOf(key);
      // Write then rename, so a reader never sees half an archive; readable by SID's user only.
      const partial = `${target}.${process.pid}.partial`;
      const ciphertext = keyCipher.encryptBlob(data);
      // The directory usually exists (mail originals share 256 of them): made only when the write says it is missing.
      await writeFile(partial, ciphertext, { mode: 0o600 }).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        await writeFile(partial, ciphertext, { mode: 0o600 });
      });
      await rename(partial, target);
    },
    async get(key) {
      const stored = await readFile(pathOf(key));
      // A blob written before encryption (until scripts/encrypt-blobs.ts has run) reads as it is.
      return Readable.from([isEncryptedBlob(stored) ? keyCipher.decryptBlob(stored) : stored]);
    },
    async exists(key) {
      return stat(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
  };
}

/**
 * Encrypts every blob under `root` still stored in plaintext (written before the store encrypted),
 * and makes every file mode 600. Idempotent: an encrypted blob is known by its header and left as
 * it is. Returns how many files were encrypted and how many were already.
 */
export async function encryptPlaintextBlobs(root: string, keyCipher: KeyCipher): Promise<{ encrypted: number; alreadyEncrypted: number }> {
  const counts = { encrypted: 0, alreadyEncrypted: 0 };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await chmod(path, 0o700);
        await walk(path);
        continue;
      }
      if (!entry.isFile() || entry.name.endsWith('.partial')) continue;
      const data = await readFile(path);
      if (isEncryptedBlob(data)) {
        counts.alreadyEncrypted += 1;
        await chmod(path, 0o600);
        continue;
      }
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, keyCipher.encryptBlob(data), { mode: 0o600 });
      await rename(partial, path);
      counts.encrypted += 1;
    }
  };
  await stat(root).then(
    () => walk(resolve(root)),
    () => undefined,
  );
  return counts;
}

/** A whole blob in memory (archives, documents and messages are small enough). */
export async function readBlob(store: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The store the settings name (SID_BLOB_STORE, SID_BLOB_DIR, SID_BLOB_MAX_BYTES): what the API and the worker run on. */
export function createConfiguredBlobStore(
  settings: { SID_BLOB_STORE: 'postgres' | 'local'; SID_BLOB_DIR: string; SID_BLOB_MAX_BYTES: number },
  db: Db,
  keyCipher: KeyCipher,
): BlobStore {
  return settings.SID_BLOB_STORE === 'local'
    ? createLocalBlobStore(settings.SID_BLOB_DIR, keyCipher)
    : createPostgresBlobStore(db, keyCipher, { maxBytes: settings.SID_BLOB_MAX_BYTES });
}

export interface BlobMigrationCounts {
  /** Copied into the store now. */
  copied: number;
  /** Already in the store with the same content (an earlier run). */
  alreadyThere: number;
  /** Already in the store with other content: the store's copy is kept (it is what SID wrote since). */
  different: string[];
}

/**
 * Copies every blob under a local blob directory into `store` (the PostgreSQL store, on the switch
 * from SID_BLOB_DIR): encrypted files are decrypted first, plaintext ones (from before encryption at
 * rest) taken as they are, and `put` encrypts them again with a fresh data key. Idempotent: a key
 * the store already holds is compared, not written again. The directory is left as it was; remove
 * it once the store is known good. A missing directory is nothing to migrate.
 */
export async function migrateBlobDir(root: string, store: BlobStore, keyCipher: KeyCipher): Promise<BlobMigrationCounts> {
  const counts: BlobMigrationCounts = { copied: 0, alreadyThere: 0, different: [] };
  const base = resolve(root);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      if (!entry.isFile() || entry.name.endsWith('.partial')) continue;
      const key = relative(base, path).split(sep).join('/');
      const stored = await readFile(path);
      const plaintext = isEncryptedBlob(stored) ? keyCipher.decryptBlob(stored) : stored;
      if (await store.exists(key)) {
        if ((await readBlob(store, key)).equals(plaintext)) counts.alreadyThere += 1;
        else counts.different.push(key);
        continue;
      }
      await store.put(key, plaintext);
      counts.copied += 1;
    }
  };
  await stat(base).then(
    () => walk(base),
    () => undefined,
  );
  return counts;
}
