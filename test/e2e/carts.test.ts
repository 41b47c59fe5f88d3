import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { ApiSession } from '../support/system';
import { ARTIFACTS, logIn, screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { commercialPartNumbers } from '../support/vendors';
import { findProduct, textOf } from './support/dealer-steps';

/**
 * Issue 17, point 10: the cart lives on the server per user, so another browser shows it; a dealer
 * keeps several named carts; a cart an earlier SID kept in this browser's localStorage moves to
 * the server once.
 */
let dealer: Awaited<ReturnType<typeof freshDealerLike>>;
let login: string;
let drweb: string[];

const suite = browserSuite();

beforeAll(async () => {
  dealer = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
  login = dealer.people[0]!.login;
  drweb = await commercialPartNumbers(suite.system.db.db, 'DRWEB', { count: 2, sorted: true });
});

const newPage = (width: 1366 | 390) => suite.newPage(width === 1366 ? 'laptop' : 'phone');
/** The cart's answers come after the server's, on a machine that may be busy. */
const SLOW = { timeout: 15_000 };
const lineNames = (page: Page) => page.getByTestId('cart-line').locator('.pn').allInnerTexts();
const currentCartLabel = (page: Page) => page.getByLabel('Текущая корзина').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
const serverCarts = async () => (await (await ApiSession.login(suite.system.baseUrl, login, dealer.password)).json('GET', '/api/carts')).body;

describe('carts on the server', () => {
  it('moves the cart this browser kept in localStorage to the server once, as the first cart (1366 px)', async () => {
    const page = await newPage(1366);
    await page.goto('/');
    // The shape an earlier SID stored, under its key.
    await page.evaluate(
      ([key, partNumber]) =>
        localStorage.setItem(
          key!,
          JSON.stringify({ lines: [{ partNumber, vendorCode: 'DRWEB', name: 'Dr.Web', quantity: 3, licenseType: 'new', previousLicenseNumber: '', basePartNumber: '' }], endUser: { name: 'ООО «Старая»', inn: '', email: '', region: '' }, requestId: 'abc' }),
        ),
      [`sid-cart:${login}`, drweb[0]!],
    );
    await logIn(page, login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0]]);
    expect(await page.getByLabel(`Количество ${drweb[0]}`).inputValue()).toBe('3');
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('Основная корзина — 1 позиция');
    expect(await page.evaluate((key) => localStorage.getItem(key), `sid-cart:${login}`)).toBeNull();
    const carts = await serverCarts();
    expect(carts.items).toHaveLength(1);
    expect(carts.current).toMatchObject({ name: 'Основная корзина', lines: [{ partNumber: drweb[0], quantity: 3 }], endUser: { name: 'ООО «Старая»' } });

    // A reload reads the server's cart, and nothing is moved twice.
    await page.reload();
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0]]);
    expect((await serverCarts()).items).toHaveLength(1);
    await page.context().close();
  });

  it('adds in one click at once, and another browser shows the same cart (1366 px)', async () => {
    const page = await newPage(1366);
    await logIn(page, login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0]]);
    const row = await findProduct(page, drweb[1]!);
    // Optimistic: the line is in the cart before any answer comes back; the server is slowed to prove it.
    await page.route('**/api/carts/*/content', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const saved = page.waitForResponse((r) => r.url().includes('/content') && r.request().method() === 'PUT');
    await row.getByRole('button', { name: `Добавить ${drweb[1]} в корзину` }).click();
    expect(await textOf(page, 'cart-count')).toBe('2 позиции');
    expect((await saved).status()).toBe(200);
    await page.unroute('**/api/carts/*/content');
    await page.getByLabel(`Количество ${drweb[1]}`).fill('4');
    await expect.poll(async () => (await serverCarts()).current.lines.map((l: any) => [l.partNumber, l.quantity]), { timeout: 10_000 }).toEqual([
      [drweb[0], 3],
      [drweb[1], 4],
    ]);

    const elsewhere = await newPage(1366);
    await logIn(elsewhere, login, dealer.password);
    await elsewhere.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await expect.poll(() => lineNames(elsewhere), SLOW).toEqual([drweb[0], drweb[1]]);
    expect(await elsewhere.getByLabel(`Количество ${drweb[1]}`).inputValue()).toBe('4');
    await expect.poll(() => textOf(elsewhere, 'total-rub'), { timeout: 20_000 }).toMatch(/^[\d\s ]+,\d\d\s₽$/);
    await screenshot(elsewhere, 'carts-01-another-browser-1366');
    await elsewhere.context().close();
    await page.context().close();
  });

  it('keeps several named carts: create one per customer, switch, rename, delete (1366 px)', async () => {
    const page = await newPage(1366);
    await logIn(page, login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const cart = page.getByTestId('cart');
    await expect.poll(() => lineNames(page), SLOW).toHaveLength(2);

    await cart.getByTestId('cart-new').click();
    await cart.getByLabel('Название корзины').fill('ООО «Ромашка»');
    await cart.getByRole('button', { name: 'Создать' }).click();
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('ООО «Ромашка» — 0 позиций');
    expect(await textOf(page, 'cart-count')).toBe('0 позиций');
    const row = await findProduct(page, drweb[0]!);
    await row.getByRole('button', { name: `Добавить ${drweb[0]} в корзину` }).click();
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('ООО «Ромашка» — 1 позиция');

    // A name already used is refused on the field, in Russian.
    await cart.getByTestId('cart-new').click();
    await cart.getByLabel('Название корзины').fill('Основная корзина');
    await cart.getByRole('button', { name: 'Создать' }).click();
    await expect.poll(() => cart.getByTestId('cart-name-form').innerText()).toContain('Корзина «Основная корзина» уже есть: выберите другое название.');
    await screenshot(page, 'carts-02-name-taken-1366');
    await cart.getByRole('button', { name: 'Отмена' }).click();

    // Switch back: the first cart's lines, as saved.
    const options = await cart.getByLabel('Текущая корзина').locator('option').allInnerTexts();
    expect(options).toEqual(['ООО «Ромашка» — 1 позиция', 'Основная корзина — 2 позиции']);
    await cart.getByLabel('Текущая корзина').selectOption({ label: 'Основная корзина — 2 позиции' });
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0], drweb[1]]);

    await cart.getByTestId('cart-rename').click();
    await cart.getByLabel('Название корзины').fill('ООО «Лютик»');
    await cart.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('ООО «Лютик» — 2 позиции');
    await screenshot(page, 'carts-03-two-carts-1366');

    // Delete the current cart, confirming in place: the other one becomes current.
    await cart.getByRole('button', { name: 'Удалить корзину' }).click();
    await cart.getByRole('group', { name: 'Удалить корзину «ООО «Лютик»» со всеми позициями?' }).getByRole('button', { name: 'Удалить корзину' }).click();
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('ООО «Ромашка» — 1 позиция');
    expect(await lineNames(page)).toEqual([drweb[0]]);
    // The last cart cannot be deleted: no button for it.
    expect(await cart.getByRole('button', { name: 'Удалить корзину' }).count()).toBe(0);
    const carts = await serverCarts();
    expect(carts.items.map((c: any) => c.name)).toEqual(['ООО «Ромашка»']);
    await page.context().close();
  });

  it('works on a phone: the carts switch and the cart fit 390 px (390 px)', async () => {
    const page = await newPage(390);
    await logIn(page, login, dealer.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const cart = page.getByTestId('cart');
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0]]);
    await cart.getByTestId('cart-new').click();
    await cart.getByLabel('Название корзины').fill('ИП Иванов Иван Иванович, филиал в Санкт-Петербурге');
    await cart.getByRole('button', { name: 'Создать' }).click();
    await expect.poll(() => currentCartLabel(page), SLOW).toBe('ИП Иванов Иван Иванович, филиал в Санкт-Петербурге — 0 позиций');
    await cart.getByLabel('Текущая корзина').selectOption({ label: 'ООО «Ромашка» — 1 позиция' });
    await expect.poll(() => lineNames(page), SLOW).toEqual([drweb[0]]);
    await cart.getByTestId('cart-switcher').scrollIntoViewIfNeeded();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    const overflow = await cart.evaluate((el) => Array.from(el.querySelectorAll('select, input, button')).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).length);
    expect(overflow).toBe(0);
    await screenshot(page, 'carts-04-phone-390');
    // The full page is the long catalog: the cart alone, to look at.
    await cart.screenshot({ path: join(ARTIFACTS, 'carts-05-phone-390-cart.png') });
    await page.context().close();
  });
});

