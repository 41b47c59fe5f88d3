import { readFileSync } from 'node:fs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, staffQueue, users } from '../../db/schema';
import { onboardingWorkflowId } from '../../src/workflows/accounts/onboarding.contract';
import { freshMailbox } from '../support/mail';
import { freshEntrepreneur, freshOrganisation, registrationForm, waitForLetter } from '../support/registrations';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Dealer registration and onboarding through the real API, Temporal dev server, worker and mail server.
let system: RunningSystem;
let visitor: ApiSession;
let staff: ApiSession;
let baseGroupId: number;

const dealerCount = async () => (await system.db.db.select({ n: count() }).from(dealers))[0]!.n;
const userCount = async () => (await system.db.db.select({ n: count() }).from(users))[0]!.n;

beforeAll(async () => {
  system = await startSystem();
  visitor = new ApiSession(system.baseUrl);
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const groups = await staff.json('GET', '/api/staff/dealer-groups');
  baseGroupId = groups.body.items.find((g: { code: string }) => g.code === 'BASE').id;
});
afterAll(async () => system?.stop());

const register = (body: unknown) => visitor.json('POST', '/api/registrations', body);
const login = (loginName: string, password: string) => new ApiSession(system.baseUrl).json('POST', '/api/auth/login', { login: loginName, password });

