import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * Issue 17: at registration the bank's name and correspondent account come from the BIK, by the
 * Central Bank's BIK directory (the sample in data/bik that the seed loads); a BIK the directory
 * lacks is a warning, and the application can still be sent.
 */

const suite = browserSuite();

async function registration(width: 1366 | 390): Promise<Page> {
  const page = await suite.newPage(width === 1366 ? 'laptop' : 'phone');
  await page.goto('/#/register');
  await page.getByRole('heading', { name: 'Регистрация дилера', level: 1 }).waitFor();
  return page;
}

describe('the bank from the BIK at registration', () => {
  for (const width of [1366, 390] as const) {
    it(`fills the bank's name and correspondent account from the BIK, and only warns of a BIK the directory lacks (${width} px)`, async () => {
      const page = await registration(width);
      const field = (label: string) => page.getByLabel(label, { exact: true });
      const notes = (label: string) => page.locator('.field', { has: field(label) });

      await field('БИК').fill('044525225');
      await expect.poll(() => field('Наименование банка').inputValue(), { timeout: 10_000 }).toBe('ПАО Сбербанк');
      expect(await field('Корреспондентский счёт').inputValue()).toBe('30101810400000000225');
      expect(await notes('Наименование банка').innerText()).toContain('Заполнено по справочнику БИК Банка России');
      await field('БИК').scrollIntoViewIfNeeded();
      await screenshot(page, `bik-01-filled-${width}`);
      await notes('БИК').locator('xpath=..').screenshot({ path: join(ARTIFACTS, `bik-01-bank-fields-${width}.png`) });

      // Another BIK: what the directory filled is replaced.
      await field('БИК').fill('044525187');
      await expect.poll(() => field('Наименование банка').inputValue(), { timeout: 10_000 }).toBe('Банк ВТБ (ПАО)');
      expect(await field('Корреспондентский счёт').inputValue()).toBe('30101810700000000187');

      // What the applicant typed is theirs: a later BIK does not overwrite it.
      await field('Наименование банка').fill('Банк ВТБ (ПАО), филиал');
      await field('БИК').fill('044525593');
      await expect.poll(() => field('Корреспондентский счёт').inputValue(), { timeout: 10_000 }).toBe('30101810200000000593');
      expect(await field('Наименование банка').inputValue()).toBe('Банк ВТБ (ПАО), филиал');

      // A BIK the directory lacks: a warning under the field, not an error.
      await field('БИК').fill('044525999');
      await expect.poll(() => notes('БИК').innerText(), { timeout: 10_000 }).toContain('БИК 044525999 нет в справочнике БИК Банка России');
      expect(await field('БИК').getAttribute('aria-invalid')).toBeNull();
      await screenshot(page, `bik-02-unknown-${width}`);
      if (width === 390) {
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
        expect(widths.page).toBeLessThanOrEqual(widths.window);
      }
      await page.context().close();
    });
  }
});
