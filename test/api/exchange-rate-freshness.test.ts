import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRates, staffQueue } from '../../db/schema';
import { DEFAULT_MAX_RATE_AGE_BANKING_DAYS, rateFreshness } from '../../src/domain/cbr-rates';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { bankingCalendar, moscowToday } from '../support/dates';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

/**
 * A stale USD rate is not used silently (issue 16, defect 4): with the production setting (at most
 * one banking day behind), the cart and the rates page say which date's rate the prices use,
 * staff get one queue task a day, and orders wait when the rate is older than allowed.
 */
let system: RunningSystem;
let calendar: BankingCalendar;
let partNumber: string;
const added: number[] = [];

beforeAll(async () => {
  system = await startSystem({ maxRateAgeBankingDays: DEFAULT_MAX_RATE_AGE_BANKING_DAYS });
  calendar = await bankingCalendar();
  const demo = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  partNumber = (await demo.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
});
afterAll(async () => {
  // Later files expect the demo rate as the newest one.
  if (added.length) await system?.db.db.delete(exchangeRates).where(inArray(exchangeRates.id, added));
  await system?.stop();
});

/** A Central Bank rate of the given date, the newest in the books until the file ends. */
async function officialRate(date: string) {
  const [row] = await system.db.db.insert(exchangeRates).values({ currency: 'USD', rate: '80.1234', rateDate: date, source: 'cbr' }).returning({ id: exchangeRates.id });
  added.push(row!.id);
}

/** The newest date whose rate is exactly `age` banking days behind today's, from the calendar. */
function dateBehind(age: number): string {
  let date = rateFreshness(calendar, moscowToday(), moscowToday()).expectedDate;
  while (rateFreshness(calendar, date, moscowToday()).ageBankingDays !== age) date = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return date;
}

const quote = (dealer: ApiSession) => dealer.json('POST', '/api/orders/quote', { lines: [{ partNumber, quantity: 1 }] });
const order = (dealer: ApiSession) => dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }] });
const staleTasks = () => system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'exchange_rate_stale'), eq(staffQueue.reference, `USD/${moscowToday()}`)));

describe('the age of the USD rate', () => {
  it('older than allowed: the cart and the rates page name its date, orders wait, staff get one task a day', async () => {
    const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const old = dateBehind(DEFAULT_MAX_RATE_AGE_BANKING_DAYS + 1);
    await officialRate(old);
    const { expectedDate } = rateFreshness(calendar, old, moscowToday());

    const cart = await quote(dealer);
    expect(cart.status).toBe(200);
    expect(cart.body.usdRate).toMatchObject({ date: old, current: false, expectedDate, ageBankingDays: 2, ordersAllowed: false });
    expect(cart.body.ok).toBe(false);
    expect(cart.body.errors).toEqual([{ field: 'usdRate', message: expect.stringContaining(`курса ЦБ на ${expectedDate} нет, последний — на ${old}`) }]);
    const refused = await order(dealer);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EXCHANGE_RATE_STALE');

    const page = (await staff.json('GET', '/api/catalog/products?pageSize=1')).body.usdRate;
    expect(page).toMatchObject({ rateDate: old, current: false, expectedDate, ordersAllowed: false });
    // Asked many times today (the catalog of beforeAll already asked, on the demo rate): one task.
    const tasks = await staleTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: 'open', payload: { currency: 'USD', expectedDate } });
    expect(tasks[0]!.summary).toContain(`Нет курса ЦБ на ${expectedDate}`);
  });

  it('one banking day behind: orders proceed, and the cart still says which date’s rate applies', async () => {
    const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const yesterdays = dateBehind(1);
    await officialRate(yesterdays);
    const cart = await quote(dealer);
    expect(cart.body).toMatchObject({ ok: true, usdRate: { date: yesterdays, current: false, ageBankingDays: 1, ordersAllowed: true } });
    const placed = await order(dealer);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  });

  it('today’s rate: current, nothing to report', async () => {
    const own = await freshDealerLike(system.db.db, 'postpay@demo.sid');
    const dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const todays = dateBehind(0);
    await officialRate(todays);
    expect((await quote(dealer)).body).toMatchObject({ ok: true, usdRate: { date: todays, current: true, ageBankingDays: 0, ordersAllowed: true } });
  });
});
