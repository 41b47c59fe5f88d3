import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { loginThrottle } from '../../../db/schema';
import type { LoginThrottleLimits } from '../../domain/edge-limits';

export { DEFAULT_LOGIN_THROTTLE, type LoginThrottleLimits } from '../../domain/edge-limits';

/** The address row that counts every address of a login. */
const EVERY_ADDRESS = '*';
/** A count nobody added to for this long starts again. */
const FORGET_AFTER = sql`interval '1 day'`;
/** How long an address the login succeeded from stays exempt from the account-wide count. */
const TRUST_FOR = sql`interval '30 days'`;

export type LoginClaim = { allowed: true; countedEverywhere: boolean } | { allowed: false; retryAfterSeconds: number };

const normalized = (login: string) => login.trim().toLowerCase();

/**
 * Counts one attempt against a (login, address) row *before* its password is checked, and decides
 * in the same statement whether the row must now wait: attempts in flight at once are counted
 * one by one, so 24 at once still get at most `limit` passwords checked. Nothing returned: the row
 * is waiting, and this attempt is not checked at all.
 */
async function claim(db: Db, login: string, address: string, limit: number, limits: LoginThrottleLimits) {
  const t = loginThrottle;
  const next = sql`case when ${t.lastFailureAt} is null or ${t.lastFailureAt} < now() - ${FORGET_AFTER} then 1 else ${t.failures} + 1 end`;
  const waitAfter = (failures: unknown) =>
    sql`case when ${failures} >= ${limit} then now() + make_interval(secs => least(${limits.firstDelaySeconds}::float8 * power(2, ${failures} - ${limit}), ${limits.maxDelaySeconds}::float8)) end`;
  const rows = await db
    .insert(t)
    .values({ login, address, failures: 1, lastFailureAt: sql`now()`, lockedUntil: waitAfter(sql`1`) })
    .onConflictDoUpdate({
      target: [t.login, t.address],
      set: { failures: next, lastFailureAt: sql`now()`, lockedUntil: waitAfter(next) },
      setWhere: or(isNull(t.lockedUntil), sql`${t.lockedUntil} <= now()`),
    })
    .returning({ failures: t.failures, trusted: sql<boolean>`coalesce(${t.trustedUntil} > now(), false)` });
  return rows[0];
}

async function waitingFor(db: Db, login: string, address: string): Promise<number> {
  const [row] = await db
    .select({ seconds: sql<number>`greatest(1, ceil(extract(epoch from ${loginThrottle.lockedUntil} - now())))::int` })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.login, login), eq(loginThrottle.address, address)));
  return row?.seconds ?? 1;
}

/** May a password be checked for this login from this address now? Counts the attempt as a failure until `loginSucceeded`. */
export async function claimLoginAttempt(db: Db, typedLogin: string, address: string, limits: LoginThrottleLimits): Promise<LoginClaim> {
  const login = normalized(typedLogin);
  const own = await claim(db, login, address, limits.failuresPerAddress, limits);
  if (!own) return { allowed: false, retryAfterSeconds: await waitingFor(db, login, address) };
  if (own.trusted) return { allowed: true, countedEverywhere: false };
  const everywhere = await claim(db, login, EVERY_ADDRESS, limits.failuresPerAccount, limits);
  if (!everywhere) return { allowed: false, retryAfterSeconds: await waitingFor(db, login, EVERY_ADDRESS) };
  return { allowed: true, countedEverywhere: true };
}

/** The password was right: this address's count is cleared and the address trusted; the account-wide count gets its attempt back. */
export async function loginSucceeded(db: Db, typedLogin: string, address: string, { countedEverywhere }: { countedEverywhere: boolean }): Promise<void> {
  const login = normalized(typedLogin);
  const t = loginThrottle;
  await db
    .insert(t)
    .values({ login, address, failures: 0, trustedUntil: sql`now() + ${TRUST_FOR}` })
    .onConflictDoUpdate({ target: [t.login, t.address], set: { failures: 0, lastFailureAt: null, lockedUntil: null, trustedUntil: sql`now() + ${TRUST_FOR}` } });
  if (!countedEverywhere) return;
  await db
    .update(t)
    .set({ failures: sql`greatest(${t.failures} - 1, 0)` })
    .where(and(eq(t.login, login), eq(t.address, EVERY_ADDRESS), or(isNull(t.lockedUntil), sql`${t.lockedUntil} <= now()`)));
}

/** The mailbox proved who this is (password reset): the login's waits at this address and over every address end. */
export async function forgetLoginFailures(db: Pick<Db, 'update'>, typedLogin: string, address: string): Promise<void> {
  await db
    .update(loginThrottle)
    .set({ failures: 0, lastFailureAt: null, lockedUntil: null })
    .where(and(eq(loginThrottle.login, normalized(typedLogin)), inArray(loginThrottle.address, [address, EVERY_ADDRESS])));
}

/** Rows nobody failed with for a day and that trust no address: guesses at made-up logins do not pile up. */
export async function pruneLoginThrottle(db: Db): Promise<void> {
  const t = loginThrottle;
  await db
    .delete(t)
    .where(and(lt(t.lastFailureAt, sql`now() - ${FORGET_AFTER}`), or(isNull(t.trustedUntil), sql`${t.trustedUntil} <= now()`)));
}
