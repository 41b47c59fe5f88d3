import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

/** Staff read who did what: the audit log through the real API and PostgreSQL. */
let system: RunningSystem;
let staff: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
});
afterAll(async () => system?.stop());

describe('the audit log for staff', () => {
  it('finds a person’s logins and failed attempts, newest first, page after page without overlap', async () => {
    const anonymous = new ApiSession(system.baseUrl);
    expect((await anonymous.json('POST', '/api/auth/login', { login: 'monthly@demo.sid', password: 'wrong-password' })).status).toBe(401);
    for (let i = 0; i < 3; i++) await ApiSession.login(system.baseUrl, 'monthly@demo.sid');

    const mine = await staff.json('GET', '/api/staff/audit?actor=monthly@demo.sid&action=auth.&pageSize=2');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((e: any) => e.action)).toEqual(['auth.login', 'auth.login']);
    expect(mine.body.items[0]).toMatchObject({ actor: 'monthly@demo.sid', subjectType: 'user' });
    expect(mine.body.nextBefore).toBe(mine.body.items[1].id);

    const next = await staff.json('GET', `/api/staff/audit?actor=monthly@demo.sid&action=auth.&pageSize=2&before=${mine.body.nextBefore}`);
    const ids = [...mine.body.items, ...next.body.items].map((e: any) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    expect(next.body.items.map((e: any) => e.action)).toEqual(['auth.login', 'auth.login_failed']);

    // An exact action, not a prefix, finds only that action.
    const failed = await staff.json('GET', '/api/staff/audit?actor=monthly@demo.sid&action=auth.login_failed');
    expect(failed.body.items.map((e: any) => e.action)).toEqual(['auth.login_failed']);
  });

  it('filters by Moscow days and refuses a date that does not exist', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    const todays = await staff.json('GET', `/api/staff/audit?from=${today}&to=${today}&pageSize=200`);
    expect(todays.body.items.length).toBeGreaterThan(0);
    const future = await staff.json('GET', '/api/staff/audit?from=2099-01-01');
    expect(future.body).toEqual({ items: [], nextBefore: null });
    const bad = await staff.json('GET', '/api/staff/audit?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'from', message: 'такой даты нет в календаре' }]);
  });

  it('is for staff only', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    expect((await dealer.json('GET', '/api/staff/audit')).status).toBe(403);
    expect((await new ApiSession(system.baseUrl).json('GET', '/api/staff/audit')).status).toBe(401);
  });
});
