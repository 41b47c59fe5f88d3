import { and, count, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { passwordResets, users } from '../../../db/schema';
import { randomToken, tokenHash } from '../../infra/tokens';
import { ru } from '../../locale/ru';
import { INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS, PASSWORD_RESETS_PER_HOUR, type PasswordResetInput } from '../../workflows/accounts/password-reset.contract';
import type { ActivityDeps } from '../deps';
import { sendOnce } from '../mail/send-once';

/** The page of the web app where a new password is set; the token rides in the fragment, which never reaches a server log. */
/** The web page that sets the password (src/web/app/pages/password-reset.tsx); an invitation words it as a first password. */
export const passwordResetUrl = (publicUrl: string, token: string, invitation = false) =>
  `${publicUrl.replace(/\/$/, '')}/#/reset-password?token=${token}${invitation ? '&invitation=1' : ''}`;

export function createPasswordResetActivities({ db, keyCipher, mail, publicUrl }: Pick<ActivityDeps, 'db' | 'keyCipher' | 'mail' | 'publicUrl'>) {
  return {
    /**
     * Mails a reset link to each account the login or e-mail names (an address may serve several
     * logins), at most a few per account and hour. Each link is stored as a hash; the token is kept
     * encrypted only until its letter is sent, so that a retry sends the same link, then erased.
     * An invitation is the same link under other words, to the one login a dealer admin added.
     */
    async mailPasswordResetLinks(input: PasswordResetInput): Promise<{ mailed: number }> {
      const wanted = input.login.trim().toLowerCase();
      const invitation = input.purpose === 'invitation';
      // A disabled account gets no link: it could not log in with the new password anyway.
      const accounts = await db
        .select({ id: users.id, login: users.login, email: users.email })
        .from(users)
        .where(and(invitation ? eq(users.login, wanted) : or(eq(users.login, wanted), eq(sql`lower(${users.email})`, wanted)), isNull(users.disabledAt)))
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
              expiresAt: new Date(Date.now() + (invitation ? INVITATION_TTL_MS : PASSWORD_RESET_TTL_MS)),
            })
            .onConflictDoNothing({ target: [passwordResets.requestId, passwordResets.userId] });
        });
        const [reset] = await db
          .select()
          .from(passwordResets)
          .where(and(eq(passwordResets.requestId, input.requestId), eq(passwordResets.userId, account.id)));
        // None: held back by the hourly limit. Erased: this request's letter to this account has gone already.
        if (!reset?.tokenEncrypted) continue;
        const url = passwordResetUrl(publicUrl, keyCipher.decrypt(reset.tokenEncrypted), invitation);
        await sendOnce(db, mail.mailer, {
          kind: invitation ? 'invitation' : 'password_reset',
          reference: reset.id,
          to: account.email,
          ...(invitation
            ? { subject: ru.accounts.invitationSubject, text: ru.accounts.invitation({ login: account.login, url, days: INVITATION_TTL_MS / 86_400_000 }) }
            : { subject: ru.accountMail.resetSubject, text: ru.accountMail.reset({ login: account.login, url }) }),
        });
        await db.update(passwordResets).set({ tokenEncrypted: null }).where(eq(passwordResets.id, reset.id));
        mailed += 1;
      }
      return { mailed };
    },
  };
}
