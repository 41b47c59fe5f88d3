import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, passwordResets, users } from '../../db/schema';
import { hashPassword } from '../../src/infra/passwords';
import type { passwordReset } from '../../src/workflows/accounts/password-reset';
import { passwordResetWorkflowId } from '../../src/workflows/accounts/password-reset.contract';
import { simpleParser } from 'mailparser';
import { freshMailbox, readFolder } from '../support/mail';
import { waitForLetter } from '../support/registrations';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// A forgotten password, end to end: the link is read from the user's real mailbox.
let system: RunningSystem;
let visitor: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  visitor = new ApiSession(system.baseUrl);
});
afterAll(async () => system?.stop());

/** A user of the postpay demo dealer whose mail goes to a mailbox of its own. */
async function freshUser(password = 'старый-пароль-2026') {
  const mailbox = freshMailbox('user');
  const [dealer] = await system.db.db.select({ id: dealers.id }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
  await system.db.db.insert(users).values({ dealerId: dealer!.id, login: mailbox.address, email: mailbox.address, passwordHash: await hashPassword(password), role: 'dealer_user', fullName: 'Пользователь Тестовый' });
  return { mailbox, login: mailbox.address, password };
}

/** Every reset link in the mailbox so far, oldest first. */
async function resetTokens(mailbox: ReturnType<typeof freshMailbox>): Promise<string[]> {
  const tokens: string[] = [];
  for (const message of await readFolder(mailbox.settings)) {
    const text = (await simpleParser(message.source)).text ?? '';
    const match = /#\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
    if (match) tokens.push(match[1]!);
  }
  return tokens;
}
const nthToken = (mailbox: ReturnType<typeof freshMailbox>, n: number) => waitFor(`reset letter ${n}`, async () => (await resetTokens(mailbox))[n - 1]);

const requestReset = (login: string) => visitor.json('POST', '/api/auth/password-reset', { login });
const confirm = (token: string, password: string) => visitor.json('POST', '/api/auth/password-reset/confirm', { token, password });
const loginStatus = async (login: string, password: string) => (await new ApiSession(system.baseUrl).request('POST', '/api/auth/login', { login, password })).status;

describe('password reset by e-mail link', () => {
  it('the link sets a new password once, ends old sessions, and is spent', async () => {
    const user = await freshUser();
    const oldSession = await ApiSession.login(system.baseUrl, user.login, user.password);

    const requested = await requestReset(user.login.toUpperCase());
    expect(requested.status).toBe(202);
    const letter = await waitForLetter(user.mailbox.settings, 'Смена пароля');
    expect(letter.text).toContain(`${system.baseUrl}/#/reset-password?token=`);
    expect(letter.text).toContain('1 час');
    const token = await nthToken(user.mailbox, 1);

    // Stored as a hash only, once the letter is out.
    const [stored] = await system.db.db.select().from(passwordResets).innerJoin(users, eq(users.id, passwordResets.userId)).where(eq(users.login, user.login));
    expect(stored!.password_resets.tokenEncrypted).toBeNull();
    expect(stored!.password_resets.tokenHash).not.toContain(token);

    const weak = await confirm(token, 'короткий');
    expect(weak.status).toBe(422);
    expect(weak.body.error.fields).toEqual([{ field: 'password', message: expect.stringContaining('не меньше 10') }]);

    const done = await confirm(token, 'новый-пароль-2026');
    expect(done.status).toBe(200);
    expect(done.body.login).toBe(user.login);
    expect(await loginStatus(user.login, user.password)).toBe(401);
    expect(await loginStatus(user.login, 'новый-пароль-2026')).toBe(200);
    expect((await oldSession.json('GET', '/api/auth/me')).status).toBe(401);

    const reused = await confirm(token, 'ещё-один-пароль-2026');
    expect(reused.status).toBe(410);
    expect(reused.body.error).toMatchObject({ code: 'RESET_TOKEN_USED', fields: [{ field: 'token' }] });
    expect(await loginStatus(user.login, 'ещё-один-пароль-2026')).toBe(401);
  });

  it('an expired link is refused and changes nothing', async () => {
    const user = await freshUser();
    expect((await requestReset(user.mailbox.address)).status).toBe(202);
    const token = await nthToken(user.mailbox, 1);
    // An hour and a minute later.
    await system.db.sql`update password_resets set expires_at = now() - interval '1 minute' where user_id = (select id from users where login = ${user.login})`;
    const expired = await confirm(token, 'новый-пароль-2026');
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ code: 'RESET_TOKEN_EXPIRED', message: expect.stringContaining('Запросите новую') });
    expect(await loginStatus(user.login, user.password)).toBe(200);
  });

  it('a newer link spends the older ones once used; a made-up token is simply invalid', async () => {
    const user = await freshUser();
    await requestReset(user.login);
    const first = await nthToken(user.mailbox, 1);
    await requestReset(user.login);
    const second = await nthToken(user.mailbox, 2);
    expect(second).not.toBe(first);
    expect((await confirm(second, 'новый-пароль-2026')).status).toBe(200);
    expect((await confirm(first, 'другой-пароль-2026')).body.error.code).toBe('RESET_TOKEN_USED');
    const madeUp = await confirm('A'.repeat(43), 'другой-пароль-2026');
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error.code).toBe('RESET_TOKEN_INVALID');
  });

  it('an unknown login gets the same answer as a known one, and no account is touched', async () => {
    const user = await freshUser();
    const known = await requestReset(user.login);
    const unknown = await requestReset('nobody-at-all@sid.test');
    expect(unknown).toEqual(known);
    expect(unknown.status).toBe(202);
    const missing = await visitor.json('POST', '/api/auth/password-reset', {});
    expect(missing.status).toBe(400);
  });

  it('a form submitted in a loop sends at most three letters an hour', async () => {
    const user = await freshUser();
    for (let i = 0; i < 5; i++) expect((await requestReset(user.login)).status).toBe(202);
    // Every request's workflow has finished: three mailed a link, two were held back.
    const requests = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.password_reset_requested'), eq(auditLog.subjectId, user.login)));
    expect(requests).toHaveLength(5);
    const results = await Promise.all(
      requests.map((r) => system.env.client.workflow.getHandle<typeof passwordReset>(passwordResetWorkflowId((r.details as { requestId: string }).requestId)).result()),
    );
    expect(results.map((r) => r.mailed).sort()).toEqual([0, 0, 1, 1, 1]);
    await nthToken(user.mailbox, 3);
    expect(await resetTokens(user.mailbox)).toHaveLength(3);
  });
});
