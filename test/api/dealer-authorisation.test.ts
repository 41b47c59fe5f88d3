import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMailbox } from '../support/mail';
import { registrationForm } from '../support/registrations';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

/**
 * Issue 17, 3: a newly approved dealer whose authorisations staff left empty can order every vendor
 * that does not reserve its products for authorised dealers (the demo KASP policy does, MYOFF and
 * DRWEB do not), is refused a reserved one with a reason, and the catalog says so before the cart.
 * The top bar's figures come from GET /api/dealer/summary.
 */
let system: RunningSystem;
let staff: ApiSession;
let dealer: ApiSession;
let dealerId: string;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const mailbox = freshMailbox('dealer');
  const form = registrationForm(mailbox.address, { requestedVendors: [] });
  const registered = await new ApiSession(system.baseUrl).json('POST', '/api/registrations', form);
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  dealerId = registered.body.dealerId;
  const groups = (await staff.json('GET', '/api/staff/dealer-groups')).body.items as Array<{ id: number; code: string }>;
  // As the tester saw it: «Разрешённые вендоры» left empty.
  const approved = await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, {
    priceGroupId: groups.find((g) => g.code === 'BASE')!.id,
    settlementScheme: 'postpay',
    creditLimitKopecks: 50_000_000,
    authorizedVendors: [],
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  expect(approved.body.dealer.authorizedVendors).toEqual([]);
  dealer = await ApiSession.login(system.baseUrl, form.user.login, form.user.password);
});
afterAll(async () => system?.stop());

const endUser = { name: 'ООО «Ромашка»', inn: '7707083893', region: 'Москва' };
const firstProduct = async (vendor: string) => (await dealer.json('GET', `/api/catalog/products?vendor=${vendor}&pageSize=5`)).body.items[0];

describe('a newly approved dealer with no authorised vendors', () => {
  it('orders a vendor that needs no authorisation, through the check and the submit', async () => {
    const myoff = await firstProduct('MYOFF');
    const check = await dealer.json('POST', '/api/orders/check', { lines: [{ partNumber: myoff.partNumber, quantity: 10 }], endUser });
    expect(check.body).toEqual({ ok: true, errors: [] });
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }], endUser });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  });

  it('is refused a vendor whose policy reserves it for authorised dealers, with the reason on the line', async () => {
    const kasp = await firstProduct('KASP');
    const check = await dealer.json('POST', '/api/orders/check', { lines: [{ partNumber: kasp.partNumber, quantity: 10 }], endUser });
    expect(check.body.ok).toBe(false);
    expect(check.body.errors).toEqual([
      {
        field: 'lines.0.partNumber',
        message:
          'Правило «Продажа только авторизованными партнёрами»: дилер не авторизован на продажу продукции KASP; уберите строку из заказа или запросите авторизацию у вендора',
        // The cart offers to take the line out in one click.
        fixes: [{ code: 'line.remove' }],
      },
    ]);
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: kasp.partNumber, quantity: 10 }], endUser });
    expect(placed.status).toBe(422);
    expect(JSON.stringify(placed.body)).toContain('не авторизован на продажу продукции KASP');
  });

  it('sees in the catalog which products it may not order and why; authorised by staff, it may', async () => {
    const kasp = await firstProduct('KASP');
    expect(kasp.orderRefusal).toBe('Нет авторизации на продажу «Лаборатория Касперского» — обратитесь к менеджеру');
    expect((await firstProduct('MYOFF')).orderRefusal).toBeNull();
    expect((await firstProduct('DRWEB')).orderRefusal).toBeNull();
    // Staff browsing the catalog order nothing: no refusal is made up for them.
    expect((await staff.json('GET', '/api/catalog/products?vendor=KASP&pageSize=1')).body.items[0].orderRefusal).toBeNull();

    expect((await staff.json('PATCH', `/api/staff/dealers/${dealerId}`, { authorizedVendors: ['kasp'] })).status).toBe(200);
    expect((await firstProduct('KASP')).orderRefusal).toBeNull();
    const check = await dealer.json('POST', '/api/orders/check', { lines: [{ partNumber: kasp.partNumber, quantity: 10 }], endUser });
    expect(check.body).toEqual({ ok: true, errors: [] });
    await staff.json('PATCH', `/api/staff/dealers/${dealerId}`, { authorizedVendors: [] });
  });
});

describe('the top bar figures (GET /api/dealer/summary)', () => {
  it('gives the company, the balance, the credit left and the overdue invoices; staff get none', async () => {
    const before = await dealer.json('GET', '/api/dealer/summary');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ settlementScheme: 'postpay', balanceKopecks: 0, creditLimitKopecks: 50_000_000, overdueKopecks: 0, overdueInvoices: 0 });
    expect(before.body.dealer.id).toBe(dealerId);
    expect(before.body.dealer.shortName).toMatch(/\S/);
    // The credit left is the limit less what the credit check counts: the order placed above on credit.
    const balance = (await dealer.json('GET', '/api/invoices/summary')).body;
    expect(before.body.creditLeftKopecks).toBe(50_000_000 - balance.outstandingCreditKopecks);

    // Fixed dates on purpose: January 2026's statement, numbered and due in February 2026, is in the past on any day this runs, so it stays overdue on any later day.
    await system.db.sql`
      insert into invoices (dealer_id, statement_month, purpose, number, number_date, amount_kopecks, paid_kopecks, term_banking_days, due_date, status, workflow_id)
      values (${dealerId}, '2026-01', 'monthly', ${`T-${dealerId.slice(0, 8)}`}, '2026-02-02', 1234500, 34500, 5, '2026-02-09', 'overdue', ${`test-overdue-${dealerId}`})`;
    const after = (await dealer.json('GET', '/api/dealer/summary')).body;
    expect(after).toMatchObject({ overdueKopecks: 1_200_000, overdueInvoices: 1 });
    const page = (await dealer.json('GET', '/api/invoices/summary')).body;
    expect(after.overdueKopecks).toBe(page.overdueKopecks);
    // What the invoices still ask for is the balance page's figure, the overdue one included.
    expect(after.unpaidInvoicesKopecks).toBe(page.unpaidInvoicesKopecks);
    expect(after.unpaidInvoicesKopecks).toBeGreaterThanOrEqual(1_200_000);

    expect((await staff.json('GET', '/api/dealer/summary')).status).toBe(403);
    expect((await new ApiSession(system.baseUrl).json('GET', '/api/dealer/summary')).status).toBe(401);
  });
});
