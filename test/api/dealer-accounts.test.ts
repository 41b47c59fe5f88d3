import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLog, dealers, orders, users } from '../../db/schema';
import { insertApprovedDealer } from '../support/dealers';
import { freshMailbox } from '../support/mail';
import { waitForLetter } from '../support/registrations';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// Dealer admins manage their own users and API keys, through the real API, worker and mail.
let system: RunningSystem;
let staff: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
});
afterAll(async () => system?.stop());

const PASSWORD = 'пароль-дилера-2026';

/** An approved dealer of its own with one admin whose mail goes to a mailbox of its own. */
async function freshDealer() {
  const { dealerId, people } = await insertApprovedDealer(system.db.db, { password: PASSWORD, people: [{ role: 'dealer_admin', fullName: 'Админов Админ', mailbox: 'admin' }] });
  return { dealerId, adminId: people[0]!.id, admin: await ApiSession.login(system.baseUrl, people[0]!.login, PASSWORD) };
}

const loginAs = (login: string, password: string) => new ApiSession(system.baseUrl).json('POST', '/api/auth/login', { login, password });

/** Invites a user through the API, reads the invitation from their mailbox and sets the password with its token. */
async function inviteAndAccept(admin: ApiSession, role: 'dealer_user' | 'dealer_admin' = 'dealer_user') {
  const mailbox = freshMailbox('invitee');
  const invited = await admin.json('POST', '/api/dealer/users', { login: mailbox.address.toUpperCase(), fullName: 'Петров Пётр', email: mailbox.address, role });
  expect(invited.status).toBe(201);
  const letter = await waitForLetter(mailbox.settings, 'Приглашение в SID');
  const token = /#\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(letter.text)![1]!;
  const confirmed = await new ApiSession(system.baseUrl).json('POST', '/api/auth/password-reset/confirm', { token, password: PASSWORD });
  expect(confirmed.status).toBe(200);
  return { id: invited.body.user.id as string, login: mailbox.address, letter, invited: invited.body };
}

