import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealerGroups, dealers } from '../../db/schema';
import { freshMailbox } from '../support/mail';
import { registrationForm, waitForLetter } from '../support/registrations';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * After the first decision: staff change an approved dealer's terms, suspend and reactivate it,
 * and a rejected applicant corrects its application and applies again. Through the real API,
 * Temporal dev server, worker, PostgreSQL and mail server.
 */
let system: RunningSystem;
let visitor: ApiSession;
let staff: ApiSession;
let groups: Array<{ id: number; code: string }>;

beforeAll(async () => {
  system = await startSystem();
  visitor = new ApiSession(system.baseUrl);
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  groups = (await staff.json('GET', '/api/staff/dealer-groups')).body.items;
});
afterAll(async () => system?.stop());

const login = (loginName: string, password: string) => new ApiSession(system.baseUrl).json('POST', '/api/auth/login', { login: loginName, password });
const dealerStatus = async (id: string) => (await system.db.db.select({ status: dealers.status }).from(dealers).where(eq(dealers.id, id)))[0]?.status;

/** A registered dealer, approved on prepay in the base group. */
async function approvedDealer() {
  const mailbox = freshMailbox('dealer');
  const form = registrationForm(mailbox.address);
  const { dealerId } = (await visitor.json('POST', '/api/registrations', form)).body;
  const base = groups.find((g) => g.code === 'BASE')!;
  const approved = await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: base.id, settlementScheme: 'prepay', creditLimitKopecks: 0, authorizedVendors: ['DRWEB'] });
  expect(approved.status).toBe(200);
  return { dealerId: dealerId as string, form, mailbox };
}

