import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealers, licenses, orderLines, orders, vendorOrders } from '../../db/schema';
import type { ActivityDeps } from '../../src/activities';
import { createLicenseActivities } from '../../src/activities/licenses/licenses.activities';
import { createDealerMailActivities } from '../../src/activities/mail/dealer-mail.activities';
import { licenseTerm } from '../../src/domain/license-term';
import { createMailer } from '../../src/infra/mail';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { licenseRenewalWorkflowId } from '../../src/workflows/licenses/license-renewal.contract';
import { orderWorkflowId } from '../../src/workflows/orders/order.contract';
import { recordHistory } from '../support/histories';
import { freshDealerLike } from '../support/dealers';
import { lmtpUrl, readFolder } from '../support/mail';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Licences through the real stack: orders ship on the Temporal dev server, the order workflow's
// activity records the licences and starts their renewal workflows, the API lists and renews them.
let system: RunningSystem;
let postpay: ApiSession;
let monthly: ApiSession;
let staff: ApiSession;
/** Where this test's postpay dealer user gets its letters. */
let monthlyDealerName: string;
let postpayMailbox: Awaited<ReturnType<typeof freshDealerLike>>['people'][number]['mailbox'];

const ROMASHKA = { name: 'ООО «Ромашка»', inn: '7707083893' };
const VASILEK = { name: 'АО «Василёк»', inn: '7736207543', region: 'Москва' };
const FOREIGN = { name: 'ООО «Чужой заказчик»', inn: '7702070139' };

/** Places an order and waits until it has shipped and its licences are recorded. */
async function shipOrder(session: ApiSession, body: object): Promise<{ orderNumber: string; orderId: string; shippedAt: Date }> {
  const placed = await session.json('POST', '/api/orders', body);
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const orderNumber = placed.body.orderNumber as string;
  return waitFor(`order ${orderNumber} shipped with its licences`, async () => {
    const [order] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    if (!order?.shippedAt) return null;
    const lines = await system.db.db.select({ id: orderLines.id }).from(orderLines).innerJoin(licenses, eq(licenses.orderLineId, orderLines.id)).where(eq(orderLines.orderId, order.id));
    return lines.length > 0 ? { orderNumber, orderId: order.id, shippedAt: order.shippedAt } : null;
  });
}

const vendorOrderIdOf = async (orderId: string) => (await system.db.db.select().from(vendorOrders).where(eq(vendorOrders.orderId, orderId)))[0]!.vendorOrderId!;
const list = (session: ApiSession, query = '') => session.json('GET', `/api/licenses${query}`);

let first: Awaited<ReturnType<typeof shipOrder>>;
let kasp: Awaited<ReturnType<typeof shipOrder>>;

beforeAll(async () => {
  system = await startSystem();
  // Dealers of this test's own: the demo dealers collect licences from every test file of the run.
  const postpayDealer = await freshDealerLike(system.db.db, 'postpay@demo.sid');
  const monthlyDealer = await freshDealerLike(system.db.db, 'monthly@demo.sid');
  postpayMailbox = postpayDealer.people[0]!.mailbox;
  postpay = await ApiSession.login(system.baseUrl, postpayDealer.people[0]!.login, postpayDealer.password);
  monthly = await ApiSession.login(system.baseUrl, monthlyDealer.people[0]!.login, monthlyDealer.password);
  monthlyDealerName = (await system.db.db.select({ name: dealers.shortName }).from(dealers).where(eq(dealers.id, monthlyDealer.dealerId)))[0]!.name;
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  // A 1-year DRWEB licence and a perpetual one in the same vendor order; a 1-year KASP licence; another dealer's licence.
  [first, kasp] = await Promise.all([
    shipOrder(postpay, { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 2 }, { partNumber: 'DR9731APR-01', quantity: 1 }], endUser: ROMASHKA }),
    shipOrder(postpay, { lines: [{ partNumber: 'KA8107S1Y-01', quantity: 5 }], endUser: VASILEK }),
    shipOrder(monthly, { lines: [{ partNumber: 'DR7384A1Y-02', quantity: 1 }], endUser: FOREIGN }),
  ]);
}, 180_000);
afterAll(async () => system?.stop());

describe('licences recorded when an order ships', () => {
  it('one licence per line with a term, from the Moscow shipping date for the product’s months, with its renewal workflow running', async () => {
    const rows = await system.db.db.select().from(licenses).innerJoin(orderLines, eq(orderLines.id, licenses.orderLineId)).where(eq(orderLines.orderId, first.orderId));
    // The perpetual line has no term, so no licence.
    expect(rows.map((r) => r.order_lines.partNumber)).toEqual(['DR6203A1Y-01']);
    const license = rows[0]!.licenses;
    const startsOn = moscowDateOf(first.shippedAt);
    expect({ startsOn: license.startsOn, endsOn: license.endsOn }).toEqual(licenseTerm(startsOn, 12));
    expect(license).toMatchObject({ quantity: 2, status: 'active', endUserName: ROMASHKA.name, endUserInn: ROMASHKA.inn, renewedByOrderId: null });
    // Two lines of one DRWEB vendor order: the vendor's order id plus the line number.
    expect(license.licenseNumber).toBe(`${await vendorOrderIdOf(first.orderId)}-1`);
    const [kaspLicense] = await system.db.db.select().from(licenses).innerJoin(orderLines, eq(orderLines.id, licenses.orderLineId)).where(eq(orderLines.orderId, kasp.orderId));
    expect(kaspLicense!.licenses.licenseNumber).toBe(await vendorOrderIdOf(kasp.orderId));

    const renewal = await system.env.client.workflow.getHandle(licenseRenewalWorkflowId(license.id)).describe();
    expect(renewal.status.name).toBe('RUNNING');
    expect(renewal.type).toBe('licenseRenewal');
    await recordHistory('order-postpay-license-terms', system.env.client.workflow.getHandle(orderWorkflowId(first.orderNumber)));
  });
});

