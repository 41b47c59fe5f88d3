import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from '../support/system';
import { screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * Issue 17: the catalog search as dealers type it at 1366 px: a vendor's name in any form
 * («касперский» for «Лаборатория Касперского») and a PartNumber pasted with an en dash.
 */
let kaspersky: string[];

const suite = browserSuite();

beforeAll(async () => {
  const api = await ApiSession.login(suite.system.baseUrl, 'postpay@demo.sid');
  kaspersky = (await api.json('GET', '/api/catalog/products?vendor=KASP&pageSize=100')).body.items.map((p: { partNumber: string }) => p.partNumber).sort();
});

async function openCatalog(): Promise<Page> {
  const page = await suite.pageAs('postpay@demo.sid');
  await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
  return page;
}

const shownPartNumbers = async (page: Page) => (await page.getByTestId('product-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-part-number')))).sort();

describe('the catalog search at 1366 px', () => {
  it('finds the Kaspersky products when the dealer types «касперский»', async () => {
    expect(kaspersky).toHaveLength(12);
    const page = await openCatalog();
    await page.getByLabel('Поиск по артикулу или названию').pressSequentially('касперский', { delay: 30 });
    await expect.poll(() => shownPartNumbers(page), { timeout: 20_000 }).toEqual(kaspersky);
    expect(await page.locator('.catalog__meta').innerText()).toContain('1–12 из 12');
    for (const name of await page.locator('.products__name > div:first-child').allInnerTexts()) expect(name).toMatch(/^Лаборатория Касперского /);
    await screenshot(page, 'catalog-search-kaspersky-1366');

    // Latin letters and a typo find the same products.
    await page.getByLabel('Поиск по артикулу или названию').fill('kasprsky');
    await expect.poll(() => shownPartNumbers(page), { timeout: 20_000 }).toEqual(kaspersky);
    await page.context().close();
  });

  it('finds a PartNumber pasted from Word with an en dash', async () => {
    const page = await openCatalog();
    await page.getByLabel('Поиск по артикулу или названию').fill('KA8107S1Y–01');
    await expect.poll(() => page.getByTestId('product-row').first().getAttribute('data-part-number'), { timeout: 20_000 }).toBe('KA8107S1Y-01');
    await screenshot(page, 'catalog-search-en-dash-1366');
    await page.context().close();
  });
});