describe('a dealer admin manages the dealer users', () => {
  it('invites a user: no password until the invitation link is used, then the user logs in', async () => {
    const { admin, dealerId } = await freshDealer();
    const mailbox = freshMailbox('invitee');
    const invited = await admin.json('POST', '/api/dealer/users', { login: mailbox.address, fullName: 'Сидоров Сидор', email: mailbox.address.toUpperCase(), role: 'dealer_user' });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ login: mailbox.address, email: mailbox.address, role: 'dealer_user', disabledAt: null, passwordSet: false });
    expect(invited.body.user.passwordHash).toBeUndefined();
    expect(invited.body.invitation).toEqual({ sent: true, message: expect.stringContaining(mailbox.address) });

    // No password works before the link is used, and the answer is the plain "wrong password".
    expect((await loginAs(mailbox.address, '')).status).toBe(400);
    expect((await loginAs(mailbox.address, '!unset')).status).toBe(401);

    const letter = await waitForLetter(mailbox.settings, 'Приглашение в SID');
    expect(letter.text).toContain('пригласил вас в SID');
    expect(letter.text).toContain(`Ваш логин: ${mailbox.address}`);
    expect(letter.text).toContain('3 дня');
    const token = /#\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(letter.text)![1]!;
    expect((await new ApiSession(system.baseUrl).json('POST', '/api/auth/password-reset/confirm', { token, password: PASSWORD })).status).toBe(200);

    const login = await loginAs(mailbox.address, PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'dealer_user', dealerId });
    const list = await admin.json('GET', '/api/dealer/users');
    expect(list.body.items.map((u: { login: string; passwordSet: boolean }) => [u.login, u.passwordSet])).toContainEqual([mailbox.address, true]);

    const [row] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer_user.invited'), eq(auditLog.subjectId, invited.body.user.id)));
    expect(row!.details).toMatchObject({ dealerId, login: mailbox.address, role: 'dealer_user' });
    // The same login again is refused, naming the field.
    const again = await admin.json('POST', '/api/dealer/users', { login: mailbox.address, fullName: 'Другой', email: mailbox.address, role: 'dealer_user' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual([{ field: 'login', message: expect.stringContaining('занят') }]);
  });

  it('bad invitations get a 400 naming the fields and create nobody', async () => {
    const { admin } = await freshDealer();
    const bad = await admin.json('POST', '/api/dealer/users', { login: 'a b', fullName: ' ', email: 'not-mail', role: 'staff' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'fullName', 'login', 'role']);
    expect((await admin.json('GET', '/api/dealer/users')).body.items).toHaveLength(1);
  });

  it('a dealer user may not manage users or keys', async () => {
    const { admin } = await freshDealer();
    const user = await inviteAndAccept(admin);
    const session = await ApiSession.login(system.baseUrl, user.login, PASSWORD);
    for (const [method, path, body] of [
      ['GET', '/api/dealer/users', undefined],
      ['POST', '/api/dealer/users', { login: 'x-user', fullName: 'X', email: 'x@sid.test', role: 'dealer_admin' }],
      ['POST', `/api/dealer/users/${user.id}/role`, { role: 'dealer_admin' }],
      ['GET', '/api/dealer/api-keys', undefined],
      ['POST', '/api/dealer/api-keys', { name: 'мой' }],
    ] as const) {
      const answer = await session.json(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('DEALER_ADMIN_ONLY');
    }
    const [me] = await system.db.db.select({ role: users.role }).from(users).where(eq(users.id, user.id));
    expect(me!.role).toBe('dealer_user');
  });

  it("one dealer's admin can neither see nor change another dealer's users", async () => {
    const a = await freshDealer();
    const b = await freshDealer();
    const bUser = await inviteAndAccept(b.admin);
    const aList = await a.admin.json('GET', '/api/dealer/users');
    expect(aList.body.items.map((u: { id: string }) => u.id)).not.toContain(bUser.id);
    expect(aList.body.items.map((u: { id: string }) => u.id)).not.toContain(b.adminId);
    for (const [path, body] of [
      [`/api/dealer/users/${bUser.id}/role`, { role: 'dealer_admin' }],
      [`/api/dealer/users/${bUser.id}/disable`, {}],
      [`/api/dealer/users/${b.adminId}/disable`, {}],
      [`/api/dealer/users/${bUser.id}/invitation`, {}],
    ] as const) {
      const answer = await a.admin.json('POST', path, body);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code).toBe('USER_NOT_FOUND');
    }
    // Nor through the staff routes.
    expect((await a.admin.json('GET', `/api/staff/dealers/${b.dealerId}/users`)).status).toBe(403);
    const [after] = await system.db.db.select().from(users).where(eq(users.id, bUser.id));
    expect(after).toMatchObject({ role: 'dealer_user', disabledAt: null });
    expect((await loginAs(bUser.login, PASSWORD)).status).toBe(200);
  });

  it('nobody leaves a dealer without an active admin, and an admin cannot lock itself out', async () => {
    const { admin, adminId, dealerId } = await freshDealer();
    const self = await admin.json('POST', `/api/dealer/users/${adminId}/disable`, {});
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({ code: 'CANNOT_CHANGE_SELF', message: expect.stringContaining('другого администратора') });
    expect((await admin.json('POST', `/api/dealer/users/${adminId}/role`, { role: 'dealer_user' })).body.error.code).toBe('CANNOT_CHANGE_SELF');

    // Staff acting on the dealer's only admin meet the last-admin rule.
    const last = await staff.json('POST', `/api/staff/dealers/${dealerId}/users/${adminId}/disable`, {});
    expect(last.status).toBe(409);
    expect(last.body.error).toMatchObject({ code: 'LAST_ADMIN', message: expect.stringContaining('последний активный администратор') });
    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/users/${adminId}/role`, { role: 'dealer_user' })).body.error.code).toBe('LAST_ADMIN');

    // With a second admin, the first may step down (by the second's hand) and the dealer still has one.
    const second = await inviteAndAccept(admin, 'dealer_admin');
    const secondSession = await ApiSession.login(system.baseUrl, second.login, PASSWORD);
    const demoted = await secondSession.json('POST', `/api/dealer/users/${adminId}/role`, { role: 'dealer_user' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.user.role).toBe('dealer_user');
    // The demoted admin's session has lost its admin rights at once.
    expect((await admin.json('GET', '/api/dealer/users')).status).toBe(403);
    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/users/${second.id}/disable`, {})).body.error.code).toBe('LAST_ADMIN');
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer_user.role_changed'), eq(auditLog.subjectId, adminId)));
    expect(audit!.details).toMatchObject({ from: 'dealer_admin', to: 'dealer_user' });
  });

  it('two admins switched off and on at once queue behind each other: every answer is 200, none a deadlock', async () => {
    const { admin } = await freshDealer();
    const invite = async () => {
      const mailbox = freshMailbox('invitee');
      const invited = await admin.json('POST', '/api/dealer/users', { login: mailbox.address, fullName: 'Петров Пётр', email: mailbox.address, role: 'dealer_admin' });
      expect(invited.status).toBe(201);
      return invited.body.user.id as string;
    };
    const ids = [await invite(), await invite()];
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const action of ['disable', 'enable']) {
        // Each change locks its user and the dealer's other admins: before the locks were taken in
        // one ordered statement, these two deadlocked and one answered 500.
        const answers = await Promise.all(ids.map((id) => admin.json('POST', `/api/dealer/users/${id}/${action}`, {})));
        statuses.push(...answers.map((a) => a.status));
      }
    }
    expect(statuses).toEqual(Array(40).fill(200));
  });

  it('disabling ends the sessions and refuses login, telling only someone with the password; enabling restores it', async () => {
    const { admin, dealerId } = await freshDealer();
    const user = await inviteAndAccept(admin);
    const session = await ApiSession.login(system.baseUrl, user.login, PASSWORD);
    expect((await session.json('GET', '/api/orders')).status).toBe(200);

    const disabled = await admin.json('POST', `/api/dealer/users/${user.id}/disable`, {});
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.disabledAt).not.toBeNull();
    expect((await session.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await system.db.sql`select count(*)::int as n from sessions where user_id = ${user.id}`)[0]!.n).toBe(0);

    const refused = await loginAs(user.login, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'USER_DISABLED', message: expect.stringContaining('отключена') });
    const guessed = await loginAs(user.login, 'не-тот-пароль-2026');
    expect(guessed.status).toBe(401);
    expect(guessed.body.error.code).toBe('INVALID_CREDENTIALS');

    // Staff may switch the user on again for the dealer.
    const enabled = await staff.json('POST', `/api/staff/dealers/${dealerId}/users/${user.id}/enable`, {});
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.disabledAt).toBeNull();
    expect((await loginAs(user.login, PASSWORD)).status).toBe(200);
    const actions = (await system.db.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, user.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['dealer_user.invited', 'dealer_user.disabled', 'dealer_user.enabled', 'auth.login_refused']));
  });
});