describe('GET /api/licenses', () => {
  it('lists the dealer’s licences soonest end first, with term, days left, status and the renewal line', async () => {
    const answer = await list(postpay);
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(2);
    const item = answer.body.items.find((i: any) => i.partNumber === 'DR6203A1Y-01');
    const startsOn = moscowDateOf(first.shippedAt);
    expect(item).toMatchObject({
      productName: 'Доктор Веб Endpoint Security Advanced, 1 год',
      vendor: { code: 'DRWEB' },
      quantity: 2,
      endUser: ROMASHKA,
      ...licenseTerm(startsOn, 12),
      status: 'active',
      urgency: 'none',
      orderNumber: first.orderNumber,
      renewedByOrderNumber: null,
    });
    expect(item.daysLeft).toBeGreaterThanOrEqual(364);
    expect(item.daysLeft).toBeLessThanOrEqual(365);
    expect(item.renewal).toEqual({
      line: { partNumber: 'DR6203A1Y-01', vendor: 'DRWEB', productName: item.productName, quantity: 2, licenseType: 'renewal', previousLicenseNumber: item.licenseNumber },
      endUser: ROMASHKA,
    });
    expect(item).not.toHaveProperty('dealerName');
  });

  it('dealer A does not see dealer B’s licences, nor quote their renewal; staff see all with the dealer', async () => {
    const mine = await list(postpay);
    expect(mine.body.items.map((i: any) => i.endUser.name).sort()).toEqual([VASILEK.name, ROMASHKA.name].sort());
    const theirs = await list(monthly);
    expect(theirs.body.items.map((i: any) => i.endUser.name)).toEqual([FOREIGN.name]);
    expect((await list(postpay, `?endUser=${encodeURIComponent('Чужой')}`)).body.items).toEqual([]);
    const refused = await postpay.json('POST', `/api/licenses/${theirs.body.items[0].id}/renewal-quote`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toBe('Лицензия не найдена.');
    expect((await postpay.json('POST', '/api/licenses/not-a-uuid/renewal-quote')).status).toBe(404);

    // Staff see every dealer's (filtered by end customer: the whole run's licences are many).
    const names = async (endUser: string) => (await list(staff, `?endUser=${encodeURIComponent(endUser)}&pageSize=200`)).body.items.map((i: any) => i.endUser.name);
    for (const customer of [ROMASHKA, VASILEK, FOREIGN]) expect(await names(customer.inn)).toContain(customer.name);
    const foreign = (await list(staff, `?endUser=${FOREIGN.inn}&pageSize=200`)).body.items;
    expect(foreign.find((i: any) => i.orderNumber === theirs.body.items[0].orderNumber).dealerName).toBe(monthlyDealerName);
  });

  it('filters by end customer (part of the name, or the INN’s first digits), status and end date; refuses a bad filter', async () => {
    const byName = await list(postpay, `?endUser=${encodeURIComponent('Ромаш')}`);
    expect(byName.body.items.map((i: any) => i.endUser.name)).toEqual([ROMASHKA.name]);
    const byInn = await list(postpay, '?endUser=773620');
    expect(byInn.body.items.map((i: any) => i.endUser.name)).toEqual([VASILEK.name]);
    expect((await list(postpay, '?endUser=%25')).body.items).toEqual([]);
    expect((await list(postpay, '?status=lapsed')).body.total).toBe(0);
    const endsOn = licenseTerm(moscowDateOf(first.shippedAt), 12).endsOn;
    expect((await list(postpay, `?expiresBefore=${endsOn}`)).body.total).toBe(2);
    expect((await list(postpay, '?expiresBefore=2026-12-01')).body.total).toBe(0);
    const bad = await list(postpay, '?expiresBefore=2026-02-30&status=gone');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field).sort()).toEqual(['expiresBefore', 'status']);
  });
});