describe('a dealer registers, staff decide, the dealer is told', () => {
  it('approved: pending cannot log in; after approval the letter arrives and the dealer logs in and orders', async () => {
    const mailbox = freshMailbox('dealer');
    const form = registrationForm(mailbox.address);
    const registered = await register(form);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ status: 'pending', login: mailbox.address, warnings: [] });
    expect(registered.body.message).toContain(mailbox.address);
    const { dealerId } = registered.body;

    const received = await waitForLetter(mailbox.settings, 'получена');
    expect(received.text).toContain(form.inn);

    const refused = await login(mailbox.address, form.user.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'DEALER_PENDING', message: expect.stringContaining('рассматривается') });
    // The wrong password is still just a wrong password: the application's state is not told to strangers.
    expect((await login(mailbox.address, 'не-тот-пароль-123')).status).toBe(401);

    const pending = await staff.json('GET', '/api/staff/dealers?status=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((d: { id: string }) => d.id)).toContain(dealerId);
    const detail = await staff.json('GET', `/api/staff/dealers/${dealerId}`);
    expect(detail.body.dealer).toMatchObject({
      status: 'pending',
      inn: form.inn,
      kpp: form.kpp,
      bik: form.bik,
      postalAddress: form.legalAddress,
      requestedSegments: ['edu'],
      requestedVendors: ['DRWEB', 'KASP'],
      users: [{ login: mailbox.address, role: 'dealer_admin', email: mailbox.address }],
    });
    await waitFor('the approval task', async () => {
      const tasks = (await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer.staffTasks;
      return tasks.some((t: { kind: string; status: string }) => t.kind === 'dealer_approval' && t.status === 'open');
    });

    const approved = await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, {
      priceGroupId: baseGroupId,
      settlementScheme: 'postpay',
      creditLimitKopecks: 100_000_000,
      segments: ['edu'],
      authorizedVendors: ['drweb'],
    });
    expect(approved.status).toBe(200);
    expect(approved.body.dealer).toMatchObject({
      status: 'approved',
      settlementScheme: 'postpay',
      creditLimitKopecks: 100_000_000,
      priceGroupId: baseGroupId,
      segments: ['edu'],
      authorizedVendors: ['DRWEB'],
      decidedAt: expect.any(String),
    });
    expect(approved.body.dealer.staffTasks.every((t: { status: string }) => t.status === 'resolved')).toBe(true);

    const letter = await waitForLetter(mailbox.settings, 'одобрена');
    expect(letter.text).toContain('отсрочка платежа');
    expect(letter.text).toMatch(/Кредитный лимит: 1\s000\s000,00 ₽/);
    expect(letter.text).toContain(system.baseUrl);

    const again = await staff.json('POST', `/api/staff/dealers/${dealerId}/reject`, { reason: 'передумали' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DEALER_ALREADY_DECIDED');

    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer.approved'), eq(auditLog.subjectId, dealerId)));
    const [staffUser] = await system.db.db.select().from(users).where(eq(users.login, 'staff@demo.sid'));
    expect(audit).toMatchObject({ actorUserId: staffUser!.id, details: { settlementScheme: 'postpay', creditLimitKopecks: 100_000_000 } });
    expect(await system.env.client.workflow.getHandle(onboardingWorkflowId(dealerId)).result()).toEqual({ status: 'approved', applied: true });

    const dealer = await ApiSession.login(system.baseUrl, mailbox.address, form.user.password);
    const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
    expect(placed.status).toBe(201);
    // Authorised for DRWEB only, not for the KASP it also asked for.
    const kasp = (await dealer.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0];
    const refusedVendor = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: kasp.partNumber, quantity: 1 }] });
    expect(refusedVendor.status).toBe(422);
  });

  it('rejected: a reason is required, the letter gives it, and login says so', async () => {
    const mailbox = freshMailbox('dealer');
    const form = registrationForm(mailbox.address);
    const { dealerId } = (await register(form)).body;

    const noReason = await staff.json('POST', `/api/staff/dealers/${dealerId}/reject`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([{ field: 'reason', message: expect.stringContaining('причину') }]);

    const reason = 'Расчётный счёт открыт на другую организацию';
    const rejected = await staff.json('POST', `/api/staff/dealers/${dealerId}/reject`, { reason });
    expect(rejected.status).toBe(200);
    expect(rejected.body.dealer).toMatchObject({ status: 'rejected', rejectionReason: reason, settlementScheme: null, authorizedVendors: [] });

    const letter = await waitForLetter(mailbox.settings, 'отклонена');
    expect(letter.text).toContain(reason);
    const refused = await login(mailbox.address, form.user.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'DEALER_REJECTED', message: expect.stringContaining(reason) });
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer.rejected'), eq(auditLog.subjectId, dealerId)));
    expect(audit?.details).toMatchObject({ reason });
  });

  it('approval is checked before it reaches the workflow: unknown group, vendor and segment, negative or fractional limit', async () => {
    const mailbox = freshMailbox('dealer');
    const { dealerId } = (await register(registrationForm(mailbox.address))).body;
    const approve = (body: Record<string, unknown>) =>
      staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: baseGroupId, settlementScheme: 'prepay', creditLimitKopecks: 0, ...body });

    const unknown = await approve({ priceGroupId: 999_999, authorizedVendors: ['DRWEB', 'NOSUCH'], segments: ['health'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual([
      { field: 'priceGroupId', message: 'ценовая группа 999999 не найдена' },
      { field: 'segments.0', message: expect.stringContaining('«health» неизвестен') },
      { field: 'authorizedVendors.1', message: 'вендор NOSUCH не найден в каталоге' },
    ]);
    for (const creditLimitKopecks of [-1, 10.5, '100']) {
      const bad = await approve({ creditLimitKopecks });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0]).toEqual({ field: 'creditLimitKopecks', message: expect.stringContaining('копеек') });
    }
    const badScheme = await approve({ settlementScheme: 'barter' });
    expect(badScheme.body.error.fields[0]).toMatchObject({ field: 'settlementScheme' });
    expect((await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer.status).toBe('pending');
    expect((await staff.json('POST', '/api/staff/dealers/00000000-0000-0000-0000-000000000000/reject', { reason: 'x' })).status).toBe(404);
  });
});

