import { createHash, randomBytes } from 'node:crypto';

/** A secret for a link or cookie: 256 random bits, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** How such a secret is stored and looked up: its SHA-256, never the secret itself. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