describe('renewal', () => {
  it('the renewal quote runs the vendor’s renewal policy: KASP wants its own licence-number format', async () => {
    const item = (await list(postpay, '?endUser=773620')).body.items[0];
    const answer = await postpay.json('POST', `/api/licenses/${item.id}/renewal-quote`);
    expect(answer.status).toBe(200);
    expect(answer.body.cart).toEqual({ lines: [expect.objectContaining({ partNumber: 'KA8107S1Y-01', quantity: 5, licenseType: 'renewal', previousLicenseNumber: item.licenseNumber })], endUser: VASILEK });
    expect(answer.body.quote.ok).toBe(false);
    expect(answer.body.quote.errors).toContainEqual({
      field: 'lines.0.previousLicenseNumber',
      message: expect.stringContaining(`номер предыдущей лицензии «${item.licenseNumber}» не в формате вендора`),
    });
  });

  it('a renewal order quoting the previous number marks the old licence renewed, stops its reminders and records a new term', async () => {
    const old = (await list(postpay, `?endUser=${encodeURIComponent('Ромаш')}`)).body.items[0];
    const quoted = await postpay.json('POST', `/api/licenses/${old.id}/renewal-quote`);
    expect(quoted.status).toBe(200);
    expect(quoted.body.quote.ok).toBe(true);
    expect(quoted.body.quote.lines[0]).toMatchObject({ partNumber: 'DR6203A1Y-01', quantity: 2, grossKopecks: expect.any(Number) });

    const renewalOrder = await shipOrder(postpay, quoted.body.cart);
    const [line] = await system.db.db.select().from(orderLines).where(eq(orderLines.orderId, renewalOrder.orderId));
    expect(line).toMatchObject({ licenseType: 'renewal', previousLicenseNumber: old.licenseNumber });

    const renewedOld = await waitFor('the old licence renewed', async () => {
      const item = (await list(postpay, '?status=renewed')).body.items[0];
      return item ?? null;
    });
    expect(renewedOld).toMatchObject({ id: old.id, status: 'renewed', renewedByOrderNumber: renewalOrder.orderNumber, renewal: null, urgency: 'none' });
    const [fresh] = await system.db.db
      .select()
      .from(licenses)
      .where(and(eq(licenses.orderLineId, line!.id)));
    expect(fresh).toMatchObject({ status: 'active', quantity: 2, endUserName: ROMASHKA.name, ...licenseTerm(moscowDateOf(renewalOrder.shippedAt), 12) });
    expect(fresh!.licenseNumber).toBe(await vendorOrderIdOf(renewalOrder.orderId));

    const oldRun = system.env.client.workflow.getHandle(licenseRenewalWorkflowId(old.id));
    expect(await oldRun.result()).toEqual({ outcome: 'renewed', reminded: [] });
    await recordHistory('license-renewal-renewed-by-order', oldRun);
  });
});

describe('the letters of the renewal workflow (its activities, against the real database and mail server)', () => {
  it('reminders and the lapse notice go once each to the user who placed the order; a lapsed licence is listed as such and can still be renewed', async () => {
    const mailer = createMailer(lmtpUrl(), 'SID <sid@sid.test>');
    const deps = { db: system.db.db, temporal: system.env.client, publicUrl: system.baseUrl, mail: { mailer, vendorMailbox: null, attachmentLimitBytes: 1024 } } as unknown as ActivityDeps;
    const mail = createDealerMailActivities(deps);
    const books = createLicenseActivities(deps);
    const item = (await list(postpay, '?endUser=773620')).body.items[0];
    try {
      // A retried activity sends nothing twice.
      await mail.mailRenewalReminder({ licenseId: item.id, daysBefore: 30 });
      await mail.mailRenewalReminder({ licenseId: item.id, daysBefore: 30 });
      await mail.mailRenewalReminder({ licenseId: item.id, daysBefore: 7 });
      expect(await books.markLicenseLapsed({ licenseId: item.id })).toEqual({ lapsed: true });
      await mail.mailLicenseLapsed({ licenseId: item.id });
    } finally {
      mailer.close();
    }
    const letters = await waitFor('the licence letters', async () => {
      const found = await Promise.all((await readFolder(postpayMailbox.settings)).map((m) => simpleParser(m.source)));
      const mine = found.filter((l) => l.text?.includes(item.licenseNumber));
      return mine.length >= 3 ? mine : null;
    });
    const endsOn = item.endsOn.split('-').reverse().join('.');
    expect(letters.map((l) => l.subject).sort()).toEqual(
      [
        `Через 30 дней заканчивается лицензия KA8107S1Y-01 (${VASILEK.name})`,
        `Через 7 дней заканчивается лицензия KA8107S1Y-01 (${VASILEK.name})`,
        `Лицензия KA8107S1Y-01 (${VASILEK.name}) закончилась`,
      ].sort(),
    );
    const thirty = letters.find((l) => l.subject!.startsWith('Через 30'))!;
    expect(thirty.text).toContain(`действует по ${endsOn} — осталось 30 дней`);
    expect(thirty.text).toContain(`${system.baseUrl}/#/renewals`);
    expect(thirty.text).toContain(`Заказ ${kasp.orderNumber}`);

    const lapsed = (await list(postpay, '?status=lapsed')).body.items;
    expect(lapsed.map((l: any) => [l.id, l.status, l.urgency])).toEqual([[item.id, 'lapsed', 'lapsed']]);
    expect(lapsed[0].renewal.line.previousLicenseNumber).toBe(item.licenseNumber);
  });
});
