import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices, onecExchangeLog, orderLines, products, vendors } from '../../db/schema';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { logIn, navTo, screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { commercialPartNumbers } from '../support/vendors';
import { addInOneClick, findProduct, textOf } from './support/dealer-steps';

/**
 * Issue 17: «Мои заказы» filters that show what is applied, combine, survive reload and
 * back/forward, and match PartNumbers and vendors as the catalog does; the cart's end-user errors
 * in Russian without losing the totals; the staff 1C log.
 */
let dealer: Awaited<ReturnType<typeof freshDealerLike>>;
/** Shipped KASP, cancelled KASP, shipped DRWEB: the orders of a dealer of this file's own. */
let kaspShipped: string;
let kaspCancelled: string;
let drwebShipped: string;
let kaspPartNumber: string;

const suite = browserSuite();

beforeAll(async () => {
  const db = suite.system.db.db;
  dealer = await freshDealerLike(db, 'postpay@demo.sid');
  const dealerId = dealer.dealerId;
  kaspShipped = (await insertOrder(db, { vendorCode: 'KASP', lines: [{ quantity: 2 }], status: 'shipped', dealerId })).orderNumber;
  kaspCancelled = (await insertOrder(db, { vendorCode: 'KASP', lines: [{ quantity: 1 }], status: 'cancelled', dealerId })).orderNumber;
  drwebShipped = (await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 3 }], status: 'shipped', dealerId })).orderNumber;
  const [line] = await db
    .select({ partNumber: products.partNumber })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(and(eq(vendors.code, 'KASP'), eq(orderLines.quantity, 2)))
    .limit(1);
  kaspPartNumber = line!.partNumber;
});

/** A touch phone of 390x844, in Russian and Moscow time. */
const touchPhone = (browser: Browser, baseURL: string) => browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow', isMobile: true, hasTouch: true });

/** The dealer's catalog, logged in from the form. */
async function openCatalog(): Promise<Page> {
  const page = await suite.pageAs(dealer.people[0]!.login, { password: dealer.password });
  await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
  return page;
}

async function openOrders(page: Page): Promise<void> {
  await logIn(page, dealer.people[0]!.login, dealer.password);
  await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
  await page.goto('/#/orders');
  await page.getByRole('heading', { name: 'Мои заказы', level: 1 }).waitFor();
}

const shownOrders = async (page: Page) => (await page.getByTestId('order-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')))).sort();
/** The list once it shows exactly these orders (it reloads after each change of the filters). */
const expectOrders = (page: Page, orderNumbers: string[]) => expect.poll(() => shownOrders(page), { timeout: 15_000 }).toEqual([...orderNumbers].sort());
const filters = (page: Page) => page.getByRole('form', { name: 'Фильтры' });
const selected = (page: Page, label: string) => filters(page).getByLabel(label).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent);
const addressParams = (page: Page) => Object.fromEntries(new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? ''));

