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
  };
}
