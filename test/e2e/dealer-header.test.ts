import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { freshMailbox } from '../support/mail';
import { registrationForm } from '../support/registrations';
import { ApiSession } from '../support/system';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { findProduct } from './support/dealer-steps';

/**
 * Issue 17, 3 and the portal's top bar. A dealer as staff approve it with «Разрешённые вендоры»
 * left empty: the catalog marks the products of a vendor that sells through authorised dealers
 * only, with the reason, in place of «В корзину», and leaves the others orderable. The top bar
 * shows the company, its balance, the credit left and a mark of overdue invoices that leads to
 * them, one row at 1366 px; on the phone it stays one row beside «Меню».
 */
let dealer: { login: string; password: string; shortName: string };
let kaspPartNumber: string;
let myoffPartNumber: string;

const suite = browserSuite();

beforeAll(async () => {
  // A dealer admin on credit (the most links in the bar), approved without authorised vendors, with one invoice overdue.
  const own = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
  await suite.system.db.sql`update dealers set authorized_vendors = '{}' where id = ${own.dealerId}`;
  // Fixed dates on purpose: January 2026's statement, due in February 2026, lies in the past whenever this runs, so it stays overdue on any later day.
  await suite.system.db.sql`
    insert into invoices (dealer_id, statement_month, purpose, number, number_date, amount_kopecks, paid_kopecks, term_banking_days, due_date, status, workflow_id)
    values (${own.dealerId}, '2026-01', 'monthly', ${`HDR-${own.dealerId.slice(0, 8)}`}, '2026-02-02', 1234500, 34500, 5, '2026-02-09', 'overdue', ${`test-header-${own.dealerId}`})`;
  const [row] = await suite.system.db.sql`select short_name from dealers where id = ${own.dealerId}`;
  dealer = { login: own.people[0]!.login, password: own.password, shortName: row!.short_name as string };
  const api = await ApiSession.login(suite.system.baseUrl, dealer.login, dealer.password);
  const first = async (vendor: string) => (await api.json('GET', `/api/catalog/products?vendor=${vendor}&pageSize=1`)).body.items[0].partNumber as string;
  kaspPartNumber = await first('KASP');
  myoffPartNumber = await first('MYOFF');
});

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
/** "12 000 ₽" or "12 000,50 ₽" in kopecks, to compare the bar's short figures with the balance page's. */
function kopecksOf(text: string): number {
  const [roubles, kopecks = '0'] = text.replace(/[^\d,]/g, '').split(',');
  return Number(roubles) * 100 + Number(kopecks.padEnd(2, '0'));
}

