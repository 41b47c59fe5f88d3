import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, vendors } from '../../db/schema';
import { serializeVendorApiSecrets } from '../../src/infra/vendor-api-client';
import { vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { passwordResetWorkflowType } from '../../src/workflows/accounts/password-reset.contract';
import { OnecClient } from '../support/onec-client';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Issue 19, point 6: U+0000 and lone surrogates reached PostgreSQL from 14 routes and answered 500.
// One edge rule (src/api/input-guard.ts) now answers 400 for them, before any handler runs.
let system: RunningSystem;
let visitor: ApiSession;
let dealer: ApiSession;
let staff: ApiSession;
let apiKey: string;
let onec: OnecClient;

const NUL = 'a\u0000b';
const LONE_HIGH = 'a\ud800b';
const LONE_LOW = '\udc00';

beforeAll(async () => {
  system = await startSystem();
  visitor = new ApiSession(system.baseUrl);
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  apiKey = (await dealer.json('POST', '/api/dealer/api-keys', { name: 'edge-тест' })).body.key;
  const { id, secret } = inject('onecClient');
  onec = new OnecClient(system.baseUrl, id, secret);
});
afterAll(async () => system?.stop());

function expectRefused(response: { status: number; body: any }, where: string) {
  expect(response.status, `${where}: ${JSON.stringify(response.body)}`).toBe(400);
  expect(response.body.error, where).toMatchObject({ code: 'INVALID_CHARACTERS', message: expect.any(String), fields: [{ field: expect.any(String) }] });
}

const jsonOf = async (response: Response) => ({ status: response.status, body: await response.json() });

describe('NUL bytes and lone surrogates answer 400 on every route family', () => {
  it('public forms, logged out', async () => {
    const cases: Array<[string, unknown]> = [
      ['/api/auth/login', { login: NUL, password: 'x' }],
      ['/api/auth/login', { login: 'staff@demo.sid', password: LONE_HIGH }],
      ['/api/registrations', { companyName: LONE_LOW, inn: '7707083893' }],
      ['/api/registrations/previous', { login: NUL, password: 'x' }],
      ['/api/auth/password-reset/confirm', { token: NUL, password: 'новый-пароль-2026' }],
      ['/api/requisites/check', { inn: LONE_HIGH }],
      // In a key, not a value.
      ['/api/auth/login', { login: 'x', password: 'y', [NUL]: 1 }],
    ];
    for (const [path, body] of cases) expectRefused(await visitor.json('POST', path, body), `POST ${path}`);
    expectRefused(await jsonOf(await fetch(`${system.baseUrl}/api/catalog/products?vendor=a%00b`)), 'catalog, logged out');
  });

  it('a dealer: nested lines, templates, keys, query strings; by session and by API key', async () => {
    const line = (partNumber: string) => ({ lines: [{ partNumber, quantity: 1, endUser: { name: 'ООО Ромашка', inn: '7707083893' } }] });
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/orders/check', line(NUL)],
      ['POST', '/api/orders/quote', line(LONE_HIGH)],
      ['POST', '/api/order-templates', { name: NUL, lines: [] }],
      ['PUT', '/api/order-templates/00000000-0000-4000-8000-000000000000', { name: 'шаблон', lines: [{ partNumber: LONE_LOW, quantity: 1 }] }],
      ['POST', '/api/dealer/api-keys', { name: LONE_HIGH }],
      ['GET', '/api/orders?status=a%00b', undefined],
      ['GET', '/api/catalog/categories?vendor=%00', undefined],
      ['GET', '/api/orders/SID-%00', undefined],
    ];
    for (const [method, path, body] of cases) expectRefused(await dealer.json(method, path, body), `${method} ${path}`);
    const byKey = await fetch(`${system.baseUrl}/api/orders?status=a%00b`, { headers: { authorization: `Bearer ${apiKey}` } });
    expectRefused(await jsonOf(byKey), 'GET /api/orders by API key');
  });

  it('staff: licence-policy preview, audit, dealers, vendors', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/staff/vendors/KASP/license-policy/preview', { policy: { rules: [{ kind: NUL }] }, line: { partNumber: 'x', quantity: 1 } }],
      ['GET', '/api/staff/audit?action=a%00b', undefined],
      ['GET', '/api/staff/dealers?q=%00', undefined],
      ['GET', '/api/staff/vendors/%00', undefined],
      ['GET', '/api/staff/vendors?q=a%00', undefined],
    ];
    for (const [method, path, body] of cases) expectRefused(await staff.json(method, path, body), `${method} ${path}`);
  });

  it('machines: a 1C payment id, a 1C body, the vendor code and a signed callback body', async () => {
    expectRefused(await onec.call('POST', '/payments/x%00/correction', { reason: 'ошибка' }), '1C correction');
    expectRefused(await onec.call('POST', '/payments', { paymentId: LONE_HIGH, amount: '1.00' }), '1C payment');
    const unknownVendor = await fetch(`${system.baseUrl}/api/vendor-callbacks/%00`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectRefused(await jsonOf(unknownVendor), 'vendor callback code');

    // A vendor that signs its callbacks: the signature is good, the decoded body is not storable.
    const [vendor] = await system.db.db.select().from(vendors).where(and(eq(vendors.code, 'DRWEB'), eq(vendors.adapterKind, 'api')));
    const callbackSecret = randomBytes(24).toString('base64url');
    await system.db.db
      .update(vendors)
      .set({ adapterSecretEncrypted: system.keyCipher.encrypt(serializeVendorApiSecrets({ token: inject('vendorApiToken'), callbackSecret })) })
      .where(eq(vendors.id, vendor!.id));
    try {
      const text = JSON.stringify({ orderId: NUL, partnerOrderRef: 'SID-0000001', status: 'completed' });
      const signed = await fetch(`${system.baseUrl}/api/vendor-callbacks/DRWEB`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vendor-signature': vendorCallbackSignature(callbackSecret, 'DRWEB', Math.floor(Date.now() / 1000), text) },
        body: text,
      });
      expectRefused(await jsonOf(signed), 'signed vendor callback');
    } finally {
      await system.db.db.update(vendors).set({ adapterSecretEncrypted: vendor!.adapterSecretEncrypted }).where(eq(vendors.id, vendor!.id));
    }
  });
});

describe('nothing is started before the input is known to be valid', () => {
  const resetWorkflows = async () => {
    let n = 0;
    for await (const _ of system.env.client.workflow.list({ query: `WorkflowType = '${passwordResetWorkflowType}'` })) n += 1;
    return n;
  };
  const requested = async () =>
    (await system.db.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'auth.password_reset_requested')))[0]!.n;

  it('a refused password reset starts no workflow and records nothing; a valid one starts exactly one', async () => {
    const workflowsBefore = await resetWorkflows();
    const requestsBefore = await requested();
    for (const login of [NUL, LONE_HIGH, `${LONE_LOW}@demo.sid`]) expectRefused(await visitor.json('POST', '/api/auth/password-reset', { login }), `reset for ${JSON.stringify(login)}`);

    // A valid request afterwards: once its workflow is visible, the refused ones would be too.
    expect((await visitor.json('POST', '/api/auth/password-reset', { login: 'nobody@demo.sid' })).status).toBe(202);
    await waitFor('the valid request’s workflow', async () => (await resetWorkflows()) >= workflowsBefore + 1, 30_000);
    expect(await resetWorkflows()).toBe(workflowsBefore + 1);
    expect(await requested()).toBe(requestsBefore + 1);
  });
});
