import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { audit } from '../../src/usecases/audit/audit.usecases';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { ApiSession, waitFor } from '../support/system';
import { ARTIFACTS, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/** Issue 17: the staff order page tells the order's process in business terms («Ход процесса»). */
let orderNumber: string;
let dealerLogin: string;

const suite = browserSuite();

beforeAll(async () => {
  const own = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
  dealerLogin = own.people[0]!.login;
  const dealer = await ApiSession.login(suite.system.baseUrl, dealerLogin, own.password);
  const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] });
  expect(placed.status).toBe(201);
  orderNumber = placed.body.orderNumber;
  await waitFor('shipment', async () => (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.archive !== null, 90_000);
});

describe('the staff order page: «Ход процесса»', () => {
  for (const width of [1366, 390] as const) {
    it(`shows steps, the vendor's subprocess and who placed the order, in Russian (${width} px)`, async () => {
      const page = await suite.pageAs('staff@demo.sid', { screen: width === 1366 ? 'laptop' : 'phone', at: `/#/orders/${orderNumber}` });
      const history = page.getByTestId('order-history');
      await history.getByRole('heading', { name: 'Ход процесса' }).waitFor();
      await expect.poll(() => history.locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(3);
      const text = await history.innerText();
      expect(text).toContain(`заказ оформлен — ${dealerLogin}`);
      expect(text).toContain('Запущен процесс: Заказ');
      expect(text).toContain('Запущен подпроцесс: Выдача ключей вендором DRWEB');
      expect(text).toContain('Заказ отправлен вендору');
      expect(text).toContain('Архив ключей собран');
      expect(text).not.toMatch(/recordOrderStatus|buildOrderArchive|vendorFulfillment/);
      await history.scrollIntoViewIfNeeded();
      await screenshot(page, `staff-order-history-${width}`);
      await history.screenshot({ path: join(ARTIFACTS, `staff-order-history-section-${width}.png`) });
      if (width === 390) {
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
        expect(widths.page).toBeLessThanOrEqual(widths.window);
      }
      await page.context().close();
    });
  }
});

describe('the staff order page: decisions the workflow and staff recorded as codes', () => {
  it('words a policy-hold decision and the cancel reason, not their codes', async () => {
    const db = suite.system.db.db;
    const { orderNumber: cancelledOrder } = await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], status: 'cancelled' });
    const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.login, 'staff@demo.sid'));
    await audit(db, { actorUserId: staff!.id, action: 'order.policy_hold_released', subjectType: 'order', subjectId: cancelledOrder, details: { decision: 'cancel' } });
    await audit(db, { action: 'order.cancelled', subjectType: 'order', subjectId: cancelledOrder, details: { reason: 'policy_hold_cancelled_after_payment' } });
    const page = await suite.pageAs('staff@demo.sid', { screen: 'laptop', at: `/#/orders/${cancelledOrder}` });
    const history = page.getByTestId('order-history');
    await expect.poll(() => history.locator('li').count(), { timeout: 20_000 }).toBe(2);
    const entries = await history.locator('li').evaluateAll((items) => items.map((li) => [li.querySelector('.order-history__text')?.textContent, li.querySelector('.order-history__detail')?.textContent ?? null]));
    expect(entries).toEqual([
      ['решение по задержанному заказу — staff@demo.sid', 'отменить'],
      ['заказ отменён — система', 'отменён сотрудником после оплаты'],
    ]);
    await page.context().close();
  });
});
