import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealers, orders, users } from '../../db/schema';
import { dealerBalance } from '../../src/usecases/billing/dealer-ledger.usecases';
import { moscowToday } from '../support/dates';
import { hashPassword } from '../../src/infra/passwords';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The API's edges, through the real server: who may do what, and what bad input gets back.
let system: RunningSystem;
let postpay: ApiSession;
let partNumber: string;

const orderCount = async () => (await system.db.db.select({ n: count() }).from(orders))[0]!.n;

beforeAll(async () => {
  system = await startSystem();
  postpay = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  partNumber = (await postpay.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => system?.stop());

describe('bad order requests get a clear 4xx and create nothing', () => {
  it.each([
    ['no lines', { lines: [] }, 400, 'lines', 'хотя бы одна строка'],
    ['zero quantity', { lines: [{ partNumber: 'X', quantity: 0 }] }, 400, 'lines.0.quantity', 'не меньше 1'],
    ['fractional quantity', { lines: [{ partNumber: 'X', quantity: 1.5 }] }, 400, 'lines.0.quantity', 'целым'],
    ['quantity as text', { lines: [{ partNumber: 'X', quantity: '3' }] }, 400, 'lines.0.quantity', 'числом'],
    ['empty PartNumber', { lines: [{ partNumber: '  ', quantity: 1 }] }, 400, 'lines.0.partNumber', 'артикул'],
    ['bad end-user INN', { lines: [{ partNumber: 'X', quantity: 1 }], endUser: { name: 'ООО', inn: '123' } }, 400, 'endUser.inn', 'ИНН'],
    ['unknown PartNumber', { lines: [{ partNumber: 'NO-SUCH-SKU', quantity: 1 }] }, 422, 'lines.0.partNumber', 'NO-SUCH-SKU'],
  ])('%s', async (_name, body, status, field, text) => {
    const before = await orderCount();
    const response = await postpay.json('POST', '/api/orders', body);
    expect(response.status).toBe(status);
    const fieldError = response.body.error.fields.find((f: { field: string }) => f.field === field);
    expect(fieldError?.message).toContain(text);
    expect(await orderCount()).toBe(before);
  });

  it('malformed JSON', async () => {
    const before = await orderCount();
    const response = await postpay.request('POST', '/api/orders', '{"lines": [', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/JSON/);
    expect(await orderCount()).toBe(before);
  });

  it('no session', async () => {
    const before = await orderCount();
    const anonymous = new ApiSession(system.baseUrl);
    const response = await anonymous.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toContain('Войдите');
    expect((await anonymous.json('GET', '/api/orders')).status).toBe(401);
    expect((await anonymous.json('GET', '/api/catalog/products')).status).toBe(401);
    expect(await orderCount()).toBe(before);
  });

  it('a request from another site, or from an opaque origin', async () => {
    const before = await orderCount();
    for (const origin of ['https://evil.example', 'null']) {
      const response = await postpay.request('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] }, { origin });
      expect(response.status).toBe(403);
    }
    expect(await orderCount()).toBe(before);
  });

  it('a staff user, who orders for no dealer', async () => {
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const response = await staff.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('DEALER_ONLY');
  });

  it('an order over the credit limit, with what is owed and what the limit is', async () => {
    const [user] = await system.db.db.select().from(users).where(eq(users.login, 'postpay@demo.sid'));
    const [dealer] = await system.db.db.select().from(dealers).where(eq(dealers.id, user!.dealerId!));
    await system.db.db.update(dealers).set({ creditLimitKopecks: 500_000_000 }).where(eq(dealers.id, dealer!.id));
    try {
      const before = await orderCount();
      const response = await postpay.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 100_000 }] });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('CREDIT_LIMIT');
      expect(response.body.error.message).toContain('лимит 5\u00a0000\u00a0000,00 ₽');
      expect(await orderCount()).toBe(before);
    } finally {
      await system.db.db.update(dealers).set({ creditLimitKopecks: dealer!.creditLimitKopecks }).where(eq(dealers.id, dealer!.id));
    }
  });

  it('two orders at once that fit the limit only one at a time: one is refused', async () => {
    const [user] = await system.db.db.select().from(users).where(eq(users.login, 'postpay@demo.sid'));
    const [dealer] = await system.db.db.select().from(dealers).where(eq(dealers.id, user!.dealerId!));
    const product = (await postpay.json('GET', `/api/catalog/products?q=${encodeURIComponent(partNumber)}&pageSize=1`)).body.items[0];
    const owedBefore = (await dealerBalance(system.db.db, dealer!.id, moscowToday())).outstandingCreditKopecks;
    // A limit leaving room for exactly one more such order.
    const orderGross = product.priceKopecks * 4;
    await system.db.db.update(dealers).set({ creditLimitKopecks: owedBefore + orderGross + Math.floor(orderGross / 2) }).where(eq(dealers.id, dealer!.id));
    try {
      const answers = await Promise.all([1, 2].map(() => postpay.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 4 }] })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    } finally {
      await system.db.db.update(dealers).set({ creditLimitKopecks: dealer!.creditLimitKopecks }).where(eq(dealers.id, dealer!.id));
    }
  });

  it('a dealer on credit hold, until the overdue invoice is paid', async () => {
    const [dealer] = await system.db.db.select().from(users).where(eq(users.login, 'postpay@demo.sid'));
    await system.db.db.update(dealers).set({ creditHold: true }).where(eq(dealers.id, dealer!.dealerId!));
    try {
      const before = await orderCount();
      const response = await postpay.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain('просроченный счёт');
      expect(await orderCount()).toBe(before);
    } finally {
      await system.db.db.update(dealers).set({ creditHold: false }).where(eq(dealers.id, dealer!.dealerId!));
    }
  });
});

