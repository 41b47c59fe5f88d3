import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { hashPassword, verifyPassword } from '../infra/passwords';

/** A login and password as every form that asks for them sends them. */
export const credentialsSchema = z.object({ login: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) });

const LOCKOUT_AFTER = 5;
const LOCKOUT_MS = 15 * 60 * 1000;

/** Marks an account with no usable password yet (invited, link not used): no password verifies against it. */
export const UNSET_PASSWORD_HASH = '!unset';

// Verifying against a fixed hash when the login is unknown keeps response times alike.
const unknownUserHash = hashPassword(randomBytes(16).toString('hex'));

export type UserRow = typeof users.$inferSelect;
export type CredentialCheck = { outcome: 'ok'; user: UserRow } | { outcome: 'locked'; minutes: number } | { outcome: 'invalid'; user: UserRow | undefined };

/**
 * Checks a login and password the one way SID does, wherever a password is asked for: unknown
 * logins take as long as known ones, five failures lock the account for 15 minutes, and a success
 * clears the count. What an account may then do (disabled, dealer not approved) is the caller's to decide.
 */
export async function checkCredentials(db: Db, login: string, password: string): Promise<CredentialCheck> {
  const [user] = await db.select().from(users).where(eq(users.login, login.trim().toLowerCase()));
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    return { outcome: 'locked', minutes: Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000) };
  }
  // An unknown login, or an invited account without a password yet, takes as long as a known one.
  const usable = user && user.passwordHash !== UNSET_PASSWORD_HASH ? user.passwordHash : await unknownUserHash;
  const ok = await verifyPassword(usable, password);
  if (!user || !ok) {
    if (user) {
      const failed = user.failedLogins + 1;
      await db
        .update(users)
        .set({ failedLogins: failed, lockedUntil: failed >= LOCKOUT_AFTER ? new Date(Date.now() + LOCKOUT_MS) : null })
        .where(eq(users.id, user.id));
    }
    return { outcome: 'invalid', user };
  }
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  return { outcome: 'ok', user };
}
