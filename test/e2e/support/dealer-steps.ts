import AdmZip from 'adm-zip';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Steps a dealer takes in the browser, shared by the tests of dealers who were seeded and who registered. */
export const SHIPPED = /Отгружен|Завершён/;

export const textOf = (page: Page, testId: string) => page.getByTestId(testId).innerText();

/** "DW-ABC-12" typed the way a dealer might: lower case, dashes dropped, a space in the middle. */
export function loosely(partNumber: string): string {
  const bare = partNumber.replace(/[-\s]/g, '').toLowerCase();
  return `${bare.slice(0, 3)} ${bare.slice(3)}`;
}

/** Searches the catalog as the dealer types; the product comes first. Answers its row. */
export async function findProduct(page: Page, partNumber: string, typed = loosely(partNumber)): Promise<Locator> {
  await page.getByLabel('Поиск по артикулу или названию').pressSequentially(typed, { delay: 30 });
  await expect.poll(() => page.getByTestId('product-row').first().getAttribute('data-part-number'), { timeout: 20_000 }).toBe(partNumber);
  const row = page.locator(`[data-testid=product-row][data-part-number="${partNumber}"]`);
  expect(await row.getByTestId('dealer-price').innerText()).toMatch(/\d,\d\d/);
  return row;
}

/** One click, no reload, no pop-up: the cart fills in, priced in RUB and USD. Answers the RUB total. */
export async function addInOneClick(page: Page, row: Locator, partNumber: string): Promise<string> {
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await row.getByRole('button', { name: `Добавить ${partNumber} в корзину` }).click();
  await expect.poll(() => textOf(page, 'cart-count')).toBe('1 позиция');
  await expect.poll(() => textOf(page, 'total-rub'), { timeout: 20_000 }).toMatch(/^[\d\s ]+,\d\d\s₽$/);
  expect(await textOf(page, 'total-usd')).toMatch(/^[\d\s ]+,\d\d\s\$$/);
  expect(await textOf(page, 'cart-rate')).toMatch(/^Курс: \d+,\d{4} ₽ за \$1 на \d\d\.\d\d\.\d{4}/);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(page.context().pages()).toHaveLength(1);
  return textOf(page, 'total-rub');
}

/** One click submits the cart; the placed order's page opens. Answers its number. */
export async function placeOrder(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Оформить заказ' }).click();
  const placedLink = page.getByTestId('placed-order-link');
  await placedLink.waitFor();
  expect(await textOf(page, 'cart-count')).toBe('0 позиций');
  const orderNumber = /SID-\d+/.exec(await page.locator('.alert--notice').innerText())![0];
  await placedLink.click();
  await page.getByRole('heading', { name: `Заказ ${orderNumber}` }).waitFor();
  return orderNumber;
}

/** The order page follows the workflow live until the order ships. */
export async function waitUntilShipped(page: Page): Promise<void> {
  await expect.poll(() => textOf(page, 'order-status'), { timeout: 60_000 }).toMatch(SHIPPED);
  await expect.poll(() => page.getByTestId('timeline').innerText()).toContain('Ключи получены');
  expect(await page.getByTestId('timeline').innerText()).toContain('Отгружен');
}

/** The key archive downloads as a zip holding a manifest and the keys of line 1. Answers those keys. */
export async function downloadKeys(page: Page, orderNumber: string): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('archive-link').click()]);
  expect(download.suggestedFilename()).toBe(`keys-${orderNumber}.zip`);
  const zip = new AdmZip(await download.path());
  const names = zip.getEntries().map((e) => e.entryName);
  expect(names).toContain('manifest.csv');
  const keyFile = names.find((n) => n.startsWith('01-') && n.endsWith('.txt'))!;
  return zip.readAsText(keyFile).split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
}
