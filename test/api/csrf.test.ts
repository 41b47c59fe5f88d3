import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { OnecClient } from '../support/onec-client';
import { freshMailbox } from '../support/mail';
import { registrationForm } from '../support/registrations';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// CSRF tokens: a state change made on a session's authority must carry the session's token.
let system: RunningSystem;
let dealer: ApiSession;
let partNumber: string;

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  partNumber = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => system?.stop());

/** A copy of the logged-in session that sends the given token (or none) instead of its own. */
function withToken(session: ApiSession, token: string | undefined): ApiSession {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(session)), session) as ApiSession;
  copy.csrfToken = token;
  return copy;
}

const quote = (session: ApiSession) => session.json('POST', '/api/orders/quote', { lines: [{ partNumber, quantity: 1 }] });

describe('a session POST', () => {
  it('without the token is refused with 403 and a message saying what to do', async () => {
    const answer = await quote(withToken(dealer, undefined));
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('CSRF_TOKEN_MISSING');
    expect(answer.body.error.message).toContain('X-CSRF-Token');
    expect(answer.body.error.message).toContain('Обновите страницу');
  });

  it('with a wrong token is refused, and changes nothing', async () => {
    const wrong = await quote(withToken(dealer, dealer.csrfToken!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))));
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('CSRF_TOKEN_INVALID');
    expect((await quote(withToken(dealer, 'short'))).body.error.code).toBe('CSRF_TOKEN_INVALID');
    // Nothing was submitted on the refused request's authority.
    const before = (await dealer.json('GET', '/api/orders?pageSize=1')).body.total;
    const order = await withToken(dealer, 'nope').json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    expect(order.status).toBe(403);
    expect((await dealer.json('GET', '/api/orders?pageSize=1')).body.total).toBe(before);
  });

  it('with the right token goes through; reads need none', async () => {
    const answer = await quote(dealer);
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);
    expect((await withToken(dealer, undefined).json('GET', '/api/orders')).status).toBe(200);
  });

  it('the token comes with login and /api/auth/me, and differs per session', async () => {
    const other = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    expect(other.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.csrfToken).not.toBe(dealer.csrfToken);
    expect((await other.json('GET', '/api/auth/me')).body.csrfToken).toBe(other.csrfToken);
    // One session's token is no good for another session.
    expect((await quote(withToken(other, dealer.csrfToken))).body.error.code).toBe('CSRF_TOKEN_INVALID');
    // Logging out is a state change too.
    expect((await withToken(other, undefined).json('POST', '/api/auth/logout', {})).status).toBe(403);
    expect((await other.json('POST', '/api/auth/logout', {})).status).toBe(200);
  });
});

describe('requests that carry no session authority need no token', () => {
  it('login, registration, password reset and the requisites check', async () => {
    const visitor = new ApiSession(system.baseUrl);
    expect((await visitor.json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'demo-password' })).status).toBe(200);
    // Even with a live session cookie and no token, the public forms answer as usual.
    const session = withToken(visitor, undefined);
    expect((await session.json('POST', '/api/requisites/check', { inn: '7707083893' })).status).toBe(200);
    expect((await session.json('POST', '/api/auth/password-reset', { login: 'nobody@sid.test' })).status).toBe(202);
    const mailbox = freshMailbox('csrf-reg');
    const registered = await session.json('POST', '/api/registrations', registrationForm(mailbox.address));
    expect(registered.status).toBe(201);
    expect((await new ApiSession(system.baseUrl).json('POST', '/api/auth/login', { login: 'postpay@demo.sid', password: 'wrong' })).status).toBe(401);
  });

  it('the signed 1C exchange and vendor callbacks answer the same with or without a session cookie', async () => {
    const { id, secret } = inject('onecClient');
    const onec = new OnecClient(system.baseUrl, id, secret);
    const cookie = await sessionCookie();
    const ack = async (withCookie: boolean) => {
      const request = onec.sign('POST', `/api/1c/outbox/${randomUUID()}/ack`, {});
      const response = await fetch(request.url, { ...request.init, headers: { ...request.init.headers, ...(withCookie ? { cookie } : {}) } });
      return { status: response.status, code: (await response.json())?.error?.code };
    };
    const plain = await ack(false);
    expect(plain.code ?? '').not.toMatch(/CSRF/);
    expect(await ack(true)).toEqual(plain);

    const body = JSON.stringify({ orderId: 'x', partnerOrderRef: 'y', status: 'completed' });
    const callback = async (withCookie: boolean) => {
      const response = await fetch(`${system.baseUrl}/api/vendor-callbacks/DRWEB`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vendor-signature': vendorCallbackSignature('not-the-secret', 'DRWEB', Math.floor(Date.now() / 1000), body), ...(withCookie ? { cookie } : {}) },
        body,
      });
      return { status: response.status, code: (await response.json())?.error?.code };
    };
    const unsigned = await callback(false);
    expect(unsigned.code ?? '').not.toMatch(/CSRF/);
    expect(await callback(true)).toEqual(unsigned);
  });
});

/** The raw cookie of a fresh session, to attach to requests made outside ApiSession. */
async function sessionCookie(): Promise<string> {
  const response = await fetch(`${system.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'postpay@demo.sid', password: 'demo-password' }),
  });
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
