import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiSession, waitFor } from '../support/system';
import { screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { commercialPartNumbers } from '../support/vendors';
import { textOf } from './support/dealer-steps';

/** Quick order and key re-delivery in Debian's chromium against the whole running system. */

const suite = browserSuite();
const firstOf = async (vendorCode: string) => (await commercialPartNumbers(suite.system.db.db, vendorCode))[0]!;

const lineStatus = (page: Page, lineNo: number) => page.locator(`[data-testid=quick-order-line][data-line="${lineNo}"]`).getAttribute('data-status');

describe('quick order in the browser', () => {
  it('pastes lines, sees each resolved or explained, adds the good ones to the cart in one click', async () => {
    const drweb = await firstOf('DRWEB');
    const aero = await firstOf('AERO');
    const myoff = await firstOf('MYOFF');
    const page = await suite.pageAs('postpay@demo.sid');
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Быстрый заказ' }).click();
    await page.getByRole('heading', { name: 'Быстрый заказ', level: 1 }).waitFor();

    // As pasted from a spreadsheet: a header, tabs, a typo, a word for a number, a pack-of-5 rule broken.
    const lines = ['Артикул\tКоличество', `${drweb}\t2`, `${aero.toLowerCase()}\t1`, 'NOPE-404-XYZ\t1', `${drweb} две`, `${myoff}\t3`];
    await page.getByLabel('Строки заказа').fill(lines.join('\n'));
    // Keyboard only: from the text to the check button.
    await page.getByLabel('Строки заказа').press('Tab');
    await page.getByLabel('Или файл').press('Tab');
    await page.keyboard.press('Enter');

    await page.getByTestId('quick-order-results').waitFor();
    expect(await textOf(page, 'quick-order-summary')).toBe('Готово к заказу: 2; с замечаниями по правилам вендора: 1; не распознано: 2.');
    expect(await Promise.all([2, 3, 4, 5, 6].map((n) => lineStatus(page, n)))).toEqual(['ok', 'ok', 'unresolved', 'unresolved', 'policy']);
    const row = (n: number) => page.locator(`[data-testid=quick-order-line][data-line="${n}"]`).innerText();
    expect(await row(4)).toContain('Товар с артикулом NOPE-404-XYZ не найден в каталоге.');
    expect(await row(5)).toContain('Количество «две» — не целое число.');
    expect(await row(6)).toMatch(/Замечание[\s\S]*5/);
    // The results take the focus, so a keyboard user goes on from there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-order-results');
    const goodTotal = (await textOf(page, 'quick-order-total')).split('\n')[0]!;
    expect(goodTotal).toMatch(/^[\d\s ]+,\d\d\s₽$/);
    await screenshot(page, 'quick-order-01-checked');

    await page.getByRole('button', { name: 'Добавить в корзину готовые строки (2)' }).click();
    expect(await textOf(page, 'quick-order-added')).toBe('В корзину добавлено строк: 2.');
    await expect.poll(() => textOf(page, 'cart-count')).toBe('2 позиции');
    expect(await page.getByLabel(`Количество ${drweb}`).inputValue()).toBe('2');
    // The cart prices the lines as the quick order did.
    await expect.poll(() => textOf(page, 'total-rub'), { timeout: 20_000 }).toBe(goodTotal);
    await screenshot(page, 'quick-order-02-in-cart');
  });
});

describe('key re-delivery on the order page', () => {
  it('a dealer admin resends the keys to a user and sees the letter among the deliveries', async () => {
    const dealer = await ApiSession.login(suite.system.baseUrl, 'postpay@demo.sid');
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: await firstOf('DRWEB'), quantity: 1 }] });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    await waitFor('shipment', async () => (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.archive !== null);

    const page = await suite.pageAs('postpay@demo.sid');
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await page.goto(`/#/orders/${orderNumber}`);
    await page.getByRole('heading', { name: 'Выдачи ключей' }).waitFor();
    await expect.poll(() => textOf(page, 'key-deliveries')).toContain('Письмо при отгрузке');
    await expect.poll(() => page.getByLabel('Получатель').locator('option').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Отправить ключи' }).click();
    await expect.poll(() => textOf(page, 'resend-notice')).toBe('Архив ключей отправлен на postpay@demo.sid.');
    await expect.poll(() => textOf(page, 'key-deliveries'), { timeout: 20_000 }).toMatch(/Повторная отправка · на postpay@demo\.sid · отправлено · по запросу postpay@demo\.sid/);
    await screenshot(page, 'quick-order-03-key-deliveries');
  });
});
