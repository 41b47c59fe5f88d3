import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiKeys, dealerGroups, dealers, payments, priceRules, staffQueue, users, vendors } from '../../db/schema';
import { serializeVendorApiSecrets } from '../../src/infra/vendor-api-client';
import { vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { freshDealerLike } from '../support/dealers';
import { freshMailbox } from '../support/mail';
import { OnecClient } from '../support/onec-client';
import { registrationForm } from '../support/registrations';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Issue 19, "done means": a bounded fuzz of our own over the staff and machine routes the OpenAPI
// document does not list (staff routes, 1C, vendor callbacks, registrations and other public
// forms), against the real API. Each route gets NUL bytes, lone surrogates, wrong types, huge
// values, deep nesting and prototype keys in its path parameters, query and body. No answer may
// be a 5xx, every refusal is in the API's error shape, and a refused request changes nothing in
// the rows the fuzz aims at (fingerprinted before and after each request). Deterministic: the
// same requests every run, about 1,400 of them.
let system: RunningSystem;
let staff: ApiSession;
let onec: OnecClient;
const callbackSecret = randomBytes(24).toString('base64url');
const fuzzVendorCode = `FZ${randomBytes(3).toString('hex').toUpperCase()}`;
const own = { pendingDealerId: '', approvedDealerId: '', userId: '', vendorId: 0, groupId: 0, ruleId: 0, registrationLogin: '' };

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const { id, secret } = inject('onecClient');
  onec = new OnecClient(system.baseUrl, id, secret);
  const { db } = system.db;

  const registered = await new ApiSession(system.baseUrl).json('POST', '/api/registrations', registrationForm(freshMailbox('dealer').address));
  own.pendingDealerId = registered.body.dealerId;
  // The application reaches the staff queue through its workflow, after the answer: let that settle first.
  await waitFor('the application in the staff queue', async () => (await db.select().from(staffQueue).where(eq(staffQueue.reference, own.pendingDealerId))).length > 0);
  const approved = await freshDealerLike(db, 'postpay@demo.sid', ['dealer_admin', 'dealer_user']);
  own.approvedDealerId = approved.dealerId;
  own.userId = (await db.select({ id: users.id }).from(users).where(eq(users.login, approved.people[1]!.login)))[0]!.id;
  const [vendor] = await db
    .insert(vendors)
    .values({
      code: fuzzVendorCode,
      name: 'Fuzz vendor',
      adapterKind: 'api',
      adapterSettings: { baseUrl: 'http://127.0.0.1:9' },
      adapterSecretEncrypted: system.keyCipher.encrypt(serializeVendorApiSecrets({ token: 'fuzz-token', callbackSecret })),
    })
    .returning({ id: vendors.id });
  own.vendorId = vendor!.id;
  const [group] = await db.insert(dealerGroups).values({ code: `FZ-${fuzzVendorCode}`, name: 'Fuzz group' }).returning({ id: dealerGroups.id });
  own.groupId = group!.id;
  const [rule] = await db.insert(priceRules).values({ dealerGroupId: own.groupId, discountBasisPoints: 100 }).returning({ id: priceRules.id });
  own.ruleId = rule!.id;
  own.registrationLogin = `fuzz-${fuzzVendorCode.toLowerCase()}@test.sid`;
});

afterAll(async () => {
  if (system && own.vendorId) {
    await system.db.db.delete(priceRules).where(eq(priceRules.id, own.ruleId));
    await system.db.db.delete(vendors).where(eq(vendors.id, own.vendorId));
  }
  await system?.stop();
});

/**
 * The rows the fuzz aims at, and anything a fuzzed body could have created, as one hash (one round
 * trip). The staff queue is left out: an accepted decision resolves its task later, in a workflow.
 */
