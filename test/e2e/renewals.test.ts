import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { licenses, orderLines, orders } from '../../db/schema';
import { addDays } from '../../src/domain/license-term';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { ApiSession, waitFor } from '../support/system';
import { FRESH_PASSWORD, freshDealerLike } from '../support/dealers';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/** The dealer's "Продления" page in Debian's chromium against the whole running system. */
const suite = browserSuite({ checkPageErrors: false });

const ROMASHKA = { name: 'ООО «Ромашка»', inn: '7707083893' };
const LUTIK = { name: 'АО «Лютик»', inn: '7736207543' };

/** Places an order over the API and waits for its licence; returns the licence's id and number. */
async function licensedOrder(session: ApiSession, partNumber: string, quantity: number, endUser: object) {
  const placed = await session.json('POST', '/api/orders', { lines: [{ partNumber, quantity }], endUser });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return waitFor(`licence of ${placed.body.orderNumber}`, async () => {
    const [row] = await suite.system.db.db
      .select({ id: licenses.id, licenseNumber: licenses.licenseNumber })
      .from(licenses)
      .innerJoin(orderLines, eq(orderLines.id, licenses.orderLineId))
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.orderNumber, placed.body.orderNumber));
    return row ?? null;
  });
}

let ownLogin: string;
let romashka: { id: string; licenseNumber: string };
let lutik: { id: string; licenseNumber: string };

beforeAll(async () => {
  // A dealer of this test's own: the demo dealers collect licences from every test file of the run.
  const own = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
  ownLogin = own.people[0]!.login;
  const dealer = await ApiSession.login(suite.system.baseUrl, ownLogin, own.password);
  romashka = await licensedOrder(dealer, 'DR6203A1Y-01', 3, ROMASHKA);
  lutik = await licensedOrder(dealer, 'DR7384A1Y-02', 1, LUTIK);
  // Bring the terms close, as if a year had passed: Ромашка's ends in 5 days, Лютик's in 20.
  const today = moscowDateOf(new Date());
  await suite.system.db.db.update(licenses).set({ endsOn: addDays(today, 5) }).where(eq(licenses.id, romashka.id));
  await suite.system.db.db.update(licenses).set({ endsOn: addDays(today, 20) }).where(eq(licenses.id, lutik.id));
});
describe('Продления in the browser', () => {
  it('lists licences by end date with days left, filters by end customer, and «Продлить» puts the renewal into the cart', async () => {
    const page = await suite.newPage();
    const errors = suite.errorsOf(page);
    await logIn(page, ownLogin, FRESH_PASSWORD);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Продления' }).click();
    await page.getByRole('heading', { name: 'Продления', level: 1 }).waitFor();

    const rows = page.getByTestId('license-row');
    await rows.first().waitFor();
    // Soonest end first, each tinted by how soon.
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-license-number'), tr.className]))).toEqual([
      [romashka.licenseNumber, 'renewal renewal--week'],
      [lutik.licenseNumber, 'renewal renewal--month'],
    ]);
    expect(await rows.nth(0).innerText()).toContain('5 дней');
    expect(await rows.nth(1).innerText()).toContain('20 дней');
    await screenshot(page, 'renewals-01-list');

    await page.getByLabel('Конечный пользователь (название или ИНН)').fill('Ромаш');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=license-row]').length === 1);
    expect(page.url()).toContain('endUser=');
    expect(await rows.first().getAttribute('data-license-number')).toBe(romashka.licenseNumber);
    await page.getByLabel('Конечный пользователь (название или ИНН)').fill('773620');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=license-row]')?.getAttribute('data-license-number') === n, lutik.licenseNumber);
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Конечный пользователь (название или ИНН)').fill('Ромашка');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=license-row]')?.getAttribute('data-license-number') === n, romashka.licenseNumber);
    await screenshot(page, 'renewals-02-filtered');

    await page.getByRole('button', { name: `Продлить DR6203A1Y-01 для ${ROMASHKA.name}` }).click();
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const cart = page.getByTestId('cart');
    const line = cart.getByTestId('cart-line');
    await line.waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.innerText()).toContain('DR6203A1Y-01');
    expect(await line.getByLabel('Тип лицензии').inputValue()).toBe('renewal');
    expect(await line.getByLabel('Номер продлеваемой лицензии').inputValue()).toBe(romashka.licenseNumber);
    expect(await line.getByRole('spinbutton').inputValue()).toBe('3');
    expect(await cart.getByLabel('Название организации').inputValue()).toBe(ROMASHKA.name);
    expect(await cart.getByLabel('ИНН').inputValue()).toBe(ROMASHKA.inn);
    // The server's quote of the renewal: priced, no policy finding on the line.
    await page.waitForFunction(() => /₽/.test(document.querySelector('[data-testid=cart-totals]')?.textContent ?? ''));
    expect(await cart.locator('.field-error').count()).toBe(0);
    await screenshot(page, 'renewals-03-cart');
    expect(errors).toEqual([]);
  });
});