describe('one-click fixes of licence findings in the cart', () => {
  it('offers «Поставить 5» and the nearest band as buttons that put the quantity right (1366 and 390 px)', async () => {
    const partNumber = (await commercialPartNumbers(suite.system.db.db, 'KASP', { sorted: true }))[0]!;
    for (const width of [1366, 390] as const) {
      const page = await newPage(width);
      await logIn(page, login, dealer.password);
      await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
      const cart = page.getByTestId('cart');
      // Each width in a cart of its own.
      await cart.getByTestId('cart-new').click();
      await cart.getByLabel('Название корзины').fill(`Касперский ${width}`);
      await cart.getByRole('button', { name: 'Создать' }).click();
      await expect.poll(() => currentCartLabel(page), SLOW).toBe(`Касперский ${width} — 0 позиций`);
      const row = await findProduct(page, partNumber);
      await row.getByRole('button', { name: `Добавить ${partNumber} в корзину` }).click();
      const quantity = cart.getByLabel(`Количество ${partNumber}`);
      // 1 node: under the minimum of 5 and outside every band; both rules offer 5, shown once.
      const fixes = cart.getByRole('group', { name: `Исправить в один клик: ${partNumber}` });
      await expect.poll(() => fixes.getByRole('button').allInnerTexts(), { timeout: 20_000 }).toEqual(['Поставить 5']);
      expect(await quantity.getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, `carts-06-fix-offered-${width}`);
      await fixes.getByRole('button', { name: 'Поставить 5' }).click();
      expect(await quantity.inputValue()).toBe('5');
      await expect.poll(() => quantity.getAttribute('aria-invalid'), { timeout: 20_000 }).toBeNull();
      expect(await fixes.count()).toBe(0);

      // 300 nodes: above the last band (100–249): the nearest band's edge.
      await quantity.fill('300');
      await expect.poll(() => fixes.getByRole('button').allInnerTexts(), { timeout: 20_000 }).toEqual(['Выбрать ближайший диапазон: 249']);
      await fixes.getByRole('button').click();
      expect(await quantity.inputValue()).toBe('249');
      await expect.poll(() => quantity.getAttribute('aria-invalid'), { timeout: 20_000 }).toBeNull();
      // Saved on the server like any other change.
      await expect.poll(async () => (await serverCarts()).current.lines.map((l: any) => l.quantity), { timeout: 10_000 }).toEqual([249]);
      await screenshot(page, `carts-07-fixed-${width}`);
      if (width === 390) {
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
        expect(widths.page).toBeLessThanOrEqual(widths.window);
      }
      await page.context().close();
    }
  });
});
