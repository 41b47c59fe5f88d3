import { existsSync } from 'node:fs';
import { connectDb } from '../../db/client';
import { loadConfig } from '../../src/config';
import { createPostgresBlobStore, encryptPlaintextBlobs, migrateBlobDir } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';

/**
 * Brings the blobs of SID_BLOB_DIR to the store SID runs on, idempotently (`npm start` and
 * `npm run blobs:migrate`): with SID_BLOB_STORE=postgres (the default) every file there is copied
 * into the `blobs` table (scripts/migrate-blobs.ts); with SID_BLOB_STORE=local, blobs written
 * before encryption at rest are encrypted in place. Returns a line to print, or null when there was
 * nothing to do.
 */
export async function bringBlobsToStore(env: NodeJS.ProcessEnv): Promise<string | null> {
  const config = loadConfig(env);
  const keyCipher = createKeyCipher(config.SID_KEY_ENCRYPTION_KEY);
  const dir = config.SID_BLOB_DIR;
  if (config.SID_BLOB_STORE === 'local') {
    const { encrypted } = await encryptPlaintextBlobs(dir, keyCipher);
    return encrypted > 0 ? `blobs: ${encrypted} in ${dir} written before encryption at rest are encrypted now` : null;
  }
  if (!existsSync(dir)) return null;
  const handle = connectDb(config.DATABASE_URL, { max: 1 });
  try {
    const counts = await migrateBlobDir(dir, createPostgresBlobStore(handle.db, keyCipher, { maxBytes: config.SID_BLOB_MAX_BYTES }), keyCipher);
    const different = counts.different.length > 0 ? `; ${counts.different.length} differ from PostgreSQL's copy, which is kept: ${counts.different.join(', ')}` : '';
    return `blobs: ${dir} → PostgreSQL: ${counts.copied} copied, ${counts.alreadyThere} already there${different}`;
  } finally {
    await handle.close();
  }
}
