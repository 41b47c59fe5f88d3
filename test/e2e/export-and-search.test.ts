import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealers } from '../../db/schema';
import { readXlsx } from '../../src/infra/xlsx';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { ARTIFACTS, navTo, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * Issue 17 at 1366 px: the dealer downloads «Мои заказы» as XLSX with the filters it applied and
 * its price list from the catalog; staff find a dealer by INN and an order by PartNumber on the
 * «Поиск» page, each linked to SID's page and to the Temporal UI.
 */
let dealer: Awaited<ReturnType<typeof freshDealerLike>>;
let dealerInn: string;
let dealerName: string;
let shipped: string;
let cancelled: string;
let otherDealersOrder: string;

const suite = browserSuite();

beforeAll(async () => {
  const db = suite.system.db.db;
  dealer = await freshDealerLike(db, 'postpay@demo.sid');
  const [row] = await db.select({ inn: dealers.inn, shortName: dealers.shortName }).from(dealers).where(eq(dealers.id, dealer.dealerId));
  dealerInn = row!.inn;
  dealerName = row!.shortName;
  shipped = (await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 2 }], status: 'shipped', dealerId: dealer.dealerId })).orderNumber;
  cancelled = (await insertOrder(db, { vendorCode: 'KASP', lines: [{ quantity: 1 }], status: 'cancelled', dealerId: dealer.dealerId })).orderNumber;
  const stranger = await freshDealerLike(db, 'postpay@demo.sid');
  otherDealersOrder = (await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], status: 'shipped', dealerId: stranger.dealerId })).orderNumber;
});
async function downloadXlsx(page: Page, link: string, saveAs: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  await download.saveAs(join(ARTIFACTS, saveAs));
  return { name: download.suggestedFilename(), rows: readXlsx(readFileSync((await download.path())!), { maxBytes: 10_000_000 })[0]!.rows };
}

describe('exports at 1366 px', () => {
  it('the dealer downloads its orders with the filter it applied, and its price list from the catalog', async () => {
    const page = await suite.pageAs(dealer.people[0]!.login, { password: dealer.password });
    await page.goto('/#/orders');
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(2);

    const all = await downloadXlsx(page, 'Скачать XLSX', 'orders.xlsx');
    expect(all.name).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(all.rows[0]!.slice(0, 3)).toEqual(['Номер', 'Дата', 'Статус']);
    expect(all.rows.slice(1).map((r) => r[0]).sort()).toEqual([shipped, cancelled].sort());
    expect(all.rows.slice(1).map((r) => r[0])).not.toContain(otherDealersOrder);

    await page.getByRole('form', { name: 'Фильтры' }).getByLabel('Статус').selectOption({ label: 'Отгружен' });
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
    await screenshot(page, 'export-orders-1366');
    const filtered = await downloadXlsx(page, 'Скачать XLSX', 'orders-shipped.xlsx');
    expect(filtered.rows.slice(1).map((r) => [r[0], r[2]])).toEqual([[shipped, 'Отгружен']]);

    await page.goto('/#/catalog');
    const priceList = await downloadXlsx(page, 'Скачать прайс-лист XLSX', 'price-list.xlsx');
    expect(priceList.name).toMatch(/^price-list-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(priceList.rows[3]).toEqual(['Артикул (PartNumber)', 'Наименование', 'Вендор', 'Категория', 'НДС', 'Цена, ₽ без НДС', 'Цена, $ без НДС']);
    expect(priceList.rows.length).toBeGreaterThan(10);
    await screenshot(page, 'export-catalog-1366');
    await page.context().close();
  });
});

describe('staff search at 1366 px', () => {
  it('finds a dealer by INN and an order by PartNumber, each linked to SID and the Temporal UI', async () => {
    const page = await suite.pageAs('staff@demo.sid');
    await expect.poll(() => page.getByRole('navigation', { name: 'Разделы' }).isVisible()).toBe(true);
    await navTo(page, 'Поиск');
    await expect.poll(() => page.url()).toContain('#/staff/search');

    const box = page.getByLabel('ИНН или название дилера, номер заказа или PartNumber');
    await box.fill(dealerInn);
    await page.getByRole('button', { name: 'Найти' }).click();
    const dealerRows = page.getByTestId('search-dealers').locator('tbody tr');
    await expect.poll(() => dealerRows.count()).toBe(1);
    expect(await dealerRows.first().textContent()).toContain(dealerName);
    const temporal = page.getByRole('link', { name: `Процессы дилера ${dealerName} в Temporal UI` });
    expect(await temporal.getAttribute('href')).toBe(`http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(`DealerId = "${dealer.dealerId}"`)}`);
    expect(await temporal.getAttribute('target')).toBe('_blank');
    await screenshot(page, 'staff-search-dealer-1366');
    await page.getByRole('link', { name: `Открыть дилера ${dealerName} в SID` }).click();
    await expect.poll(() => page.url()).toContain(`id=${dealer.dealerId}`);

    await page.goBack();
    await expect.poll(() => box.inputValue()).toBe(dealerInn);
    const { partNumber } = await orderLineOf(shipped);
    await box.fill(partNumber.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Найти' }).click();
    const orderLink = page.getByRole('link', { name: `Открыть заказ ${shipped} в SID` });
    await expect.poll(() => orderLink.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: `Процесс заказа ${shipped} в Temporal UI` }).getAttribute('href')).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/order-${shipped}`);
    await screenshot(page, 'staff-search-order-1366');
    await orderLink.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Заказ ${shipped}`);
    await page.context().close();
  });
});

async function orderLineOf(orderNumber: string) {
  const { orders, orderLines } = await import('../../db/schema');
  const [line] = await suite.system.db.db
    .select({ partNumber: orderLines.partNumber })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orders.orderNumber, orderNumber));
  return line!;
}
