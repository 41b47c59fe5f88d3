/**
 * A forgotten password set again through the link mailed by the password-reset workflow: valid for
 * an hour and once. Setting it spends the link (and any other open link of the account), ends
 * every session and lifts a login lockout, in one transaction.
 */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { passwordResets, sessions, users } from '../../../db/schema';
import { passwordProblem } from '../../domain/dealers/password-policy';
import { hashPassword } from '../../infra/passwords';
import { tokenHash } from '../../infra/tokens';
import { ru } from '../../locale/ru';
import { passwordProblemText } from '../../locale/shared.ru';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import { forgetLoginFailures } from './login-throttle.usecases';

const t = ru.passwordReset;

const spent = () => new UseCaseError(410, 'RESET_TOKEN_USED', t.usedToken, [{ field: 'token', message: t.usedToken }]);
const expired = () => new UseCaseError(410, 'RESET_TOKEN_EXPIRED', t.expiredToken, [{ field: 'token', message: t.expiredToken }]);

/** Sets the new password of the link's account; answers the account's login. `ip` is the caller's, for the throttle and the audit log. */
export async function resetPassword(db: Db, token: string, password: string, ip: string): Promise<{ login: string }> {
  const [found] = await db
    .select({ reset: passwordResets, login: users.login, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, tokenHash(token)));
  if (!found) throw new UseCaseError(400, 'RESET_TOKEN_INVALID', t.invalidToken, [{ field: 'token', message: t.invalidToken }]);
  if (found.reset.usedAt) throw spent();
  if (found.reset.expiresAt <= new Date()) throw expired();
  const weak = passwordProblem(password, { login: found.login, email: found.email });
  if (weak) {
    const problem = passwordProblemText(weak);
    throw new UseCaseError(422, 'PASSWORD_WEAK', problem, [{ field: 'password', message: problem }]);
  }

  const passwordHash = await hashPassword(password);
  const userId = found.reset.userId;
  await db.transaction(async (tx) => {
    // The link is spent in the same statement that checks it: two clicks at once change the password once.
    const [taken] = await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.id, found.reset.id), isNull(passwordResets.usedAt), sql`${passwordResets.expiresAt} > now()`))
      .returning({ id: passwordResets.id });
    if (!taken) throw found.reset.expiresAt <= new Date() ? expired() : spent();
    await tx.update(passwordResets).set({ usedAt: sql`now()` }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), ne(passwordResets.id, found.reset.id)));
    // Whoever knew the old password is logged out, and a lockout no longer applies: the mailbox proved who this is.
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await forgetLoginFailures(tx, found.login, ip);
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(tx, { actorUserId: userId, action: 'auth.password_reset', subjectType: 'user', subjectId: userId, ip });
  });
  return { login: found.login };
}