describe('«Мои заказы»: filters that show what is applied', () => {
  it('keeps the chosen status, combines it with a PartNumber typed any way and a vendor chosen by name, through reload, back and forward (1366 px)', async () => {
    const page = await suite.newPage();
    await openOrders(page);
    await expectOrders(page, [kaspShipped, kaspCancelled, drwebShipped]);

    await filters(page).getByLabel('Статус').selectOption({ label: 'Отгружен' });
    await expectOrders(page, [kaspShipped, drwebShipped]);
    // It used to jump back to «Любой» while the list was filtered.
    expect(await selected(page, 'Статус')).toBe('Отгружен');

    // Typed as the catalog takes it: lower case, no dashes. The status stays applied.
    const typed = kaspPartNumber.replace(/[-\s]/g, '').toLowerCase();
    await filters(page).getByLabel('Артикул').fill(typed);
    await filters(page).getByRole('button', { name: 'Найти' }).click();
    await expectOrders(page, [kaspShipped]);
    expect(await selected(page, 'Статус')).toBe('Отгружен');
    expect(addressParams(page)).toEqual({ status: 'shipped', partNumber: typed });

    // A vendor by its name, not an internal code; the PartNumber cleared, the status kept.
    await filters(page).getByLabel('Артикул').fill('');
    await filters(page).getByLabel('Вендор').selectOption({ label: 'Лаборатория Касперского' });
    await expectOrders(page, [kaspShipped]);
    expect(addressParams(page)).toEqual({ status: 'shipped', vendor: 'KASP' });
    await filters(page).getByLabel('Статус').selectOption({ label: 'Любой' });
    await expectOrders(page, [kaspShipped, kaspCancelled]);
    expect(await selected(page, 'Вендор')).toBe('Лаборатория Касперского');
    await screenshot(page, 'orders-filters-01-vendor-by-name');

    // After a reload or a step through history the list may look as it did before while the form
    // still catches up with the address: the form's state is polled, not read once.
    await page.reload();
    await expectOrders(page, [kaspShipped, kaspCancelled]);
    await expect.poll(() => selected(page, 'Вендор')).toBe('Лаборатория Касперского');
    await expect.poll(() => selected(page, 'Статус')).toBe('Любой');

    await page.goBack();
    await expectOrders(page, [kaspShipped]);
    await expect.poll(async () => [await selected(page, 'Статус'), await selected(page, 'Вендор')]).toEqual(['Отгружен', 'Лаборатория Касперского']);
    await page.goBack();
    await expectOrders(page, [kaspShipped]);
    await expect.poll(() => filters(page).getByLabel('Артикул').inputValue()).toBe(typed);
    await expect.poll(async () => [await selected(page, 'Статус'), await selected(page, 'Вендор')]).toEqual(['Отгружен', 'Любой']);
    await page.goForward();
    await expectOrders(page, [kaspShipped]);
    await expect.poll(() => filters(page).getByLabel('Артикул').inputValue()).toBe('');
    await expect.poll(() => selected(page, 'Вендор')).toBe('Лаборатория Касперского');
    await screenshot(page, 'orders-filters-02-back-forward');

    // An address (a bookmark, another program) may name the vendor by a part of its name.
    await page.goto('/#/orders?vendor=касперского');
    await expectOrders(page, [kaspShipped, kaspCancelled]);
    await page.context().close();
  });

  it('shows the applied status and vendor on a phone, the form within the screen (390 px)', async () => {
    const page = await suite.newPage(touchPhone);
    await openOrders(page);
    await expectOrders(page, [kaspShipped, kaspCancelled, drwebShipped]);
    await filters(page).getByLabel('Статус').selectOption({ label: 'Отгружен' });
    await expectOrders(page, [kaspShipped, drwebShipped]);
    await filters(page).getByLabel('Вендор').selectOption({ label: 'Доктор Веб' });
    await expectOrders(page, [drwebShipped]);
    expect([await selected(page, 'Статус'), await selected(page, 'Вендор')]).toEqual(['Отгружен', 'Доктор Веб']);
    const overflow = await filters(page).evaluate((form) => Array.from(form.querySelectorAll('select, input, button')).filter((el) => el.getBoundingClientRect().right > window.innerWidth).length);
    expect(overflow).toBe(0);
    await screenshot(page, 'orders-filters-03-phone');
    await page.context().close();
  });
});