async function fingerprint(): Promise<string> {
  const dealerIds = sql.join([sql`${own.pendingDealerId}::uuid`, sql`${own.approvedDealerId}::uuid`], sql`, `);
  const digest = (query: ReturnType<typeof sql>) => sql`(select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) from (${query}) r)`;
  const [row] = await system.db.db.execute<{ fp: string }>(sql`select concat_ws(',',
    ${digest(sql`select * from ${dealers} where id in (${dealerIds}) or email like 'fuzz-%'`)},
    ${digest(sql`select * from ${users} where dealer_id in (${dealerIds}) or login like 'fuzz-%'`)},
    ${digest(sql`select * from ${apiKeys} where dealer_id in (${dealerIds})`)},
    ${digest(sql`select * from ${vendors} where id = ${own.vendorId}`)},
    ${digest(sql`select * from ${dealerGroups} where id = ${own.groupId} or code like 'fuzz%'`)},
    ${digest(sql`select * from ${priceRules} where dealer_group_id = ${own.groupId} or dealer_id in (${dealerIds})`)},
    ${digest(sql`select * from ${payments} where external_id like 'fuzz-%'`)}
  ) as fp`);
  return row!.fp;
}

const deep = (levels: number): unknown => (levels === 0 ? 'leaf' : { a: deep(levels - 1) });
/** What replaces one field of a body at a time. */
const HOSTILE_VALUES: unknown[] = [
  'a\u0000b',
  '\ud800',
  'Я'.repeat(100_000),
  -1,
  1e308,
  true,
  null,
  [],
  {},
  ['a\u0000'],
  { constructor: { prototype: { polluted: 'yes' } } },
  deep(40),
];
const FIELDS_PER_BODY = 3;
/** Whole bodies, as raw JSON text. */
const HOSTILE_BODIES: string[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"a":{"__proto__":{"polluted":"yes"}}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '[]',
  '"text"',
  '12',
  'null',
  '{',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  JSON.stringify({ ['k\u0000']: 1 }),
];
/** Path parameter values (already encoded for the URL). */
const HOSTILE_PARAMS = ['a%00b', '%ED%A0%80', '0x10', '1e3', '-1', '%20', 'A'.repeat(3000), '__proto__', 'constructor', '..%2F..%2Fetc%2Fpasswd'];
/** Query strings for GET routes. */
const HOSTILE_QUERIES = [
  '?q=a%00b&status=a%00b',
  '?limit=1e400&page=-1&pageSize=99999999999',
  '?status[]=x&status[]=y',
  '?__proto__[polluted]=yes',
  '?constructor[prototype][polluted]=yes',
  `?q=${'Я'.repeat(3000)}`,
  '?from=%ED%A0%80&to=2026-99-99',
  '?page=0x10&limit=%20',
];

type Caller = 'staff' | 'public' | 'onec' | 'callback';
interface Target {
  method: string;
  /** With `{name}` placeholders for the path parameters. */
  path: string;
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  caller: Caller;
}

