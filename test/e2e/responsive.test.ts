import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inboundMail } from '../../db/schema';
import { freshDealerLike } from '../support/dealers';
import { ApiSession } from '../support/system';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * Issue 17: every page of the app at the tester's two screens, 1366x768 and 390x844. No page is
 * wider than the window (tables scroll in their own box), the top bar is one row on the laptop and
 * folds behind «Меню» on the phone, and the catalog's search, prices and «В корзину» are in view on
 * the phone.
 */
let dealerAdmin: { login: string; password: string };
let orderNumber: string;

const SCREENS = {
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;
type Screen = keyof typeof SCREENS;

const suite = browserSuite();

beforeAll(async () => {
  // A dealer admin of its own sees every dealer page, the users, keys and webhooks too; one order of its own.
  const own = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
  dealerAdmin = { login: own.people[0]!.login, password: own.password };
  const api = await ApiSession.login(suite.system.baseUrl, dealerAdmin.login, dealerAdmin.password);
  const partNumber: string = (await api.json('GET', '/api/catalog/products?pageSize=1')).body.items[0].partNumber;
  const placed = await api.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 1 }], endUser: { name: 'ООО «Ромашка»' } });
  expect(placed.status, JSON.stringify(placed.body)).toBeLessThan(300);
  orderNumber = placed.body.orderNumber;
  // Staff pages as they look with real mail in them: a letter held for staff, whose badge says a
  // sentence («…: у вендора не указаны отправители — подтвердите письмо») and whose subject and
  // sender are long words, as vendors write them.
  await suite.system.db.db.insert(inboundMail).values({
    mailbox: 'INBOX',
    sha256: randomBytes(32).toString('hex'),
    fromAddress: 'licensing-department-notifications-no-reply@very-long-vendor-domain-name.example.com',
    subject: `Re:[SID-request]Лицензионные_ключи_по_заказу_${'x'.repeat(80)}`,
    kind: 'keys',
    status: 'staff',
    reason: 'no_senders_configured',
    problems: [`вложение ${'ОченьДлинноеИмяФайлаБезПробелов'.repeat(4)}.zip защищено паролем`],
    blobKey: `inbound/${randomBytes(16).toString('hex')}.eml`,
    sizeBytes: 4096,
  });
});

const dealerPages = () => ['/catalog', '/quick-order', '/orders', `/orders/${orderNumber}`, '/invoices', '/renewals', '/quotes', '/dealer/users', '/dealer/api-keys', '/dealer/webhooks'];
const staffPages = () => [
  '/staff/queue',
  '/staff/orders',
  '/staff/mail',
  '/staff/dealers',
  '/staff/price-lists',
  '/staff/price-rules',
  '/staff/rates',
  '/staff/vendors',
  '/staff/vendors/TFLEX',
  '/staff/1c-log',
  '/staff/audit',
  `/orders/${orderNumber}`,
];

/** Opens a page afresh and waits until its data has come (the network is quiet, nothing says «Загрузка…»). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`/#${path}`);
  await settled(page);
}

/** The page has its heading and its data: nothing loading any more that could take the focus. */
async function settled(page: Page): Promise<void> {
  await page.locator('#page-heading').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Загрузка…'));
}