describe('the cart: end-user mistakes', () => {
  it('shows a bad end-user e-mail in Russian on its field and keeps every line sum and the totals (1366 px)', async () => {
    const [partNumber] = await commercialPartNumbers(suite.system.db.db, 'DRWEB');
    const page = await openCatalog();
    const total = await addInOneClick(page, await findProduct(page, partNumber!), partNumber!);
    const lineSum = await page.getByTestId('cart-line').locator('.cart__line-total').innerText();
    expect(lineSum).toMatch(/\d,\d\d/);

    const cart = page.getByTestId('cart');
    await cart.getByText('Конечный пользователь', { exact: true }).click();
    await cart.getByLabel('Название организации').fill('ООО «Ромашка»');
    await cart.getByLabel('E-mail').fill('not-an-address');
    const email = cart.getByLabel('E-mail');
    await expect.poll(() => email.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    const errorId = (await email.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    const message = await page.locator(`[id="${errorId}"]`).innerText();
    expect(message).toBe('адрес электронной почты указан неверно');
    expect(await cart.innerText()).not.toMatch(/Invalid|email address/i);
    // The lines and totals stay: only the field is wrong.
    await expect.poll(() => textOf(page, 'total-rub')).toBe(total);
    expect(await page.getByTestId('cart-line').locator('.cart__line-total').innerText()).toBe(lineSum);
    expect(await page.getByRole('button', { name: 'Оформить заказ' }).isDisabled()).toBe(true);
    await screenshot(page, 'orders-filters-04-cart-bad-email');

    await email.fill('it@romashka.ru');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => page.getByRole('button', { name: 'Оформить заказ' }).isDisabled()).toBe(false);
    expect(await textOf(page, 'total-rub')).toBe(total);
    await page.context().close();
  });
});

describe('quick order: a fractional quantity', () => {
  it('refuses «1,5» in Russian on its line instead of reading «PN 1» with 5 (1366 px)', async () => {
    const [partNumber] = await commercialPartNumbers(suite.system.db.db, 'DRWEB');
    const page = await openCatalog();
    await page.getByRole('link', { name: 'Быстрый заказ' }).click();
    await page.getByLabel('Строки заказа').fill(`${partNumber!} 2\n${partNumber!} 1,5`);
    await page.getByRole('button', { name: 'Проверить' }).click();
    await page.getByTestId('quick-order-results').waitFor();
    const second = page.locator('[data-testid=quick-order-line][data-line="2"]');
    expect(await second.getAttribute('data-status')).toBe('unresolved');
    expect(await second.innerText()).toContain('Строка 2: количество «1,5» дробное, а лицензии заказываются целыми штуками. Укажите целое число.');
    expect(await page.locator('[data-testid=quick-order-line][data-line="1"]').getAttribute('data-status')).toBe('ok');
    await screenshot(page, 'orders-filters-07-quick-order-fraction');
    await page.context().close();
  });
});

describe('the staff 1C log', () => {
  it('says which way each exchange went, shows the body under its own heading and the error only when there is one, and filters by order or document number', async () => {
    const db = suite.system.db.db;
    const { orderId, orderNumber } = await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], status: 'shipped', dealerId: dealer.dealerId });
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const invoiceNumber = `СЧ-${tag}`;
    const [invoice] = await db
      .insert(invoices)
      .values({ dealerId: dealer.dealerId, orderId, purpose: 'postpay', amountKopecks: 100, termBankingDays: 10, status: 'awaiting_number', workflowId: `e2e-invoice-${tag}` })
      .returning({ id: invoices.id });
    const numbered = JSON.stringify({ sidDocumentId: invoice!.id, number: invoiceNumber, date: '2026-11-27' });
    const refusedPayment = JSON.stringify({ paymentId: `p-${tag}`, invoiceNumber: `СЧ-${tag}-X`, amount: 1500.5, paidOn: '27.11.2026', paymentOrderNumber: `ПП-${tag}` });
    await db.insert(onecExchangeLog).values([
      { direction: 'in', endpoint: 'POST /api/1c/documents/number', clientId: 'e2e-1c', statusCode: 200, requestBody: numbered, error: null },
      {
        direction: 'in',
        endpoint: 'POST /api/1c/payments',
        clientId: 'e2e-1c',
        statusCode: 400,
        requestBody: refusedPayment,
        error: JSON.stringify({ error: { code: 'INVALID_REQUEST', message: 'Запрос заполнен неверно.', fields: [{ field: 'amount', message: 'сумма строкой' }] } }),
      },
    ]);

    const page = await suite.pageAs('staff@demo.sid');
    await navTo(page, 'Обмен с 1С');
    await page.getByRole('heading', { name: 'Журнал обмена с 1С', level: 1 }).waitFor();
    // The heading comes before the log's rows: wait for the table (with every other file's
    // exchanges in it, it can take a moment).
    await page.getByTestId('onec-log').waitFor();
    const headings = await page.getByTestId('onec-log').locator('thead th').allInnerTexts();
    expect(headings).toEqual(['Время', 'Направление', 'Адрес', 'Клиент', 'Ответ', 'Тело запроса', 'Ошибка']);

    // By the order's number: the exchange about its invoice, which names only the invoice's id.
    await page.getByLabel('Номер заказа или документа').fill(orderNumber);
    await page.getByRole('button', { name: 'Найти' }).click();
    const rows = page.getByTestId('onec-log-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.locator('td').nth(1).innerText()).toBe('из 1С');
    expect(await rows.getByTestId('onec-log-error').innerText()).toBe('—');
    await rows.getByText('Показать').click();
    expect(await rows.getByTestId('onec-log-body').innerText()).toContain(invoiceNumber);
    await screenshot(page, 'orders-filters-05-onec-log-by-order');

    // By a document number, kept through a reload.
    await page.getByLabel('Номер заказа или документа').fill(`ПП-${tag}`);
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect.poll(() => rows.locator('td').nth(2).innerText(), { timeout: 15_000 }).toBe('POST /api/1c/payments');
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByLabel('Номер заказа или документа').inputValue()).toBe(`ПП-${tag}`);
    expect(await rows.getByTestId('onec-log-error').innerText()).toBe('Запрос заполнен неверно. amount: сумма строкой');
    expect(await rows.getByTestId('onec-log-body').innerText()).not.toContain('Запрос заполнен');
    await screenshot(page, 'orders-filters-06-onec-log-refused');

    await page.getByLabel('Номер заказа или документа').fill(`НЕТ-${tag}`);
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.getByText(`Обменов, где упоминается «НЕТ-${tag}», не найдено.`).waitFor();
    await page.context().close();
  });
});
