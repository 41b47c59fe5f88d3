import { and, count, eq, gt, ne, or, sql } from 'drizzle-orm';
import { passwordResets, users } from '../../../db/schema';
import { randomToken, tokenHash } from '../../infra/tokens';
import { ru } from '../../locale/ru';
import { PASSWORD_RESET_TTL_MS, PASSWORD_RESETS_PER_HOUR, type PasswordResetInput } from '../../workflows/password-reset.contract';
import type { ActivityDeps } from '../index';
import { sendOnce } from '../mail/send-once';

/** The page of the web app where a new password is set; the token rides in the fragment, which never reaches a server log. */
export const passwordResetUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/#/reset-password?token=${token}`;

export function createPasswordResetActivities({ db, keyCipher, mail, publicUrl }: Pick<ActivityDeps, 'db' | 'keyCipher' | 'mail' | 'publicUrl'>) {
  return {
    /**
     * Mails a reset link to each account the login or e-mail names (an address may serve several
     * logins), at most a few per account and hour. Each link is stored as a hash; the token is kept
     * encrypted only until its letter is sent, so that a retry sends the same link, then erased.
     */
    async mailPasswordResetLinks(input: PasswordResetInput): Promise<{ mailed: number }> {
      const wanted = input.login.trim().toLowerCase();
      const accounts = await db
        .select({ id: users.id, login: users.login, email: users.email })
        .from(users)
        .where(or(eq(users.login, wanted), eq(sql`lower(${users.email})`, wanted)))
        .limit(20);
      let mailed = 0;
      for (const account of accounts) {
        const token = randomToken();
        // Counted and recorded under a lock on the account: five requests at once still make three links.
        await db.transaction(async (tx) => {
          await tx.select({ id: users.id }).from(users).where(eq(users.id, account.id)).for('update');
          const [recent] = await tx
            .select({ n: count() })
            .from(passwordResets)
            .where(and(eq(passwordResets.userId, account.id), ne(passwordResets.requestId, input.requestId), gt(passwordResets.createdAt, sql`now() - interval '1 hour'`)));
          if ((recent?.n ?? 0) >= PASSWORD_RESETS_PER_HOUR) return;
          await tx
            .insert(passwordResets)
            .values({
              requestId: input.requestId,
              userId: account.id,
              tokenHash: tokenHash(token),
              tokenEncrypted: keyCipher.encrypt(token),
              expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS),
            })
            .onConflictDoNothing({ target: [passwordResets.requestId, passwordResets.userId] });
        });
        const [reset] = await db
          .select()
          .from(passwordResets)
          .where(and(eq(passwordResets.requestId, input.requestId), eq(passwordResets.userId, account.id)));
        // None: held back by the hourly limit. Erased: this request's letter to this account has gone already.
        if (!reset?.tokenEncrypted) continue;
        await sendOnce(db, mail.mailer, {
          kind: 'password_reset',
          reference: reset.id,
          to: account.email,
          subject: ru.accountMail.resetSubject,
          text: ru.accountMail.reset({ login: account.login, url: passwordResetUrl(publicUrl, keyCipher.decrypt(reset.tokenEncrypted)) }),
        });
        await db.update(passwordResets).set({ tokenEncrypted: null }).where(eq(passwordResets.id, reset.id));
        mailed += 1;
      }
      return { mailed };
    },
  };
}
