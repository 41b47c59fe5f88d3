import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, users } from '../../db/schema';
import { DEFAULT_LOGIN_THROTTLE } from '../../src/domain/edge-limits';
import { hashPassword } from '../../src/infra/passwords';
import { startSystem, type RunningSystem } from '../support/system';

// Issue 19, points 4, 9 and the rate limits of 4/10: wrong passwords are counted per login and
// client address before they are checked, in one statement; unknown logins are answered like
// known ones; a stranger's guesses do not lock the real user out; public and machine routes take
// a limited number of requests per address. Client addresses come from X-Forwarded-For (trustProxy).
let system: RunningSystem;
const PER_ACCOUNT = 8;

beforeAll(async () => {
  system = await startSystem({
    trustProxy: true,
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, failuresPerAccount: PER_ACCOUNT },
    rateLimits: { loginPerMinute: 30, formsPerHour: 3, requisiteChecksPerMinute: 3, machinePerMinute: 3 },
  });
});
afterAll(async () => system?.stop());

let addressSeq = 0;
/** A client address of its own for each use (TEST-NET-3), so that tests do not share counts. */
const freshAddress = () => `203.0.113.${++addressSeq}`;

async function call(method: string, path: string, body: unknown, address: string) {
  const response = await fetch(system.baseUrl + path, {
    method,
    headers: { 'x-forwarded-for': address, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}
const login = (name: string, password: string, address: string) => call('POST', '/api/auth/login', { login: name, password }, address);

async function freshUser() {
  const name = `throttle-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@test.sid`;
  await system.db.db.insert(users).values({ login: name, passwordHash: await hashPassword('right-password-2026'), role: 'staff', fullName: 'Тест', email: name });
  return name;
}
const failedAudits = async (name: string) =>
  (await system.db.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.subjectId, name))))[0]!.n;

describe('wrong passwords under concurrency', () => {
  it('24 wrong passwords in flight at once: no more than the limit are checked, the rest wait', async () => {
    const name = await freshUser();
    const home = freshAddress();
    expect((await login(name, 'right-password-2026', home)).status).toBe(200);

    const stranger = freshAddress();
    const answers = await Promise.all(Array.from({ length: 24 }, () => login(name, 'wrong-password', stranger)));
    const checked = answers.filter((a) => a.status === 401);
    const refused = answers.filter((a) => a.status === 429);
    console.log(`24 wrong passwords in flight: ${checked.length} checked (401), ${refused.length} refused unchecked (429)`);
    expect(checked).toHaveLength(DEFAULT_LOGIN_THROTTLE.failuresPerAddress);
    expect(refused).toHaveLength(24 - DEFAULT_LOGIN_THROTTLE.failuresPerAddress);
    expect(await failedAudits(name)).toBe(DEFAULT_LOGIN_THROTTLE.failuresPerAddress);
    for (const answer of refused) {
      expect(answer.body.error.code).toBe('LOCKED_OUT');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(DEFAULT_LOGIN_THROTTLE.firstDelaySeconds);
    }
    // Even the right password waits at the stranger's address…
    expect((await login(name, 'right-password-2026', stranger)).status).toBe(429);
    // …while the real user, from their own address, is not locked out.
    expect((await login(name, 'right-password-2026', home)).status).toBe(200);
  });
});

describe('unknown logins are answered like existing ones', () => {
  it('the same statuses, codes and words, attempt by attempt', async () => {
    const known = await freshUser();
    const unknown = `nobody-${Date.now()}@test.sid`;
    const address = freshAddress();
    const sequence = async (name: string) => {
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await login(name, 'wrong-password', address));
      return answers.map((a) => ({ status: a.status, code: a.body.error.code, message: a.body.error.message.replace(/\d+ мин/, 'N мин') }));
    };
    const forKnown = await sequence(known);
    expect(forKnown.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(await sequence(unknown)).toEqual(forKnown);
  });
});

describe('growing waits, and guessing spread over many addresses', () => {
  it('each wait after the first is twice as long', async () => {
    const name = await freshUser();
    const address = freshAddress();
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.failuresPerAddress; i++) await login(name, 'wrong', address);
    const first = await login(name, 'wrong', address);
    expect(first.status).toBe(429);
    expect(Number(first.retryAfter)).toBeGreaterThan(DEFAULT_LOGIN_THROTTLE.firstDelaySeconds - 5);

    // The wait is over (moved into the past rather than waited for): one more guess is checked, then a longer wait.
    const row = and(eq(loginThrottle.login, name), eq(loginThrottle.address, address));
    await system.db.db.update(loginThrottle).set({ lockedUntil: sql`now() - interval '1 second'` }).where(row);
    expect((await login(name, 'wrong', address)).status).toBe(401);
    const second = await login(name, 'wrong', address);
    expect(second.status).toBe(429);
    expect(Number(second.retryAfter)).toBeGreaterThan(2 * DEFAULT_LOGIN_THROTTLE.firstDelaySeconds - 5);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(2 * DEFAULT_LOGIN_THROTTLE.firstDelaySeconds);
  });

  it('too many failures over all addresses hold back new addresses, not ones the user logged in from', async () => {
    const name = await freshUser();
    const home = freshAddress();
    expect((await login(name, 'right-password-2026', home)).status).toBe(200);
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await login(name, 'wrong', freshAddress())).status).toBe(401);
    const newcomer = await login(name, 'right-password-2026', freshAddress());
    expect(newcomer.status).toBe(429);
    expect(newcomer.body.error.code).toBe('LOCKED_OUT');
    expect((await login(name, 'right-password-2026', home)).status).toBe(200);
  });
});

describe('per-address rate limits on public and machine routes', () => {
  const expectLimited = (answer: Awaited<ReturnType<typeof call>>, where: string) => {
    expect(answer.status, where).toBe(429);
    expect(answer.body.error, where).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('Повторите через') });
    expect(Number(answer.retryAfter), where).toBeGreaterThan(0);
  };

  it('login: the 31st request in a minute from one address is refused with Retry-After; another address is not', async () => {
    const address = freshAddress();
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push(await login(`flood-${i}@test.sid`, 'x', address));
    expect(answers.slice(0, 30).every((a) => a.status !== 429 || a.body.error.code === 'LOCKED_OUT')).toBe(true);
    expectLimited(answers[30]!, 'login');
    expect(Number(answers[30]!.retryAfter)).toBeLessThanOrEqual(60);
    expect((await login('flood-0@test.sid', 'x', freshAddress())).status).toBe(401);
  });

  it('registration, password reset, requisite checks, 1C and vendor callbacks', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/registrations', {}],
      ['POST', '/api/auth/password-reset', { login: `nobody-${Date.now()}@test.sid` }],
      ['POST', '/api/auth/password-reset/confirm', { token: 'x', password: 'y' }],
      ['POST', '/api/requisites/check', { inn: '7707083893' }],
      ['GET', '/api/1c/outbox', undefined],
      ['POST', '/api/vendor-callbacks/NOPE', {}],
    ];
    for (const [method, path, body] of cases) {
      const address = freshAddress();
      for (let i = 0; i < 3; i++) expect((await call(method, path, body, address)).status, `${path} #${i + 1}`).not.toBe(429);
      expectLimited(await call(method, path, body, address), path);
    }
  });
});