describe('API keys', () => {
  it('act for their dealer with a dealer user rights, are stored as a hash only, and stop working once revoked', async () => {
    const admin = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const created = await admin.json('POST', '/api/dealer/api-keys', { name: '1С: интеграция' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^sid_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.body.apiKey).toMatchObject({ name: '1С: интеграция', prefix: key.slice(4, 12), createdBy: 'postpay@demo.sid', lastUsedAt: null, revokedAt: null });
    const keyId: string = created.body.apiKey.id;

    // Shown once: neither the list nor any table holds the key itself.
    const listed = await admin.json('GET', '/api/dealer/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(keyId);
    const dump = await system.db.sql`select (select json_agg(k) from api_keys k)::text as keys, (select json_agg(a) from audit_log a)::text as audit`;
    expect(dump[0]!.keys).not.toContain(key.slice(13));
    expect(dump[0]!.audit).not.toContain(key.slice(13));

    const bearer = (method: string, path: string, body?: unknown, token = key) =>
      fetch(system.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

    const [postpay] = await system.db.db.select().from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
    // Another dealer's order exists, and the key must not see it.
    const otherDealer = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    const partNumber = (await admin.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
    expect((await otherDealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] })).status).toBe(201);

    const placed = await bearer('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], clientRequestId: `api-key-${randomBytes(4).toString('hex')}` });
    expect(placed.status).toBe(201);
    const [order] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, placed.body.orderNumber));
    expect(order!.dealerId).toBe(postpay!.id);
    const list = await bearer('GET', '/api/orders?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toContain(placed.body.orderNumber);
    expect(new Set(list.body.items.map((o: { dealerName: string }) => o.dealerName))).toEqual(new Set([postpay!.shortName]));
    expect((await bearer('GET', `/api/orders/${placed.body.orderNumber}`)).status).toBe(200);

    // What the key changed is on record with the key's id.
    const audited = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'api_key.request'), eq(auditLog.subjectId, keyId)));
    expect(audited.map((a) => a.details)).toContainEqual(expect.objectContaining({ apiKeyId: keyId, method: 'POST', route: '/api/orders', statusCode: 201 }));
    const [used] = await system.db.db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(used!.lastUsedAt).not.toBeNull();

    // A key is a dealer user, never an admin or staff.
    for (const [method, path, body] of [
      ['GET', '/api/staff/queue', undefined],
      ['GET', '/api/staff/dealers', undefined],
      ['GET', `/api/staff/dealers/${postpay!.id}/users`, undefined],
      ['GET', '/api/dealer/users', undefined],
      ['POST', '/api/dealer/users', { login: 'by-key', fullName: 'Ключ', email: 'k@sid.test', role: 'dealer_admin' }],
      ['GET', '/api/dealer/api-keys', undefined],
      ['POST', '/api/dealer/api-keys', { name: 'ещё один' }],
      ['POST', `/api/dealer/api-keys/${keyId}/revoke`, {}],
    ] as const) {
      expect((await bearer(method, path, body)).status, `${method} ${path}`).toBe(403);
    }

    // Unknown and malformed keys are refused outright.
    expect((await bearer('GET', '/api/orders', undefined, `sid_${'a'.repeat(8)}_${'b'.repeat(43)}`)).status).toBe(401);
    const malformed = await bearer('GET', '/api/orders', undefined, 'nonsense');
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe('API_KEY_INVALID');

    const revoked = await admin.json('DELETE', `/api/dealer/api-keys/${keyId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    const after = await bearer('GET', '/api/orders');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('отозван');
    const [row] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'api_key.revoked'), eq(auditLog.subjectId, keyId)));
    expect(row!.actorUserId).not.toBeNull();
  });

  // Issue 19, point 5: a disabled admin's key placed an order.
  it("a disabled admin's keys are refused while the admin is disabled, and work again once re-enabled", async () => {
    const { admin, adminId } = await freshDealer();
    const key: string = (await admin.json('POST', '/api/dealer/api-keys', { name: 'склад' })).body.key;
    const listOrders = async () => (await fetch(`${system.baseUrl}/api/orders`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await listOrders()).toBe(200);

    const second = await inviteAndAccept(admin, 'dealer_admin');
    const secondSession = await ApiSession.login(system.baseUrl, second.login, PASSWORD);
    expect((await secondSession.json('POST', `/api/dealer/users/${adminId}/disable`, {})).status).toBe(200);
    expect(await listOrders()).toBe(401);
    const placed = await fetch(`${system.baseUrl}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ partNumber: 'X', quantity: 1 }] }),
    });
    expect(placed.status).toBe(401);
    expect(((await placed.json()) as any).error.code).toBe('API_KEY_INVALID');

    expect((await secondSession.json('POST', `/api/dealer/users/${adminId}/enable`, {})).status).toBe(200);
    expect(await listOrders()).toBe(200);
  });

  it("one dealer's admin cannot list or revoke another dealer's key", async () => {
    const a = await freshDealer();
    const b = await freshDealer();
    const bKey = await b.admin.json('POST', '/api/dealer/api-keys', { name: 'склад' });
    expect(bKey.status).toBe(201);
    expect((await a.admin.json('GET', '/api/dealer/api-keys')).body.items).toEqual([]);
    expect((await a.admin.json('POST', `/api/dealer/api-keys/${bKey.body.apiKey.id}/revoke`, {})).status).toBe(404);
    const [stillLive] = await system.db.db.select().from(apiKeys).where(eq(apiKeys.id, bKey.body.apiKey.id));
    expect(stillLive!.revokedAt).toBeNull();
    // An empty name is refused.
    expect((await a.admin.json('POST', '/api/dealer/api-keys', { name: '  ' })).body.error.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect((await system.db.db.select().from(apiKeys).where(sql`${apiKeys.dealerId} = ${a.dealerId}`)).length).toBe(0);
  });
});
