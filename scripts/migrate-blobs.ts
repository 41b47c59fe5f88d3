/**
 * Copies the blobs of a local blob directory (SID_BLOB_DIR, `.data/blobs` by default) into the
 * PostgreSQL blob store, for the move from SID_BLOB_STORE=local to postgres (issue 18): encrypted
 * files are decrypted with SID_KEY_ENCRYPTION_KEY, plaintext ones taken as they are, and each is
 * stored encrypted again. Safe to run again (a blob already in the table is compared, not written);
 * the directory is left as it was. With SID_BLOB_STORE=local it encrypts plaintext files in place
 * instead, as scripts/encrypt-blobs.ts does. `npm start` runs it; by hand, with the API and worker's
 * own DATABASE_URL, SID_KEY_ENCRYPTION_KEY and SID_BLOB_DIR:
 *
 *   npm run blobs:migrate
 */
import { bringBlobsToStore } from './lib/blobs';

try {
  console.log((await bringBlobsToStore(process.env)) ?? `blobs: nothing to migrate (${process.env.SID_BLOB_DIR ?? '.data/blobs'})`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
