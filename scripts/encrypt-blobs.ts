/**
 * Encrypts the blobs written before the blob store encrypted them (key archives, rendered
 * documents, vendor-mail originals) and makes every file under SID_BLOB_DIR mode 600. Safe to run
 * again: an encrypted blob is known by its header and left as it is. Run once after upgrading,
 * with the API and worker's own SID_KEY_ENCRYPTION_KEY and SID_BLOB_DIR:
 *
 *   node --import tsx scripts/encrypt-blobs.ts
 *
 * For the local store (SID_BLOB_STORE=local) only: with the default PostgreSQL store,
 * scripts/migrate-blobs.ts copies the folder into the table instead.
 */
import { encryptPlaintextBlobs } from '../src/infra/blob-store';
import { createKeyCipher } from '../src/infra/key-cipher';

const key = process.env.SID_KEY_ENCRYPTION_KEY;
if (!key) {
  console.error('SID_KEY_ENCRYPTION_KEY is required: the key the API and the worker use (32 random bytes, base64)');
  process.exit(1);
}
const dir = process.env.SID_BLOB_DIR ?? '.data/blobs';
const { encrypted, alreadyEncrypted } = await encryptPlaintextBlobs(dir, createKeyCipher(key));
console.log(`${dir}: ${encrypted} blob(s) encrypted, ${alreadyEncrypted} already encrypted`);