describe('staff change an approved dealer', () => {
  it('changes its terms with before and after in the audit log, and refuses what is wrong', async () => {
    const { dealerId, form } = await approvedDealer();
    const [other] = await system.db.db.insert(dealerGroups).values({ code: `GOLD-${dealerId.slice(0, 8)}`, name: 'Золотые партнёры' }).returning();
    const patch = (body: unknown) => staff.json('PATCH', `/api/staff/dealers/${dealerId}`, body);

    const wrong = await patch({ priceGroupId: 999_999, authorizedVendors: ['DRWEB', 'NOSUCH'] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual([
      { field: 'priceGroupId', message: 'ценовая группа 999999 не найдена' },
      { field: 'authorizedVendors.1', message: 'вендор NOSUCH не найден в каталоге' },
    ]);
    expect((await patch({})).status).toBe(422);
    expect((await patch({ inn: '7707083893' })).status).toBe(400); // requisites are not edited here
    expect((await patch({ creditLimitKopecks: 12.5 })).status).toBe(400);

    const changed = await patch({ priceGroupId: other!.id, settlementScheme: 'postpay', creditLimitKopecks: 50_000_000, authorizedVendors: ['drweb', 'KASP'], phone: null });
    expect(changed.status).toBe(200);
    expect(changed.body.dealer).toMatchObject({ priceGroupId: other!.id, settlementScheme: 'postpay', creditLimitKopecks: 50_000_000, authorizedVendors: ['DRWEB', 'KASP'], phone: null, status: 'approved' });
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer.terms_changed'), eq(auditLog.subjectId, dealerId)));
    expect(audit!.details).toMatchObject({
      before: { settlementScheme: 'prepay', creditLimitKopecks: 0, authorizedVendors: ['DRWEB'], phone: form.phone },
      after: { settlementScheme: 'postpay', creditLimitKopecks: 50_000_000, authorizedVendors: ['DRWEB', 'KASP'], phone: null },
    });

    // The dealer's own people cannot.
    const dealerUser = await ApiSession.login(system.baseUrl, form.user.login, form.user.password);
    expect((await dealerUser.json('PATCH', `/api/staff/dealers/${dealerId}`, { creditLimitKopecks: 1 })).status).toBe(403);
  });

  it('refuses to change the terms of an application still pending', async () => {
    const mailbox = freshMailbox('dealer');
    const { dealerId } = (await visitor.json('POST', '/api/registrations', registrationForm(mailbox.address))).body;
    const refused = await staff.json('PATCH', `/api/staff/dealers/${dealerId}`, { creditLimitKopecks: 100 });
    expect(refused.status).toBe(409);
    expect(await dealerStatus(dealerId)).toBe('pending');
  });

  it('suspends a dealer: its sessions end, it cannot log in or order; reactivated, it can again', async () => {
    const { dealerId, form } = await approvedDealer();
    const dealerUser = await ApiSession.login(system.baseUrl, form.user.login, form.user.password);
    expect((await dealerUser.json('GET', '/api/auth/me')).status).toBe(200);

    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/suspend`, { reason: ' ' })).status).toBe(400);
    const reason = 'Просрочена оплата по трём счетам';
    const suspended = await staff.json('POST', `/api/staff/dealers/${dealerId}/suspend`, { reason });
    expect(suspended.status).toBe(200);
    expect(suspended.body.dealer).toMatchObject({ status: 'suspended', suspensionReason: reason });
    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/suspend`, { reason })).status).toBe(409);

    expect((await dealerUser.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await dealerUser.json('GET', '/api/orders')).status).toBe(401);
    const refused = await login(form.user.login, form.user.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('DEALER_SUSPENDED');

    const reactivated = await staff.json('POST', `/api/staff/dealers/${dealerId}/reactivate`, {});
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.dealer).toMatchObject({ status: 'approved', suspensionReason: null });
    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/reactivate`, {})).status).toBe(409);
    expect((await login(form.user.login, form.user.password)).status).toBe(200);
    const actions = (await system.db.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, dealerId))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['dealer.suspended', 'dealer.reactivated']));
  });
});

describe('a rejected applicant applies again', () => {
  it('reads back its application with the reason, corrects it, and is approved on the second round', async () => {
    const mailbox = freshMailbox('dealer');
    const form = registrationForm(mailbox.address);
    const { dealerId } = (await visitor.json('POST', '/api/registrations', form)).body;
    const reason = 'Расчётный счёт открыт на другую организацию';
    expect((await staff.json('POST', `/api/staff/dealers/${dealerId}/reject`, { reason })).status).toBe(200);
    await waitForLetter(mailbox.settings, 'отклонена');

    const previous = (body: unknown) => visitor.json('POST', '/api/registrations/previous', body);
    const wrong = await previous({ login: form.user.login, password: 'не-тот-пароль-123' });
    expect(wrong.status).toBe(401);
    const read = await previous({ login: form.user.login, password: form.user.password });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ rejectionReason: reason, applicationRound: 1, application: { inn: form.inn, settlementAccount: form.settlementAccount, requestedVendors: ['DRWEB', 'KASP'] } });
    expect(JSON.stringify(read.body)).not.toContain('password');

    // Applying again needs the first application's password; a new dealer with a taken INN is still refused.
    const corrected = { ...form, ...read.body.application, bankName: 'ПАО Сбербанк России', reapply: true };
    expect((await visitor.json('POST', '/api/registrations', { ...corrected, user: { login: form.user.login, password: 'не-тот-пароль-123' } })).status).toBe(401);
    expect(await dealerStatus(dealerId)).toBe('rejected');
    const again = await visitor.json('POST', '/api/registrations', corrected);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ dealerId, status: 'pending', applicationRound: 2 });
    expect((await visitor.json('POST', '/api/registrations', corrected)).status).toBe(409);
    expect((await visitor.json('POST', '/api/registrations', { ...form, user: { login: `${form.user.login}.x`, password: form.user.password } })).status).toBe(409);

    const detail = (await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer;
    expect(detail).toMatchObject({ status: 'pending', bankName: 'ПАО Сбербанк России', rejectionReason: null, applicationRound: 2 });
    // A new run of the onboarding workflow puts it in front of staff, who approve it.
    const base = groups.find((g) => g.code === 'BASE')!;
    const approved = await waitFor('the second application decided', async () => {
      const answer = await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: base.id, settlementScheme: 'prepay', creditLimitKopecks: 0 });
      return answer.status === 200 ? answer : null;
    });
    expect(approved.body.dealer.status).toBe('approved');
    expect((await login(form.user.login, form.user.password)).status).toBe(200);
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer.reapplied'), eq(auditLog.subjectId, dealerId)));
    expect(audit!.details).toMatchObject({ round: 2, previousRejectionReason: reason });
  });

  it('only a rejected application can be read back or sent again', async () => {
    const { form } = await approvedDealer();
    const read = await visitor.json('POST', '/api/registrations/previous', { login: form.user.login, password: form.user.password });
    expect(read.status).toBe(409);
    expect(read.body.error.message).toBe('Дилер уже одобрен: войдите в систему.');
  });
});
