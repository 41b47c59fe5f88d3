import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * License keys and adapter secrets at rest: AES-256-GCM with a random 96-bit IV per value,
 * stored as "v1.<iv>.<tag>.<ciphertext>" (base64url). The fingerprint is an HMAC under a key
 * derived from the same secret, so duplicates are found without decrypting.
 */
export interface KeyCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  fingerprint(plaintext: string): string;
  /**
   * A whole blob (a key archive, a mail original): encrypted with its own random data key,
   * which is wrapped by the key-encryption key. Starts with BLOB_MAGIC.
   */
  encryptBlob(plaintext: Buffer): Buffer;
  decryptBlob(stored: Buffer): Buffer;
  /**
   * Decrypts a blob piece by piece, for a store that reads it in slices: `header` is the blob's
   * first BLOB_HEADER_BYTES; the rest goes through `update`, and `final` checks the GCM tag (throws
   * when the blob was altered, so a reader must treat what it had as void then).
   */
  blobDecipher(header: Buffer): { update(body: Buffer): Buffer; final(): Buffer };
}

/** The first bytes of every encrypted blob: how the store and the migration tell it from plaintext. */
export const BLOB_MAGIC = Buffer.from('SIDBLOB1', 'ascii');
export const isEncryptedBlob = (data: Buffer) => data.length >= BLOB_MAGIC.length && data.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC);

const IV = 12;
const TAG = 16;
const DATA_KEY = 32;
const WRAPPED_END = BLOB_MAGIC.length + IV + TAG + DATA_KEY;
/** Magic, wrapped data key, and the blob's own IV and tag: what precedes the ciphertext. */
export const BLOB_HEADER_BYTES = WRAPPED_END + IV + TAG;

function sealed(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function opened(key: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV));
  decipher.setAuthTag(data.subarray(IV, IV + TAG));
  return Buffer.concat([decipher.update(data.subarray(IV + TAG)), decipher.final()]);
}

export function createKeyCipher(base64Key: string): KeyCipher {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('the key-encryption key must be 32 bytes (base64)');
  const macKey = createHmac('sha256', key).update('sid/license-key-fingerprint').digest();

  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted value of format v1');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    fingerprint(plaintext) {
      return createHmac('sha256', macKey).update(plaintext, 'utf8').digest('base64url');
    },
    // Layout: MAGIC | wrapped data key (iv, tag, 32 bytes) | blob (iv, tag, ciphertext).
    encryptBlob(plaintext) {
      const dataKey = randomBytes(DATA_KEY);
      // One concatenation at the end: a blob of a few MB is not copied more than it must be.
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const body = cipher.update(plaintext);
      const last = cipher.final();
      return Buffer.concat([BLOB_MAGIC, sealed(key, dataKey), iv, cipher.getAuthTag(), body, last]);
    },
    decryptBlob(stored) {
      if (!isEncryptedBlob(stored)) throw new Error('not an encrypted blob (no SIDBLOB1 header)');
      const dataKey = opened(key, stored.subarray(BLOB_MAGIC.length, WRAPPED_END));
      return opened(dataKey, stored.subarray(WRAPPED_END));
    },
    blobDecipher(header) {
      if (header.length !== BLOB_HEADER_BYTES || !isEncryptedBlob(header)) throw new Error('not the header of an encrypted blob');
      const dataKey = opened(key, header.subarray(BLOB_MAGIC.length, WRAPPED_END));
      const decipher = createDecipheriv('aes-256-gcm', dataKey, header.subarray(WRAPPED_END, WRAPPED_END + IV));
      decipher.setAuthTag(header.subarray(WRAPPED_END + IV));
      return { update: (body) => decipher.update(body), final: () => decipher.final() };
    },
  };
}