/** How far the page is wider than the window, and the widest elements that make it so. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const excess = document.documentElement.scrollWidth - window.innerWidth;
    const culprits: string[] = [];
    if (excess > 0) {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const box = el.getBoundingClientRect();
        if (box.right > window.innerWidth + 1 && box.width > 0 && culprits.length < 4) culprits.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.right)}px)`);
      }
    }
    return { excess, culprits };
  });
}

async function expectNoOverflowOn(page: Page, pages: string[], screen: Screen): Promise<void> {
  const wide: string[] = [];
  for (const path of pages) {
    await open(page, path);
    const { excess, culprits } = await overflow(page);
    if (excess > 0) wide.push(`${path} at ${SCREENS[screen].width}px: ${excess}px too wide — ${culprits.join(', ')}`);
  }
  expect(wide).toEqual([]);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Разделы' });
const menuButton = (page: Page) => page.getByRole('button', { name: 'Меню' });

/** The top bar on a laptop: every entry in one row, no menu button. */
async function expectOneRowNav(page: Page): Promise<void> {
  expect(await menuButton(page).isVisible()).toBe(false);
  const tops = await page.locator('#topnav-list > li').evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
  expect(tops.length).toBeGreaterThan(3);
  expect(new Set(tops).size, `nav rows at ${JSON.stringify(tops)}`).toBe(1);
  const bar = (await page.locator('header.topbar').boundingBox())!;
  expect(bar.height).toBeLessThan(60);
  // The row fits beside the login: nothing runs under it.
  const navEnd = await page.locator('#topnav-list > li').last().evaluate((li) => li.getBoundingClientRect().right);
  const userStart = await page.locator('.topbar__user').evaluate((el) => el.getBoundingClientRect().left);
  expect(navEnd, 'the menu runs under the login').toBeLessThanOrEqual(userStart);
}