describe('every dealer sees only its own orders', () => {
  let orderNumber: string;
  beforeAll(async () => {
    const placed = await postpay.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 2 }] });
    expect(placed.status).toBe(201);
    orderNumber = placed.body.orderNumber;
    await waitFor('shipment', async () => (await postpay.json('GET', `/api/orders/${orderNumber}`)).body.status === 'shipped');
  });

  it('another dealer can neither list, read nor download it', async () => {
    const other = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    const list = await other.json('GET', '/api/orders');
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { orderNumber: string }) => o.orderNumber)).not.toContain(orderNumber);
    const detail = await other.json('GET', `/api/orders/${orderNumber}`);
    expect(detail.status).toBe(404);
    expect(detail.body.error.message).toContain(orderNumber);
    const archive = await other.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(archive.status).toBe(404);
  });

  it('without a session: a browser opening an older letter’s download link goes to the login, which returns to the order page; a program gets 401', async () => {
    const browser = await fetch(`${system.baseUrl}/api/orders/${orderNumber}/archive`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/#/login?next=${encodeURIComponent(`/orders/${orderNumber}`)}`);
    const program = await fetch(`${system.baseUrl}/api/orders/${orderNumber}/archive`);
    expect(program.status).toBe(401);
    expect((await program.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('the owner and staff can; staff also get the link to the workflow', async () => {
    const own = await postpay.json('GET', `/api/orders?partNumber=${encodeURIComponent(partNumber)}`);
    expect(own.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toContain(orderNumber);
    expect((await postpay.json('GET', `/api/orders/${orderNumber}`)).body.workflowUrl).toBeUndefined();
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const detail = await staff.json('GET', `/api/orders/${orderNumber}`);
    expect(detail.status).toBe(200);
    expect(detail.body.workflowUrl).toContain(`order-${orderNumber}`);
    expect((await staff.request('GET', `/api/orders/${orderNumber}/archive`)).status).toBe(200);
  });

  it('filters the list by status, vendor and date', async () => {
    const shipped = await postpay.json('GET', '/api/orders?status=shipped&vendor=drweb');
    expect(shipped.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toContain(orderNumber);
    const otherVendor = await postpay.json('GET', '/api/orders?vendor=ADBE');
    expect(otherVendor.body.items.map((o: { orderNumber: string }) => o.orderNumber)).not.toContain(orderNumber);
    const past = await postpay.json('GET', '/api/orders?to=2020-01-01');
    expect(past.body.total).toBe(0);
    for (const from of ['27.11.2026', '2026-02-30']) {
      const badDate = await postpay.json('GET', `/api/orders?from=${from}`);
      expect(badDate.status).toBe(400);
      expect(badDate.body.error.fields[0].field).toBe('from');
    }
  });
});

describe('order creation is idempotent by the dealer\'s request id', () => {
  it('the same clientRequestId twice gives one order', async () => {
    const body = { lines: [{ partNumber, quantity: 1 }], clientRequestId: `shop-cart-${Date.now()}` };
    const first = await postpay.json('POST', '/api/orders', body);
    const second = await postpay.json('POST', '/api/orders', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.orderNumber).toBe(first.body.orderNumber);
    const rows = await system.db.db.select().from(orders).where(eq(orders.clientRequestId, body.clientRequestId));
    expect(rows).toHaveLength(1);
  });
});

describe('login', () => {
  it('refuses a wrong password and locks the account after five failures', async () => {
    const login = `lockout-${Date.now()}@test.sid`;
    await system.db.db.insert(users).values({ login, passwordHash: await hashPassword('right-password'), role: 'staff', fullName: 'Test', email: login });
    const anonymous = new ApiSession(system.baseUrl);
    for (let i = 0; i < 5; i++) {
      const attempt = await anonymous.json('POST', '/api/auth/login', { login, password: 'wrong' });
      expect(attempt.status).toBe(401);
      expect(attempt.body.error.message).toBe('Неверный логин или пароль.');
    }
    const locked = await anonymous.json('POST', '/api/auth/login', { login, password: 'right-password' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toContain('Повторите через');
  });

  it('stores passwords as argon2id hashes', async () => {
    const [user] = await system.db.db.select().from(users).where(eq(users.login, 'postpay@demo.sid'));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe('dealer prices', () => {
  it("prices by the dealer group's most specific rule and records it on the line", async () => {
    // A dealer of its own with the demo postpay dealer's terms: the shared one's credit is used up
    // by whatever other files ordered before this one.
    const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const postpay = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const kasp = (await postpay.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0];
    const other = (await postpay.json('GET', `/api/catalog/products?q=${encodeURIComponent(partNumber)}&pageSize=1`)).body.items[0];
    // Seeded base group: 10% on the vendor KASP, 15% from 50 licences, 3% on everything else.
    expect(kasp.priceKopecks).toBe(kasp.listPriceKopecks - Math.round(kasp.listPriceKopecks * 0.1));
    expect(other.priceKopecks).toBe(other.listPriceKopecks - Math.round(other.listPriceKopecks * 0.03));
    const placed = await postpay.json('POST', '/api/orders', {
      lines: [{ partNumber: kasp.partNumber, quantity: 50 }, { partNumber: other.partNumber, quantity: 1 }],
      endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const { body } = await postpay.json('GET', `/api/orders/${placed.body.orderNumber}`);
    const [tier, general] = body.lines;
    expect(tier.priceRule).toMatch(/^rule:\d+$/);
    expect(general.priceRule).toMatch(/^rule:\d+$/);
    expect(tier.priceRule).not.toBe(general.priceRule);
    expect(tier.unitPriceKopecks).toBe(kasp.listPriceKopecks - Math.round(kasp.listPriceKopecks * 0.15));
    expect(tier.netKopecks).toBe(tier.unitPriceKopecks * 50);
  });
});

describe('vendor license policies', () => {
  it('are checked while the dealer types, and again at submit, with the rule named', async () => {
    const kasp = (await postpay.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0];
    const draft = { lines: [{ partNumber: kasp.partNumber, quantity: 3 }], endUser: { name: 'ООО «Заказчик»' } };
    const check = await postpay.json('POST', '/api/orders/check', draft);
    expect(check.status).toBe(200);
    expect(check.body.ok).toBe(false);
    const messagesOf = (field: string) => check.body.errors.filter((e: { field: string }) => e.field === field).map((e: { message: string }) => e.message);
    const byField = Object.fromEntries(check.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(messagesOf('lines.0.quantity').join(' | ')).toContain('Правило «Минимальный заказ — 5 узлов»');
    expect(messagesOf('lines.0.quantity').join(' | ')).toContain('Правило «Лицензии продаются диапазонами узлов»');
    expect(byField['endUser.inn']).toBeDefined();
    expect(byField['endUser.region']).toBeDefined();

    const before = await orderCount();
    const refused = await postpay.json('POST', '/api/orders', draft);
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.map((f: { field: string }) => f.field)).toEqual(check.body.errors.map((e: { field: string }) => e.field));
    expect(await orderCount()).toBe(before);

    const fixed = { lines: [{ partNumber: kasp.partNumber, quantity: 10 }], endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' } };
    expect((await postpay.json('POST', '/api/orders/check', fixed)).body).toEqual({ ok: true, errors: [] });
  });

  it('a renewal needs the previous license number in the vendor format', async () => {
    const kasp = (await postpay.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0];
    const endUser = { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' };
    const bad = await postpay.json('POST', '/api/orders/check', { lines: [{ partNumber: kasp.partNumber, quantity: 5, licenseType: 'renewal', previousLicenseNumber: '12345' }], endUser });
    expect(bad.body.errors[0]).toMatchObject({ field: 'lines.0.previousLicenseNumber' });
    expect(bad.body.errors[0].message).toContain('2317-250611-093412');
    const good = await postpay.json('POST', '/api/orders/check', { lines: [{ partNumber: kasp.partNumber, quantity: 5, licenseType: 'renewal', previousLicenseNumber: '2317-250611-093412' }], endUser });
    expect(good.body.ok).toBe(true);
  });
});

describe('an order’s progress, recorded as the workflow’s sentences (older runs) or as codes', () => {
  // The workflow's clock, passed through as given: any fixed instant serves.
  const at = '2026-01-15T10:00:00.000Z';
  const record = (orderId: string, progress: object) => system.db.db.update(orders).set({ progress, progressVersion: 1 }).where(eq(orders.id, orderId));
  const detail = async (orderNumber: string) => {
    const { status, body } = await postpay.json('GET', `/api/orders/${orderNumber}`);
    expect(status).toBe(200);
    return { progress: body.progress, waiting: body.waiting };
  };

  it('answers the same codes for a held-then-released order waiting for its vendor', async () => {
    const { orderId, orderNumber } = await insertOrder(system.db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }] });
    const problem = 'DR-1: Правило «Кратность 5»: количество должно быть кратно 5';
    const expected = {
      progress: {
        status: 'fulfilling',
        awaiting: 'vendor_keys',
        timeline: [
          { step: 'submitted', at },
          { step: 'policy_hold', at, detail: problem },
          { step: 'policy_hold_released', at, reason: { code: 'staff_decision', decision: 'proceed', login: 'staff@demo.sid' } },
          { step: 'sent_to_vendor', at, detail: 'DRWEB' },
        ],
      },
      waiting: { code: 'vendor_keys', vendors: ['DRWEB'], invoiceNumber: null, dueDate: null, text: null },
    };

    await record(orderId, {
      status: 'fulfilling',
      awaiting: 'ключи от DRWEB',
      timeline: [{ step: 'submitted', at }, { step: 'policy_hold', at, detail: problem }, { step: 'policy_hold_released', at, detail: 'продолжить (staff@demo.sid)' }, { step: 'sent_to_vendor', at, detail: 'DRWEB' }],
    });
    expect(await detail(orderNumber)).toEqual(expected);

    await record(orderId, { ...expected.progress, awaiting: { code: 'vendor_keys', vendors: ['DRWEB'] } });
    expect(await detail(orderNumber)).toEqual(expected);
  });

  it('answers the cancel reason as a code with the invoice number', async () => {
    const { orderId, orderNumber } = await insertOrder(system.db.db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], status: 'cancelled' });
    const timeline = (last: object) => [{ step: 'submitted', at }, { step: 'invoice_requested', at }, { step: 'cancelled', at, ...last }];
    const expected = { progress: { status: 'cancelled', awaiting: null, timeline: timeline({ reason: { code: 'invoice_expired', invoiceNumber: 'СЧ-77' } }) }, waiting: null };

    await record(orderId, { status: 'cancelled', awaiting: null, timeline: timeline({ detail: 'счёт СЧ-77 не оплачен в срок' }) });
    expect(await detail(orderNumber)).toEqual(expected);
    await record(orderId, expected.progress);
    expect(await detail(orderNumber)).toEqual(expected);
  });
});
