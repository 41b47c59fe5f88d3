import { and, eq, gt, inArray, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { auditLog, orders, vendors } from '../../db/schema';
import { parseVendorApiSecrets } from '../../src/infra/vendor-api-client';
import { insertOrder } from '../support/orders';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Staff manage vendors' adapters and license policies through the real API; dealers feel the result.
let system: RunningSystem;
let staff: ApiSession;
let dealer: ApiSession;
const token = inject('vendorApiToken');
/** Every answer body seen, to show that no secret ever leaves the server. */
const bodies: string[] = [];

// Vendors this file changes, put back as they were for the test files after it.
const TOUCHED = ['GRAPH', 'TFLEX', 'CONSU', 'ANSYS'];
let originals: Array<typeof vendors.$inferSelect> = [];
/** Audit rows before this file's are other tests' (the run shares one database). */
let auditFrom = 0;

async function call(session: ApiSession, method: string, path: string, body?: unknown) {
  const response = await session.request(method, path, body);
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const vendorRow = async (code: string) => (await system.db.db.select().from(vendors).where(eq(vendors.code, code)))[0]!;
const partNumberOf = async (code: string) => (await call(dealer, 'GET', `/api/catalog/products?vendor=${code}&pageSize=1`)).body.items[0].partNumber as string;

beforeAll(async () => {
  system = await startSystem();
  originals = await system.db.db.select().from(vendors).where(inArray(vendors.code, TOUCHED));
  auditFrom = (await system.db.db.select({ id: max(auditLog.id) }).from(auditLog))[0]?.id ?? 0;
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
});
afterAll(async () => {
  for (const row of originals) await system.db.db.update(vendors).set(row).where(eq(vendors.id, row.id));
  await system?.stop();
});

describe('the vendor list and page', () => {
  it('lists every vendor with its adapter, a settings summary, its policy and products; search by code or name', async () => {
    const all = await call(staff, 'GET', '/api/staff/vendors');
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(100);
    const kasp = all.body.items.find((v: any) => v.code === 'KASP');
    expect(kasp).toMatchObject({ adapterKind: 'api', secretsSet: true, policy: { valid: true, ruleCount: 6, dealerAuthorisation: true } });
    expect(kasp.settings.target).toMatch(/^127\.0\.0\.1:\d+$/);
    const [{ n }] = (await system.db.sql`select count(*)::int as n from products p join vendors v on v.id = p.vendor_id where v.code = 'KASP'`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(1);
    expect(kasp.products).toBe(n);
    const abbyy = all.body.items.find((v: any) => v.code === 'ABBYY');
    expect(abbyy).toMatchObject({ adapterKind: 'email', secretsSet: false, settings: { target: 'orders@abbyy.vendor.local', slaHours: 48 } });

    const byCode = await call(staff, 'GET', '/api/staff/vendors?q=kas');
    expect(byCode.body.items.map((v: any) => v.code)).toContain('KASP');
    const byName = await call(staff, 'GET', `/api/staff/vendors?q=${encodeURIComponent(kasp.name.slice(0, 6).toLowerCase())}`);
    expect(byName.body.items.map((v: any) => v.code)).toContain('KASP');
    const manual = await call(staff, 'GET', '/api/staff/vendors?kind=manual');
    expect(manual.body.items.map((v: any) => v.code).sort()).toEqual(['CONSU', 'PROMT']);
  });

  it('shows full non-secret settings, the policy as stored, and only whether secrets are set', async () => {
    const { status, body } = await call(staff, 'GET', '/api/staff/vendors/kasp');
    expect(status).toBe(200);
    expect(body.vendor).toMatchObject({ code: 'KASP', adapter: { kind: 'api', secrets: { token: true, callbackSecret: false } }, policy: { valid: true } });
    expect(body.vendor.adapter.settings.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(body.vendor.policy.document.rules[0].id).toBe('kasp-min-5');
    expect((await call(staff, 'GET', '/api/staff/vendors/NOSUCH')).status).toBe(404);
  });
});

describe('adapter settings', () => {
  it('switches an api vendor to manual and back; the kept token still buys keys', async () => {
    const before = await vendorRow('GRAPH');
    const baseUrl = (before.adapterSettings as { baseUrl: string }).baseUrl;
    const manual = await call(staff, 'PUT', '/api/staff/vendors/GRAPH/adapter', { kind: 'manual', settings: { slaHours: 12 } });
    expect(manual.status).toBe(200);
    expect(manual.body.vendor.adapter).toEqual({ kind: 'manual', settings: { slaHours: 12 }, secrets: { token: true, callbackSecret: false } });
    expect((await vendorRow('GRAPH')).adapterKind).toBe('manual');

    const back = await call(staff, 'PUT', '/api/staff/vendors/GRAPH/adapter', { kind: 'api', settings: { baseUrl, slaHours: 6 } });
    expect(back.status).toBe(200);
    expect(back.body.vendor.adapter).toEqual({ kind: 'api', settings: { baseUrl, slaHours: 6 }, secrets: { token: true, callbackSecret: false } });
    expect((await vendorRow('GRAPH')).adapterSecretEncrypted).toBe(before.adapterSecretEncrypted);

    // An order placed now goes through the API again, with the token kept while the vendor was manual.
    const partNumber = await partNumberOf('GRAPH');
    const placed = await call(dealer, 'POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], endUser: { name: 'ООО «Тест»' } });
    expect(placed.status).toBe(201);
    await waitFor('GRAPH order shipped', async () => ['shipped', 'completed'].includes((await call(dealer, 'GET', `/api/orders/${placed.body.orderNumber}`)).body.status));
  });

  it('replaces the token and the callback secret write-only, encrypted; removing the callback secret leaves the token', async () => {
    const newToken = 'rotated-token-0123456789';
    const newSecret = 'callback-secret-0123456789abcdef';
    const settings = (await vendorRow('GRAPH')).adapterSettings;
    const set = await call(staff, 'PUT', '/api/staff/vendors/GRAPH/adapter', { kind: 'api', settings, secrets: { token: newToken, callbackSecret: newSecret } });
    expect(set.status).toBe(200);
    expect(set.body.vendor.adapter.secrets).toEqual({ token: true, callbackSecret: true });
    const stored = (await vendorRow('GRAPH')).adapterSecretEncrypted!;
    expect(stored).not.toContain(newToken);
    expect(parseVendorApiSecrets(system.keyCipher.decrypt(stored))).toEqual({ token: newToken, callbackSecret: newSecret });

    const removed = await call(staff, 'PUT', '/api/staff/vendors/GRAPH/adapter', { kind: 'api', settings, secrets: { callbackSecret: null } });
    expect(removed.body.vendor.adapter.secrets).toEqual({ token: true, callbackSecret: false });
    expect(parseVendorApiSecrets(system.keyCipher.decrypt((await vendorRow('GRAPH')).adapterSecretEncrypted!))).toEqual({ token: newToken });

    // Back to the simulator's token, so the vendor works for the tests after this one.
    expect((await call(staff, 'PUT', '/api/staff/vendors/GRAPH/adapter', { kind: 'api', settings, secrets: { token } })).status).toBe(200);
    expect(bodies.some((b) => b.includes(newToken) || b.includes(newSecret))).toBe(false);
  });

  it.each([
    ['an API address that is not http(s)', 'GRAPH', { kind: 'api', settings: { baseUrl: 'ftp://vendor.example' } }, 'settings.baseUrl', 'http://'],
    ['an API address in the cloud metadata range', 'GRAPH', { kind: 'api', settings: { baseUrl: 'https://169.254.169.254/latest' } }, 'settings.baseUrl', 'публичный'],
    ['an API address on loopback in a short notation', 'GRAPH', { kind: 'api', settings: { baseUrl: 'https://127.1:8443' } }, 'settings.baseUrl', 'публичный'],
    ['an API address over plain http outside the allow-list', 'GRAPH', { kind: 'api', settings: { baseUrl: 'http://vendor.example' } }, 'settings.baseUrl', 'https://'],
    ['an SLA of zero hours', 'GRAPH', { kind: 'api', settings: { baseUrl: 'https://vendor.example', slaHours: 0 } }, 'settings.slaHours', 'часов'],
    ['an e-mail vendor without an order desk', 'GRAPH', { kind: 'email', settings: { senders: ['vendor.example'] } }, 'settings.orderDesk', 'адрес для заказов'],
    ['a key pattern that does not compile', 'GRAPH', { kind: 'email', settings: { orderDesk: 'orders@vendor.example', keyPatterns: ['(unclosed'] } }, 'settings.keyPatterns.0', 'не работает'],
    ['secrets for a manual vendor', 'GRAPH', { kind: 'manual', settings: {}, secrets: { token: 'some-token-123' } }, 'secrets', 'только для адаптера API'],
    ['an api adapter for a vendor that has no token', 'CONSU', { kind: 'api', settings: { baseUrl: 'https://vendor.example' } }, 'secrets.token', 'нужен токен'],
    ['a token too short', 'GRAPH', { kind: 'api', settings: { baseUrl: 'https://vendor.example' }, secrets: { token: 'x' } }, 'secrets.token', 'от 8'],
  ])('refuses %s with 422 naming the field, and changes nothing', async (_name, code, body, field, text) => {
    const before = await vendorRow(code);
    const { status, body: answer } = await call(staff, 'PUT', `/api/staff/vendors/${code}/adapter`, body);
    expect([400, 422]).toContain(status);
    const error = answer.error.fields.find((f: { field: string }) => f.field === field);
    expect(error?.message, JSON.stringify(answer)).toContain(text);
    expect(await vendorRow(code)).toEqual(before);
  });

  it('refuses to change the kind while an order of the vendor is in fulfilment, naming the order', async () => {
    const before = await vendorRow('ANSYS');
    const { orderId, orderNumber } = await insertOrder(system.db.db, { vendorCode: 'ANSYS', lines: [{ quantity: 1 }] });
    try {
      const refused = await call(staff, 'PUT', '/api/staff/vendors/ANSYS/adapter', { kind: 'manual', settings: {} });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('VENDOR_HAS_OPEN_FULFILMENTS');
      expect(refused.body.error.message).toContain(orderNumber);
      expect(await vendorRow('ANSYS')).toEqual(before);
      // Settings of the same kind still change: they apply to the order at its next vendor call.
      const same = await call(staff, 'PUT', '/api/staff/vendors/ANSYS/adapter', { kind: 'api', settings: { ...(before.adapterSettings as object), timeoutMs: 5000 } });
      expect(same.status).toBe(200);
    } finally {
      await system.db.db.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, orderId));
    }
    expect((await call(staff, 'PUT', '/api/staff/vendors/ANSYS/adapter', { kind: 'manual', settings: {} })).status).toBe(200);
  });
});

describe('license policies', () => {
  const multipleOf3 = { unit: 'license', rules: [{ id: 'tflex-packs-3', title: 'Лицензии — пакетами по 3', kind: 'quantity_multiple', multiple: 3 }] };

  it('a saved policy applies to the very next check of a dealer, with its message', async () => {
    const partNumber = await partNumberOf('TFLEX');
    const check = () => call(dealer, 'POST', '/api/orders/check', { lines: [{ partNumber, quantity: 4 }], endUser: { name: 'ООО «Тест»' } });
    expect((await check()).body).toEqual({ ok: true, errors: [] });

    const saved = await call(staff, 'PUT', '/api/staff/vendors/TFLEX/license-policy', { policy: multipleOf3 });
    expect(saved.status).toBe(200);
    expect(saved.body.vendor.policy).toMatchObject({ valid: true, document: multipleOf3 });

    const after = await check();
    expect(after.body.ok).toBe(false);
    expect(after.body.errors).toEqual([
      {
        field: 'lines.0.quantity',
        message: 'Правило «Лицензии — пакетами по 3»: количество должно быть кратно 3, а в строке 4; ближайшие допустимые — 3 и 6',
        fixes: [
          { code: 'quantity.set', quantity: 3, reason: 'multiple' },
          { code: 'quantity.set', quantity: 6, reason: 'multiple' },
        ],
      },
    ]);
    // And at submit.
    const submit = await call(dealer, 'POST', '/api/orders', { lines: [{ partNumber, quantity: 4 }], endUser: { name: 'ООО «Тест»' } });
    expect(submit.status).toBe(422);
    expect(submit.body.error.fields[0].message).toContain('кратно 3');
  });

  it('refuses an invalid policy with 422 naming rule and field in Russian; the old policy stays in force', async () => {
    const bad = {
      unit: 'license',
      rules: [
        { id: 'tflex-packs-3', title: 'Пакеты', kind: 'quantity_multiple', multiple: 0 },
        { id: 'tflex-bands', title: 'Диапазоны', kind: 'quantity_bands', bands: [[10, 5]] },
        { id: 'tflex-typo', title: 'Опечатка', kind: 'min_quantity', minimum: 5 },
      ],
    };
    const before = await vendorRow('TFLEX');
    const { status, body } = await call(staff, 'PUT', '/api/staff/vendors/TFLEX/license-policy', { policy: bad });
    expect(status).toBe(422);
    expect(body.error.code).toBe('POLICY_INVALID');
    expect(body.error.message).toContain('действуют прежние правила');
    const byField = Object.fromEntries(body.error.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(byField['policy.rules[0].multiple']).toBe('правило «tflex-packs-3», поле multiple: нужно целое число больше нуля');
    expect(byField['policy.rules[1].bands[0]']).toContain('правило «tflex-bands», поле bands[0]: диапазон 10–5 перевёрнут');
    expect(byField['policy.rules[2].min']).toContain('правило «tflex-typo», поле min: поле обязательно');
    expect(Object.values(byField).some((m) => String(m).includes('неизвестное поле «minimum»'))).toBe(true);
    expect(await vendorRow('TFLEX')).toEqual(before);

    const partNumber = await partNumberOf('TFLEX');
    const check = await call(dealer, 'POST', '/api/orders/check', { lines: [{ partNumber, quantity: 4 }], endUser: { name: 'ООО «Тест»' } });
    expect(check.body.errors[0].message).toContain('кратно 3');
    expect((await call(staff, 'PUT', '/api/staff/vendors/TFLEX/license-policy', { policy: 'not json object' })).status).toBe(422);
  });

  it('previews a sample line against a proposed policy with the message the dealer would see, saving nothing', async () => {
    const partNumber = await partNumberOf('TFLEX');
    const before = await vendorRow('TFLEX');
    const proposed = {
      unit: 'seat',
      rules: [
        { id: 'tflex-min-10', title: 'Минимум 10 мест', kind: 'min_quantity', min: 10 },
        { id: 'tflex-end-user', title: 'Лицензия на конечного пользователя', kind: 'end_user_fields', fields: ['name', 'inn'] },
      ],
    };
    const preview = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: proposed, line: { partNumber, quantity: 5 }, endUser: { name: 'ООО «Тест»' } });
    expect(preview.status).toBe(200);
    expect(preview.body.ok).toBe(false);
    expect(preview.body.findings).toEqual([
      { ruleId: 'tflex-min-10', field: 'line.quantity', message: 'Правило «Минимум 10 мест»: минимум 10 рабочих мест, а в строке 5; укажите 10 или больше' },
      { ruleId: 'tflex-end-user', field: 'endUser.inn', message: 'Правило «Лицензия на конечного пользователя»: укажите ИНН конечного пользователя' },
    ]);
    const passing = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', {
      policy: proposed,
      line: { partNumber, quantity: 12 },
      endUser: { name: 'ООО «Тест»', inn: '7707083893' },
    });
    expect(passing.body).toMatchObject({ ok: true, findings: [], product: { partNumber } });

    // A real dealer's authorisations count: one not authorised for a vendor that requires it sees that finding alone;
    // without a dealer_authorisation rule the vendor sells through any dealer.
    const [prepay] = await system.db.sql`select id from dealers where email = 'prepay@demo.sid'`;
    await system.db.sql`update dealers set authorized_vendors = array_remove(authorized_vendors, 'TFLEX') where id = ${prepay!.id}`;
    try {
      const open = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: proposed, line: { partNumber, quantity: 5 }, endUser: { name: 'ООО «Тест»', inn: '7707083893' }, dealerId: prepay!.id });
      expect(open.body.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['tflex-min-10']);
      const partnersOnly = { ...proposed, rules: [{ id: 'tflex-partners', title: 'Только партнёры', kind: 'dealer_authorisation' }, ...proposed.rules] };
      const unauthorised = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: partnersOnly, line: { partNumber, quantity: 5 }, dealerId: prepay!.id });
      expect(unauthorised.body.findings).toHaveLength(1);
      expect(unauthorised.body.findings[0]).toMatchObject({ ruleId: 'tflex-partners', field: 'line.partNumber' });
      expect(unauthorised.body.dealer.shortName).toBe('ООО «Северный Софт»');
    } finally {
      await system.db.sql`update dealers set authorized_vendors = array_append(authorized_vendors, 'TFLEX') where id = ${prepay!.id}`;
    }

    const invalid = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: { rules: [{ id: 'x', kind: 'min_quantity', title: 'Мин', min: -1 }] }, line: { partNumber, quantity: 5 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.fields[0].field).toBe('policy.rules[0].min');
    const unknownProduct = await call(staff, 'POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: proposed, line: { partNumber: 'NO-SUCH-SKU', quantity: 5 } });
    expect(unknownProduct.status).toBe(422);
    expect(unknownProduct.body.error.fields[0]).toMatchObject({ field: 'line.partNumber' });
    expect(await vendorRow('TFLEX')).toEqual(before);
  });
});