function targets(): Target[] {
  const dealer = { id: own.pendingDealerId };
  const approved = { id: own.approvedDealerId };
  const order = { orderNumber: 'SID-9999999' };
  const staffRoutes: Target[] = [
    { method: 'GET', path: '/api/staff/queue', caller: 'staff' },
    { method: 'GET', path: '/api/staff/1c-log', caller: 'staff' },
    { method: 'POST', path: '/api/staff/exchange-rates/usd', body: { rate: '95.1234', date: '2026-01-01' }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/audit', caller: 'staff' },
    { method: 'GET', path: '/api/staff/dealers', caller: 'staff' },
    { method: 'GET', path: '/api/staff/dealers/{id}', params: dealer, caller: 'staff' },
    { method: 'PATCH', path: '/api/staff/dealers/{id}', params: approved, body: { creditLimitKopecks: 100, segments: ['EDU'], authorizedVendors: ['KASP'] }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/approve', params: dealer, body: { priceGroupId: own.groupId, settlementScheme: 'postpay', creditLimitKopecks: 0, segments: [], authorizedVendors: [] }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/reject', params: dealer, body: { reason: 'причина' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/suspend', params: approved, body: { reason: 'причина' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/reactivate', params: approved, body: {}, caller: 'staff' },
    { method: 'GET', path: '/api/staff/dealers/{id}/reconciliation', params: approved, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/reconciliation/send', params: approved, body: { from: '2026-01-01', to: '2026-03-31' }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/dealers/{id}/users', params: approved, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/users', params: approved, body: { login: 'fuzz-new@test.sid', fullName: 'Фазз', email: 'fuzz-new@test.sid', role: 'dealer_user' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/users/{userId}/disable', params: { ...approved, userId: own.userId }, body: {}, caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealers/{id}/users/{userId}/role', params: { ...approved, userId: own.userId }, body: { role: 'dealer_admin' }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/dealer-groups', caller: 'staff' },
    { method: 'POST', path: '/api/staff/dealer-groups', body: { code: 'fuzz-group', name: 'Фазз' }, caller: 'staff' },
    { method: 'PATCH', path: '/api/staff/dealer-groups/{id}', params: { id: String(own.groupId) }, body: { name: 'Фазз' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/orders/{orderNumber}/keys', params: order, body: { lines: [] }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/orders/{orderNumber}/policy-hold', params: order, body: { decision: 'release', note: 'x' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/orders/{orderNumber}/vendors/{vendorCode}/retry', params: { ...order, vendorCode: fuzzVendorCode }, body: {}, caller: 'staff' },
    { method: 'POST', path: '/api/staff/orders/{orderNumber}/vendors/{vendorCode}/cancel', params: { ...order, vendorCode: fuzzVendorCode }, body: { reason: 'x' }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/price-rules', caller: 'staff' },
    { method: 'POST', path: '/api/staff/price-rules', body: { dealerGroupId: own.groupId, discountBasisPoints: 5 }, caller: 'staff' },
    { method: 'PATCH', path: '/api/staff/price-rules/{id}', params: { id: String(own.ruleId) }, body: { discountBasisPoints: 7 }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/price-lists/{id}', params: { id: '999999' }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/price-lists/{id}/apply', params: { id: '999999' }, body: {}, caller: 'staff' },
    { method: 'GET', path: '/api/staff/vendor-mail', caller: 'staff' },
    { method: 'POST', path: '/api/staff/vendor-mail/{id}/match', params: { id: '00000000-0000-4000-8000-000000000000' }, body: { orderNumber: 'SID-9999999', vendorCode: fuzzVendorCode }, caller: 'staff' },
    { method: 'GET', path: '/api/staff/vendors', caller: 'staff' },
    { method: 'GET', path: '/api/staff/vendors/{code}', params: { code: fuzzVendorCode }, caller: 'staff' },
    { method: 'PUT', path: '/api/staff/vendors/{code}/adapter', params: { code: fuzzVendorCode }, body: { adapterKind: 'api', settings: { baseUrl: 'http://127.0.0.1:9' } }, caller: 'staff' },
    { method: 'PUT', path: '/api/staff/vendors/{code}/license-policy', params: { code: fuzzVendorCode }, body: { policy: { rules: [] } }, caller: 'staff' },
    { method: 'POST', path: '/api/staff/vendors/{code}/license-policy/preview', params: { code: fuzzVendorCode }, body: { policy: { rules: [] }, line: { partNumber: 'X', quantity: 1 } }, caller: 'staff' },
  ];
  const machineRoutes: Target[] = [
    { method: 'GET', path: '/api/1c/outbox', caller: 'onec' },
    { method: 'POST', path: '/api/1c/outbox/{id}/ack', params: { id: '999999999' }, body: {}, caller: 'onec' },
    { method: 'POST', path: '/api/1c/documents/number', body: { sidDocumentId: '00000000-0000-4000-8000-000000000000', number: '1', date: '2026-01-01' }, caller: 'onec' },
    { method: 'POST', path: '/api/1c/payments', body: { paymentId: 'fuzz-pay', invoiceNumber: 'НЕТ-1', amount: '1.00', paidOn: '2026-01-01', paymentOrderNumber: '1' }, caller: 'onec' },
    { method: 'POST', path: '/api/1c/payments/{paymentId}/correction', params: { paymentId: 'fuzz-none' }, body: { status: 'cancelled', reason: 'x' }, caller: 'onec' },
    { method: 'POST', path: '/api/vendor-callbacks/{vendorCode}', params: { vendorCode: fuzzVendorCode }, body: { orderId: 'fuzz-1', partnerOrderRef: 'SID-9999999', status: 'completed' }, caller: 'callback' },
  ];
  const publicRoutes: Target[] = [
    { method: 'POST', path: '/api/registrations', body: registrationForm(own.registrationLogin), caller: 'public' },
    { method: 'POST', path: '/api/registrations/previous', body: { login: own.registrationLogin, password: 'x' }, caller: 'public' },
    { method: 'POST', path: '/api/requisites/check', body: { inn: '7707083893', kpp: '773601001', bik: '044525225' }, caller: 'public' },
    { method: 'POST', path: '/api/auth/password-reset/confirm', body: { token: 'fuzz-token', password: 'fuzz-password-2026' }, caller: 'public' },
  ];
  return [...staffRoutes, ...machineRoutes, ...publicRoutes];
}

function fill(path: string, params: Record<string, string> = {}, override?: [string, string]): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (override && override[0] === name ? override[1] : encodeURIComponent(params[name]!)));
}

async function send(target: Target, url: string, bodyText: string | undefined): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = bodyText === undefined ? {} : { 'content-type': 'application/json' };
  let response: Response;
  if (target.caller === 'staff') {
    response = await staff.request(target.method, url, bodyText, headers);
  } else if (target.caller === 'onec') {
    const signed = onec.signRaw(target.method, url, bodyText ?? '');
    if (bodyText === undefined) delete (signed.init.headers as Record<string, string>)['content-type'];
    response = await fetch(signed.url, { ...signed.init, body: bodyText });
  } else {
    if (target.caller === 'callback') headers['x-vendor-signature'] = vendorCallbackSignature(callbackSecret, fuzzVendorCode, Math.floor(Date.now() / 1000), bodyText ?? '');
    response = await fetch(system.baseUrl + url, { method: target.method, headers, body: bodyText });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Judged below: every refusal must be JSON in the API's shape.
  }
  return { status: response.status, body };
}

/** Every request the fuzz sends for a target: one hostile thing at a time. */
function* cases(target: Target): Generator<{ label: string; url: string; body: string | undefined }> {
  const base = target.body;
  const baseText = base === undefined ? undefined : JSON.stringify(base);
  const url = fill(target.path, target.params);
  for (const name of Object.keys(target.params ?? {})) {
    for (const value of HOSTILE_PARAMS) yield { label: `param ${name}=${value.slice(0, 20)}`, url: fill(target.path, target.params, [name, value]), body: baseText };
  }
  if (target.method === 'GET') {
    for (const query of HOSTILE_QUERIES) yield { label: `query ${query.slice(0, 40)}`, url: url + query, body: undefined };
    return;
  }
  // The first few fields of each body: enough to reach its schema, few enough to stay bounded.
  for (const field of Object.keys(base ?? { value: '' }).slice(0, FIELDS_PER_BODY)) {
    for (const [i, value] of HOSTILE_VALUES.entries()) yield { label: `field ${field} #${i}`, url, body: JSON.stringify({ ...base, [field]: value }) };
  }
  for (const text of HOSTILE_BODIES) yield { label: `body ${text.slice(0, 30)}`, url, body: text };
  yield { label: 'huge array', url, body: JSON.stringify({ ...base, lines: Array.from({ length: 20_000 }, () => ({ partNumber: 'X', quantity: 1 })) }) };
}

describe('a bounded fuzz of the routes the OpenAPI document does not list', () => {
  it('answers every hostile request below 500, refuses in the API error shape, and changes nothing when it refuses', async () => {
    const started = Date.now();
    const all = targets();
    let sent = 0;
    let refused = 0;
    let accepted = 0;
    const problems: string[] = [];
    for (const target of all) {
      for (const c of cases(target)) {
        const before = await fingerprint();
        const answer = await send(target, c.url, c.body);
        sent += 1;
        const where = `${target.method} ${target.path} ${c.label}: ${answer.status}`;
        if (answer.status >= 500) problems.push(`${where} ${JSON.stringify(answer.body).slice(0, 200)}`);
        if (answer.status >= 400) {
          refused += 1;
          const error = (answer.body as { error?: { code?: unknown; message?: unknown } })?.error;
          if (typeof error?.code !== 'string' || typeof error.message !== 'string') problems.push(`${where} not in the error shape: ${String(JSON.stringify(answer.body)).slice(0, 200)}`);
          if ((await fingerprint()) !== before) problems.push(`${where} refused, yet changed state`);
        } else {
          accepted += 1;
        }
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`edge fuzz: ${all.length} routes, ${sent} requests (${refused} refused, ${accepted} accepted) in ${seconds} s`);
    expect(problems).toEqual([]);
    // Nothing reached Object.prototype (the API runs in this process).
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sent).toBeGreaterThan(500);
  }, 180_000);
});
