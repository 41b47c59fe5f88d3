import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { isEncryptedBlob, type KeyCipher } from './key-cipher';

/**
 * Where archives, rendered documents and mail originals live; a local directory by default,
 * S3-like stores later. Every blob is encrypted at rest by the store itself (key archives and
 * vendor letters carry licence keys): `put` takes plaintext and stores ciphertext, `get` gives
 * plaintext back, so a store for another medium keeps the property by wrapping the same way.
 */
export interface BlobStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function createLocalBlobStore(root: string, keyCipher: KeyCipher): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new Error(`blob key "${key}" has characters a blob key may not have`);
    return join(base, key);
  };
  return {
    async put(key, data) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      // Write then rename, so a reader never sees half an archive; readable by SID's user only.
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, keyCipher.encryptBlob(data), { mode: 0o600 });
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