describe('who may, and what is kept', () => {
  it('a dealer gets 403 on every staff vendor route, and nothing changes', async () => {
    const before = await vendorRow('TFLEX');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/staff/vendors'],
      ['GET', '/api/staff/vendors/TFLEX'],
      ['PUT', '/api/staff/vendors/TFLEX/adapter', { kind: 'manual', settings: {} }],
      ['PUT', '/api/staff/vendors/TFLEX/license-policy', { policy: { rules: [] } }],
      ['POST', '/api/staff/vendors/TFLEX/license-policy/preview', { policy: { rules: [] }, line: { partNumber: 'X', quantity: 1 } }],
    ];
    for (const [method, path, body] of routes) {
      const answer = await call(dealer, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('STAFF_ONLY');
    }
    const anonymous = new ApiSession(system.baseUrl);
    expect((await call(anonymous, 'GET', '/api/staff/vendors')).status).toBe(401);
    expect(await vendorRow('TFLEX')).toEqual(before);
  });

  it('every change is audited with before and after, never with a secret; no answer ever carried one', async () => {
    const rows = await system.db.db.select().from(auditLog).where(and(gt(auditLog.id, auditFrom), eq(auditLog.subjectType, 'vendor'), inArray(auditLog.subjectId, TOUCHED)));
    const adapter = rows.filter((r) => r.action === 'vendor.adapter_changed');
    const policy = rows.filter((r) => r.action === 'vendor.license_policy_changed');
    expect(adapter.length).toBeGreaterThanOrEqual(5);
    expect(policy).toHaveLength(1);
    expect(policy[0]!.details).toMatchObject({ before: {}, after: { rules: [{ id: 'tflex-packs-3' }] } });
    const toManual = adapter.find((r) => (r.details as any).after.kind === 'manual' && r.subjectId === 'GRAPH')!;
    expect(toManual.details).toMatchObject({ before: { kind: 'api', secretsSet: { token: true } }, after: { kind: 'manual', settings: { slaHours: 12 } }, tokenReplaced: false });
    const rotated = adapter.filter((r) => (r.details as any).tokenReplaced);
    expect(rotated.length).toBeGreaterThanOrEqual(2);
    const audit = JSON.stringify(rows);
    for (const secret of [token, 'rotated-token-0123456789', 'callback-secret-0123456789abcdef']) expect(audit).not.toContain(secret);
    expect(bodies.length).toBeGreaterThan(30);
    expect(bodies.some((b) => b.includes(token))).toBe(false);
  });
});