describe('the dealer portal: what may be ordered, and the company in the top bar', () => {
  it('at 1366x768: the catalog marks a vendor needing authorisation; the bar shows company, balance, credit and an overdue link, in one row', async () => {
    const page = await suite.newPage('laptop');
    await logIn(page, dealer.login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();

    // The top bar: the company, its money, and the overdue mark.
    const account = page.getByTestId('dealer-account');
    await account.waitFor();
    expect(await page.getByTestId('account-company').innerText()).toBe(dealer.shortName);
    // Nothing shipped is booked yet, but an invoice asks for 12 000 ₽: never «Долга нет» beside an overdue mark.
    expect(await page.getByTestId('account-balance').innerText()).toMatch(/^К оплате\s12\s000\s₽$/);
    const credit = await page.getByTestId('account-credit').innerText();
    expect(credit).toMatch(/^Кредит [\d\s ]+(,\d\d)?\s₽$/);
    const overdue = page.getByTestId('account-overdue');
    expect(await overdue.innerText()).toMatch(/^Просрочено\s12\s000\s₽$/);
    // The login is not lost: it is in the tooltip of the company.
    expect(await page.getByTestId('account-company').getAttribute('title')).toContain(dealer.login);
    // Still one row: every link at the same height, the figures after the last link, nothing over 60 px.
    expect(await page.getByRole('button', { name: 'Меню' }).isVisible()).toBe(false);
    const tops = await page.locator('#topnav-list > li').evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    expect((await box(page, 'header.topbar')).height).toBeLessThan(60);
    const navEnd = await page.locator('#topnav-list > li').last().evaluate((li) => li.getBoundingClientRect().right);
    const accountBox = (await account.boundingBox())!;
    expect(navEnd).toBeLessThanOrEqual(accountBox.x);
    expect(accountBox.x + accountBox.width).toBeLessThanOrEqual((await box(page, '.topbar__logout')).x);
    for (const testId of ['account-company', 'account-balance', 'account-credit', 'account-overdue']) {
      const b = (await page.getByTestId(testId).boundingBox())!;
      expect(b.x + b.width, `${testId} is cut off`).toBeLessThanOrEqual(accountBox.x + accountBox.width + 1);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    // The catalog: a KASP product says why it cannot be ordered, and has no «В корзину».
    const kasp = await findProduct(page, kaspPartNumber);
    expect(await kasp.getByTestId('order-refusal').innerText()).toBe('Нет авторизации на продажу «Лаборатория Касперского» — обратитесь к менеджеру');
    expect(await kasp.getByRole('button', { name: /в корзину/ }).count()).toBe(0);
    await screenshot(page, '80-dealer-header-catalog-1366');
    // A vendor that sells through any dealer: orderable.
    await page.getByLabel('Поиск по артикулу или названию').fill('');
    const myoff = await findProduct(page, myoffPartNumber);
    expect(await myoff.getByTestId('order-refusal').count()).toBe(0);
    expect(await myoff.getByRole('button', { name: `Добавить ${myoffPartNumber} в корзину` }).isEnabled()).toBe(true);

    // The overdue mark leads to the invoices, whose figures it repeats.
    await overdue.click();
    await page.getByRole('heading', { name: 'Счета и баланс', level: 1 }).waitFor();
    const cards = page.getByRole('group', { name: 'Баланс' }).or(page.locator('dl.facts'));
    await cards.first().waitFor();
    const figure = async (term: string) => page.locator('dl.facts > div', { has: page.locator('dt', { hasText: term }) }).locator('dd').innerText();
    expect(kopecksOf(await figure('Просрочено'))).toBe(1_200_000);
    expect(kopecksOf(await figure('Доступно'))).toBe(kopecksOf(credit));
    await screenshot(page, '81-dealer-header-invoices-1366');
  });

  it('at 390x844: the bar stays one row with «Меню» working, the overdue mark in view', async () => {
    const page = await suite.newPage('phone');
    await logIn(page, dealer.login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const overdue = page.getByTestId('account-overdue');
    await overdue.waitFor();
    // The amount alone, whole and in view (the tooltip says what it is).
    expect(await overdue.innerText()).toMatch(/^12\s000\s₽$/);
    expect(await overdue.getAttribute('title')).toBe('Просрочено: 1 счёт — открыть счета');
    const mark = (await overdue.boundingBox())!;
    const account = (await page.getByTestId('dealer-account').boundingBox())!;
    expect(mark.x).toBeGreaterThanOrEqual(account.x);
    expect(mark.x + mark.width, 'the overdue mark is cut off').toBeLessThanOrEqual(Math.min(account.x + account.width, 390) + 0.5);
    expect(await overdue.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect((await box(page, 'header.topbar')).height).toBeLessThan(60);
    // The figures that do not fit stay on the balance page; nothing widens the page.
    expect(await page.getByTestId('account-balance').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const selector of ['.topnav__toggle', '.brand', '.topbar__logout']) {
      const b = await box(page, selector);
      expect(b.x + b.width, `${selector} ends at ${b.x + b.width}`).toBeLessThanOrEqual(390);
    }
    const kasp = await findProduct(page, kaspPartNumber);
    // The reason stands under the prices, not over them.
    const refusal = (await kasp.getByTestId('order-refusal').boundingBox())!;
    expect(refusal.x + refusal.width).toBeLessThanOrEqual(390);
    for (const testId of ['dealer-price']) {
      const price = (await kasp.getByTestId(testId).boundingBox())!;
      expect(refusal.y, 'the reason overlaps the price').toBeGreaterThanOrEqual(price.y + price.height);
    }
    await screenshot(page, '82-dealer-header-catalog-390');

    const menu = page.getByRole('button', { name: 'Меню' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Мои заказы' }).click();
    await page.getByRole('heading', { name: 'Мои заказы', level: 1 }).waitFor();
    await overdue.click();
    await page.getByRole('heading', { name: 'Счета и баланс', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Просрочен', exact: true }).waitFor();
    await screenshot(page, '83-dealer-header-invoices-390');
  });

  it('at 1366x768: staff approving an application without authorised vendors are told which vendors the dealer will not be able to sell', async () => {
    const form = registrationForm(freshMailbox('dealer').address, { requestedVendors: [] });
    expect((await new ApiSession(suite.system.baseUrl).json('POST', '/api/registrations', form)).status).toBe(201);
    const page = await suite.newPage('laptop');
    await logIn(page, 'staff@demo.sid');
    await page.getByRole('heading', { name: 'Очередь', level: 1 }).waitFor();
    await page.goto('/#/staff/dealers');
    const row = page.locator(`[data-testid=dealer-row][data-inn="${form.inn}"]`);
    await row.getByRole('link', { name: `Открыть заявку ${form.shortName}` }).click();
    const approve = page.getByTestId('approve-form');
    await approve.waitFor();
    expect(await approve.getByLabel('Разрешённые вендоры').inputValue()).toBe('');
    const warning = approve.getByTestId('authorisation-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('Разрешённых вендоров нет: дилер не сможет заказать продукцию вендоров, которые продают только через авторизованных партнёров: Лаборатория Касперского (KASP).');
    await screenshot(page, '84-staff-approve-authorisation-warning-1366');
    await approve.getByLabel('Разрешённые вендоры').fill('drweb, kasp');
    await expect.poll(() => warning.count()).toBe(0);
  });
});