/** The top bar on a phone: links hidden behind «Меню», which opens and closes by mouse and keyboard. */
async function expectFoldedNav(page: Page, firstLink: string): Promise<void> {
  const button = menuButton(page);
  const link = nav(page).getByRole('link', { name: firstLink, exact: true });
  expect(await button.isVisible()).toBe(true);
  expect(await button.getAttribute('aria-expanded')).toBe('false');
  expect(await link.isVisible()).toBe(false);
  expect(await page.locator('header.topbar').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(60);

  await button.click();
  // The bar re-renders after the event: its state is polled rather than read once.
  await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
  await link.waitFor();
  const box = (await link.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(SCREENS.phone.width);
  await page.keyboard.press('Escape');
  await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
  await expect.poll(() => link.isVisible()).toBe(false);
  await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);

  // The keyboard alone: Enter opens, Tab reaches the first link.
  await page.keyboard.press('Enter');
  await link.waitFor();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await nav(page).locator('#topnav-list > li').first().locator('a, button').first().innerText());
  await page.keyboard.press('Escape');
  if ((await button.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
  await expect.poll(() => link.isVisible()).toBe(false);
}

describe('every page fits the screen', () => {
  it('a dealer at 1366x768: one-row menu, no page wider than the window', async () => {
    const page = await suite.newPage('laptop');
    await logIn(page, dealerAdmin.login, dealerAdmin.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await settled(page);
    await expectOneRowNav(page);
    await expectNoOverflowOn(page, dealerPages(), 'laptop');
    await open(page, '/catalog');
    await page.getByTestId('product-row').first().waitFor();
    await screenshot(page, '70-responsive-catalog-1366');
    await open(page, '/orders');
    await screenshot(page, '71-responsive-orders-1366');
  });

  it('a dealer at 390x844: the menu folds, the catalog shows search, a price and «В корзину» in view, no page wider than the window', async () => {
    const page = await suite.newPage('phone');
    await logIn(page, dealerAdmin.login, dealerAdmin.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await settled(page);
    await expectFoldedNav(page, 'Каталог');

    await page.getByTestId('product-row').first().waitFor();
    const inView = async (what: string, locator: ReturnType<Page['locator']>) => {
      const box = await locator.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box!.x, what).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${what} ends at ${box!.x + box!.width}px`).toBeLessThanOrEqual(SCREENS.phone.width);
    };
    await inView('search box', page.getByTestId('catalog-search'));
    await inView('dealer price', page.getByTestId('dealer-price').first());
    await inView('«В корзину»', page.getByTestId('product-row').first().getByRole('button', { name: /в корзину/ }));
    // The vendors are a select on a phone; choosing one filters the list.
    const vendorSelect = page.getByLabel('Вендор', { exact: true });
    await inView('vendor select', vendorSelect);
    expect(await vendorSelect.locator('option').count()).toBeGreaterThan(100);
    const vendorName = (await vendorSelect.locator('option[value=TFLEX]').innerText()).replace(/ \(\d+\)$/, '');
    await vendorSelect.selectOption('TFLEX');
    await expect.poll(async () => (await page.getByTestId('product-row').allInnerTexts()).every((row) => row.includes(vendorName))).toBe(true);
    await inView('«В корзину» of a T-FLEX product', page.getByTestId('product-row').first().getByRole('button', { name: /в корзину/ }));
    await screenshot(page, '72-responsive-catalog-390');

    await menuButton(page).click();
    await screenshot(page, '73-responsive-menu-open-390');
    await nav(page).getByRole('link', { name: 'Мои заказы' }).click();
    await page.getByRole('heading', { name: 'Мои заказы', level: 1 }).waitFor();
    await expect.poll(() => menuButton(page).getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, '74-responsive-orders-390');

    await expectNoOverflowOn(page, dealerPages(), 'phone');
  });

  it('staff at 1366x768: links grouped in menus on one row; a menu opens, closes on Escape and leads to its page', async () => {
    const page = await suite.newPage('laptop');
    await logIn(page, 'staff@demo.sid');
    await page.getByRole('heading', { name: 'Очередь сотрудников' }).waitFor();
    await settled(page);
    await expectOneRowNav(page);

    const pricing = nav(page).getByRole('button', { name: 'Каталог и цены' });
    const priceLists = nav(page).getByRole('link', { name: 'Прайс-листы' });
    expect(await pricing.getAttribute('aria-expanded')).toBe('false');
    expect(await priceLists.isVisible()).toBe(false);
    await pricing.click();
    await expect.poll(() => pricing.getAttribute('aria-expanded')).toBe('true');
    await priceLists.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => priceLists.isVisible()).toBe(false);
    await expect.poll(() => pricing.evaluate((el) => el === document.activeElement)).toBe(true);
    // Keyboard: Enter opens the menu, Tab goes to its first link, Enter follows it.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Прайс-листы', level: 1 }).waitFor();
    await expect.poll(() => priceLists.isVisible()).toBe(false);
    expect(await pricing.getAttribute('class')).toContain('is-current');

    await expectNoOverflowOn(page, staffPages(), 'laptop');
    await open(page, '/staff/orders');
    await screenshot(page, '75-responsive-staff-orders-1366');
    await open(page, '/staff/vendors');
    await nav(page).getByRole('button', { name: 'Заказы' }).click();
    await screenshot(page, '76-responsive-staff-menu-1366');
  });

  it('staff at 390x844: the menu folds, a staff menu opens inside it, no page wider than the window', async () => {
    const page = await suite.newPage('phone');
    await logIn(page, 'staff@demo.sid');
    await page.getByRole('heading', { name: 'Очередь сотрудников' }).waitFor();
    await settled(page);
    await expectFoldedNav(page, 'Заявки дилеров');

    await menuButton(page).click();
    await nav(page).getByRole('button', { name: 'Учёт и 1С' }).click();
    await screenshot(page, '77-responsive-staff-menu-390');
    await nav(page).getByRole('link', { name: 'Журнал действий' }).click();
    await page.getByRole('heading', { name: 'Журнал действий', level: 1 }).waitFor();
    // Following a link folds the menu again.
    await expect.poll(() => nav(page).getByRole('link', { name: 'Журнал действий' }).isVisible()).toBe(false);

    await expectNoOverflowOn(page, staffPages(), 'phone');
    await open(page, '/staff/orders');
    await screenshot(page, '78-responsive-staff-orders-390');
    await open(page, '/staff/vendors/TFLEX');
    await screenshot(page, '79-responsive-staff-vendor-390');
  });
});