describe('a registration that cannot be accepted stores nothing', () => {
  it('wrong requisites, a weak password and an unknown vendor: every field named, in form order', async () => {
    const mailbox = freshMailbox('dealer');
    const form = registrationForm(mailbox.address);
    const [dealersBefore, usersBefore] = [await dealerCount(), await userCount()];
    const badInn = form.inn.slice(0, 9) + String((Number(form.inn[9]) + 1) % 10);
    const response = await register({
      ...form,
      fullName: ' ',
      inn: badInn,
      kpp: undefined,
      settlementAccount: form.settlementAccount.slice(0, 19) + String((Number(form.settlementAccount[19]) + 1) % 10),
      email: 'not-an-address',
      requestedVendors: ['DRWEB', 'NOSUCH'],
      user: { login: mailbox.address, password: 'short' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('REGISTRATION_INVALID');
    expect(response.body.error.fields).toEqual([
      { field: 'fullName', message: 'заполните поле' },
      { field: 'inn', message: expect.stringContaining(`ИНН ${badInn}: неверная контрольная цифра`) },
      { field: 'kpp', message: 'укажите КПП: у ООО он обязателен' },
      { field: 'settlementAccount', message: expect.stringContaining('не сходится с БИК 044525225') },
      { field: 'email', message: expect.stringContaining('e-mail') },
    ]);
    // The password and vendor are checked once the form itself reads.
    const second = await register({ ...form, requestedVendors: ['DRWEB', 'NOSUCH'], requestedSegments: ['edu', 'HEALTH'], user: { login: mailbox.address, password: 'short' } });
    expect(second.status).toBe(422);
    expect(second.body.error.fields).toEqual([
      { field: 'requestedSegments.1', message: expect.stringContaining('«HEALTH» неизвестен') },
      { field: 'requestedVendors.1', message: 'вендор NOSUCH не найден в каталоге' },
      { field: 'user.password', message: 'пароль из 5 символов, а нужно не меньше 10' },
    ]);
    const ipWithKpp = await register({ ...freshEntrepreneur(), kpp: '500101001', email: mailbox.address, user: { login: mailbox.address, password: 'надёжный-пароль-2026' } });
    expect(ipWithKpp.status).toBe(422);
    expect(ipWithKpp.body.error.fields).toEqual([{ field: 'kpp', message: expect.stringContaining('у ИП нет КПП') }]);

    const malformed = await visitor.request('POST', '/api/registrations', '{"inn": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(await dealerCount()).toBe(dealersBefore);
    expect(await userCount()).toBe(usersBefore);
    expect(await system.db.db.select().from(users).where(eq(users.login, mailbox.address))).toEqual([]);
  });

  it('the same INN and KPP twice, also at the same moment: one dealer, a 409 naming the INN', async () => {
    const first = registrationForm(freshMailbox('dealer').address);
    expect((await register(first)).status).toBe(201);
    const secondMailbox = freshMailbox('dealer');
    const again = await register({ ...registrationForm(secondMailbox.address), inn: first.inn, kpp: first.kpp });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DEALER_EXISTS', fields: [{ field: 'inn', message: expect.stringContaining(first.inn) }] });
    expect(await system.db.db.select().from(users).where(eq(users.login, secondMailbox.address))).toEqual([]);

    // Both pass the look-up; the unique index lets one in.
    const racing = registrationForm(freshMailbox('dealer').address);
    const answers = await Promise.all(
      [0, 1].map(() => {
        const address = freshMailbox('dealer').address;
        return register({ ...racing, email: address, user: { login: address, password: 'надёжный-пароль-2026' } });
      }),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('DEALER_EXISTS');
    expect(await system.db.db.select({ id: dealers.id }).from(dealers).where(eq(dealers.inn, racing.inn))).toHaveLength(1);
  });

  it('a login already taken: 409 on user.login', async () => {
    const response = await register({ ...registrationForm(freshMailbox('dealer').address), user: { login: 'PREPAY@demo.sid', password: 'надёжный-пароль-2026' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'LOGIN_TAKEN', fields: [{ field: 'user.login' }] });
  });

  it('an individual entrepreneur registers without a KPP', async () => {
    const mailbox = freshMailbox('ip');
    const response = await register({ ...freshEntrepreneur(), email: mailbox.address, user: { login: mailbox.address, password: 'надёжный-пароль-2026' } });
    expect(response.status).toBe(201);
    const [row] = await system.db.db.select().from(dealers).where(eq(dealers.id, response.body.dealerId));
    expect(row).toMatchObject({ legalForm: 'ИП', kpp: null, status: 'pending' });
  });

  it('a KPP whose tax office differs from the INN: registered, with the warning', async () => {
    const form = registrationForm(freshMailbox('dealer').address);
    const response = await register({ ...form, kpp: '773601001' });
    expect(response.status).toBe(201);
    expect(response.body.warnings).toEqual([{ field: 'kpp', message: expect.stringContaining('7736') }]);
  });
});

describe('staff endpoints are for staff', () => {
  it('a dealer gets 403, a visitor 401, and nothing changes', async () => {
    const { dealerId } = (await register(registrationForm(freshMailbox('dealer').address))).body;
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    for (const [method, path, body] of [
      ['GET', '/api/staff/dealers?status=pending', undefined],
      ['GET', `/api/staff/dealers/${dealerId}`, undefined],
      ['GET', '/api/staff/dealer-groups', undefined],
      ['POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: baseGroupId, settlementScheme: 'postpay', creditLimitKopecks: 1 }],
      ['POST', `/api/staff/dealers/${dealerId}/reject`, { reason: 'x' }],
    ] as const) {
      const asDealer = await dealer.json(method, path, body);
      expect(asDealer.status, `${method} ${path}`).toBe(403);
      expect(asDealer.body.error.code).toBe('STAFF_ONLY');
      expect((await visitor.json(method, path, body)).status).toBe(401);
    }
    const [row] = await system.db.db.select().from(dealers).where(eq(dealers.id, dealerId));
    expect(row!.status).toBe('pending');
    const tasks = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.reference, dealerId), eq(staffQueue.status, 'resolved')));
    expect(tasks).toEqual([]);
  });
});

// Issue 19, point 10: a pending dealer was registered under Sberbank's INN, and staff were not told.
describe('staff see what SID already knows about an applicant’s INN', () => {
  const notesOf = async (dealerId: string) => (await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer.innNotes;

  it('the distributor’s own INN, another dealer’s INN, another dealer’s customer; nothing for a fresh INN', async () => {
    const distributorInn = JSON.parse(readFileSync('data/supplier.json', 'utf8')).inn as string;
    const asDistributor = await register(registrationForm(freshMailbox('dealer').address, { inn: distributorInn, kpp: `${distributorInn.slice(0, 4)}02001` }));
    expect(asDistributor.status).toBe(201);
    expect(await notesOf(asDistributor.body.dealerId)).toEqual([{ kind: 'distributor' }]);

    // Another dealer under the same INN (another KPP), which has also sold to a customer with a fresh INN.
    const other = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const [otherRow] = await system.db.db.select().from(dealers).where(eq(dealers.id, other.dealerId));
    const sameInn = await register(registrationForm(freshMailbox('dealer').address, { inn: otherRow!.inn, kpp: `${otherRow!.inn.slice(0, 4)}02001` }));
    expect(sameInn.status).toBe(201);
    expect(await notesOf(sameInn.body.dealerId)).toEqual([{ kind: 'otherDealer', dealerId: other.dealerId, shortName: otherRow!.shortName, kpp: otherRow!.kpp, status: 'approved' }]);

    const customer = freshOrganisation();
    const seller = await ApiSession.login(system.baseUrl, other.people[0]!.login, other.password);
    const partNumber = (await seller.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0].partNumber;
    const placed = await seller.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }], endUser: { name: customer.shortName, inn: customer.inn, region: 'Москва' } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const asCustomer = await register(registrationForm(freshMailbox('dealer').address, { ...customer }));
    expect(asCustomer.status).toBe(201);
    expect(await notesOf(asCustomer.body.dealerId)).toEqual([{ kind: 'endUserOfOtherDealer', dealerId: other.dealerId, shortName: otherRow!.shortName, orders: 1 }]);

    const fresh = await register(registrationForm(freshMailbox('dealer').address));
    expect(await notesOf(fresh.body.dealerId)).toEqual([]);
  });
});
