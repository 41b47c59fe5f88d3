import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { users } from '../../../db/schema';
import { hashPassword, verifyPassword } from '../../infra/passwords';
import { claimLoginAttempt, DEFAULT_LOGIN_THROTTLE, loginSucceeded, pruneLoginThrottle, type LoginThrottleLimits } from './login-throttle.usecases';

/** Marks an account with no usable password yet (invited, link not used): no password verifies against it. */
export const UNSET_PASSWORD_HASH = '!unset';

// Verifying against a fixed hash when the login is unknown keeps response times alike.
const unknownUserHash = hashPassword(randomBytes(16).toString('hex'));

export type UserRow = typeof users.$inferSelect;
export type CredentialCheck =
  | { outcome: 'ok'; user: UserRow }
  | { outcome: 'locked'; minutes: number; retryAfterSeconds: number }
  | { outcome: 'invalid'; user: UserRow | undefined };

/**
 * Checks a login and password the one way SID does, wherever a password is asked for. Each attempt
 * is counted against the login from the caller's address before the password is checked
 * (login-throttle.usecases.ts): unknown logins are counted and answered exactly like known ones, and take
 * as long. What an account may then do (disabled, dealer not approved) is the caller's to decide.
 */
export async function checkCredentials(
  db: Db,
  login: string,
  password: string,
  { address, limits = DEFAULT_LOGIN_THROTTLE }: { address: string; limits?: LoginThrottleLimits },
): Promise<CredentialCheck> {
  const claim = await claimLoginAttempt(db, login, address, limits);
  if (!claim.allowed) return { outcome: 'locked', minutes: Math.ceil(claim.retryAfterSeconds / 60), retryAfterSeconds: claim.retryAfterSeconds };
  const [user] = await db.select().from(users).where(eq(users.login, login.trim().toLowerCase()));
  // An unknown login, or an invited account without a password yet, takes as long as a known one.
  const usable = user && user.passwordHash !== UNSET_PASSWORD_HASH ? user.passwordHash : await unknownUserHash;
  const ok = await verifyPassword(usable, password);
  if (!user || !ok) {
    // The attempt is already counted; made-up logins do not pile up in the table.
    await pruneLoginThrottle(db);
    return { outcome: 'invalid', user };
  }
  await loginSucceeded(db, login, address, claim);
  return { outcome: 'ok', user };
}
