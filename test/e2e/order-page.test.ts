import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { invoices, orders } from '../../db/schema';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { moscowToday } from '../support/dates';
import { OnecClient } from '../support/onec-client';
import { ApiSession, waitFor } from '../support/system';
import { screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * The dealer's order page at 1366 px (issue 17, points 7 and 8): what the timeline says the order
 * waits for, vendors by name, the postpay due date, and the login that returns to the page a
 * letter's link opened.
 */
let onec: OnecClient;

const suite = browserSuite({ checkPageErrors: false });

beforeAll(async () => {
  const { id, secret } = inject('onecClient');
  onec = new OnecClient(suite.system.baseUrl, id, secret);
});
async function fillLogin(page: Page, login: string, password: string) {
  await page.getByLabel('Логин (e-mail)').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** A dealer of the test's own with one order of a Dr.Web product; its login and the order number. */
async function ownOrder(scheme: 'postpay@demo.sid' | 'prepay@demo.sid') {
  const own = await freshDealerLike(suite.system.db.db, scheme);
  const login = own.people[0]!.login;
  const session = await ApiSession.login(suite.system.baseUrl, login, own.password);
  const placed = await session.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 2 }] });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return { login, password: own.password, session, orderNumber: placed.body.orderNumber as string };
}

async function outboxItem(orderNumber: string, documentType: 'invoice' | 'act') {
  return waitFor(`the ${documentType} in the 1C outbox`, async () => {
    const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
    return body.items.find((i: any) => i.documentType === documentType && i.document.orderNumber === orderNumber) ?? null;
  });
}

const awaitingText = async (page: Page) => page.getByTestId('awaiting').innerText();

describe('the order page: what the order waits for', () => {
  it('a postpay order: the invoice from 1C, then its payment by the due date, then nothing; vendors by name', async () => {
    const { login, password, orderNumber } = await ownOrder('postpay@demo.sid');
    const page = await suite.newPage();
    const errors = suite.errorsOf(page);
    await page.goto(`/#/orders/${orderNumber}`);
    await fillLogin(page, login, password);
    await page.getByRole('heading', { name: `Заказ ${orderNumber}` }).waitFor();

    // Shipped at once; the invoice is asked of 1C, which has not numbered it: nothing to pay yet.
    await page.getByText('Счёт запрошен в 1С').waitFor();
    await page.getByTestId('awaiting').getByText('счёт из 1С').waitFor();
    expect(await awaitingText(page)).toBe('Сейчас ожидается: счёт из 1С: он появится здесь, когда 1С присвоит ему номер');
    expect(await awaitingText(page)).not.toContain('оплата');
    // Vendors by name, in the lines and on the timeline.
    const vendorCell = page.locator('table.lines tbody tr').first().locator('td').nth(3);
    expect(await vendorCell.innerText()).toBe('Доктор Веб');
    expect(await page.locator('.timeline__step--sent_to_vendor .timeline__detail').innerText()).toBe('· Доктор Веб');
    expect(await page.locator('.timeline__step--keys_received .timeline__detail').innerText()).toBe('· Доктор Веб');
    expect(await page.getByTestId('timeline').innerText()).not.toContain('DRWEB');
    await screenshot(page, 'order-page-1366-awaiting-1c-invoice');

    // 1C numbers the invoice: now the payment is awaited, by the due date 1C's number starts.
    const invoice = await outboxItem(orderNumber, 'invoice');
    const invoiceNumber = `СЧ-${orderNumber.slice(-5)}`;
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: invoice.sidDocumentId, number: invoiceNumber, date: moscowToday() })).status).toBe(200);
    const [order] = await suite.system.db.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const dueDate = await waitFor('the due date', async () => {
      const [row] = await suite.system.db.db.select({ dueDate: invoices.dueDate }).from(invoices).where(eq(invoices.orderId, order!.id));
      return row?.dueDate ?? null;
    });
    const due = dueDate.split('-').reverse().join('.');
    await page.getByTestId('pay-by').waitFor();
    expect(await page.getByTestId('pay-by').innerText()).toBe(`Оплатить до\n${due}`);
    await page.getByTestId('awaiting').getByText(`оплата счёта № ${invoiceNumber} до ${due}`).waitFor();
    await screenshot(page, 'order-page-1366-postpay-pay-by');

    // Paid and its act numbered: the order is complete and waits for nothing, and says nothing about it.
    const act = await outboxItem(orderNumber, 'act');
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: act.sidDocumentId, number: `АКТ-${orderNumber.slice(-5)}`, date: moscowToday() })).status).toBe(200);
    const gross = (await suite.system.db.db.select({ amount: invoices.amountKopecks }).from(invoices).where(eq(invoices.orderId, order!.id)))[0]!.amount;
    const paid = await onec.call('POST', '/api/1c/payments', {
      paymentId: `${orderNumber}-pay`,
      invoiceNumber,
      amount: `${Math.floor(gross / 100)}.${String(gross % 100).padStart(2, '0')}`,
      paidOn: moscowToday(),
      paymentOrderNumber: `ПП-${orderNumber.slice(-5)}`,
    });
    expect(paid.body).toMatchObject({ status: 'applied', remainingKopecks: 0 });
    await page.getByTestId('order-status').getByText('Завершён').waitFor();
    await page.getByText('Акт оформлен').waitFor();
    expect(await page.getByTestId('awaiting').count()).toBe(0);
    expect(await page.getByTestId('pay-by').count()).toBe(0);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('Ничего не ожидается');
    expect(body).not.toContain('Сейчас ожидается');
    await screenshot(page, 'order-page-1366-completed');
    expect(errors).toEqual([]);
  });
});

describe('the login returns to the page asked for', () => {
  let dealer: Awaited<ReturnType<typeof ownOrder>>;
  beforeAll(async () => {
    dealer = await ownOrder('prepay@demo.sid');
  });

  it('a prepay order opened from a letter’s link: log in, land on it, and see that the invoice comes from 1C', async () => {
    const page = await suite.newPage();
    const errors = suite.errorsOf(page);
    // The link the key letter carries: the order's page, which asks for a login first.
    await page.goto(`/#/orders/${dealer.orderNumber}`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await fillLogin(page, dealer.login, dealer.password);
    await page.getByRole('heading', { name: `Заказ ${dealer.orderNumber}` }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/orders/${dealer.orderNumber}`);
    await page.getByTestId('awaiting').getByText('счёт из 1С').waitFor();
    expect(await awaitingText(page)).not.toContain('оплата счёта');
    await screenshot(page, 'order-page-1366-prepay-after-login');
    expect(errors).toEqual([]);
  });

  it('follows #/login?next= to a page of the app', async () => {
    const page = await suite.newPage();
    await page.goto(`/#/login?next=${encodeURIComponent(`/orders/${dealer.orderNumber}`)}`);
    await fillLogin(page, dealer.login, dealer.password);
    await page.getByRole('heading', { name: `Заказ ${dealer.orderNumber}` }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/orders/${dealer.orderNumber}`);
  });

  it('never follows it off the app (an open redirect): the dealer lands on the catalog', async () => {
    for (const next of ['https://evil.example/', '//evil.example/orders', '/\\evil.example']) {
      const page = await suite.newPage();
      await page.goto(`/#/login?next=${encodeURIComponent(next)}`);
      await fillLogin(page, dealer.login, dealer.password);
      await page.waitForURL((url) => url.hash === '#/catalog');
      expect(new URL(page.url()).origin, next).toBe(new URL(suite.system.baseUrl).origin);
      await page.context().close();
    }
  });
});

describe('an order recorded before the workflow kept codes', () => {
  // The workflow's clock, passed through as given: any fixed instant serves.
  const at = '2026-01-15T10:00:00.000Z';
  const problem = 'DR-1: Правило «Кратность 5»: количество должно быть кратно 5';
  /** A progress in the old form (the workflow's sentences) or the new one (codes), which must read alike. */
  const recorded = {
    sentences: {
      status: 'fulfilling',
      awaiting: 'ключи от DRWEB',
      timeline: [{ step: 'submitted', at }, { step: 'policy_hold', at, detail: problem }, { step: 'policy_hold_released', at, detail: 'продолжить (staff@demo.sid)' }, { step: 'sent_to_vendor', at, detail: 'DRWEB' }],
    },
    codes: {
      status: 'fulfilling',
      awaiting: { code: 'vendor_keys', vendors: ['DRWEB'] },
      timeline: [
        { step: 'submitted', at },
        { step: 'policy_hold', at, detail: problem },
        { step: 'policy_hold_released', at, reason: { code: 'staff_decision', decision: 'proceed', login: 'staff@demo.sid' } },
        { step: 'sent_to_vendor', at, detail: 'DRWEB' },
      ],
    },
  };

  it.each(Object.keys(recorded) as Array<keyof typeof recorded>)('reads in words when recorded as %s', async (form) => {
    const db = suite.system.db.db;
    const own = await freshDealerLike(db, 'postpay@demo.sid');
    const { orderId, orderNumber } = await insertOrder(db, { vendorCode: 'DRWEB', lines: [{ quantity: 1 }], dealerId: own.dealerId });
    await db.update(orders).set({ progress: recorded[form], progressVersion: 1 }).where(eq(orders.id, orderId));
    const page = await suite.newPage();
    const errors = suite.errorsOf(page);
    await page.goto(`/#/orders/${orderNumber}`);
    await fillLogin(page, own.people[0]!.login, own.password);
    await page.getByRole('heading', { name: `Заказ ${orderNumber}` }).waitFor();
    await page.getByTestId('awaiting').waitFor();
    expect(await awaitingText(page)).toBe('Сейчас ожидается: ключи от Доктор Веб');
    const steps = await page.locator('.timeline__step').evaluateAll((items) => items.map((li: Element) => [li.querySelector('.timeline__label')?.textContent, li.querySelector('.timeline__detail')?.textContent ?? null]));
    expect(steps).toEqual([
      ['Заказ принят', null],
      ['Задержан: не проходит лицензионные правила', ` · ${problem}`],
      ['Решение сотрудника', ' · продолжить (staff@demo.sid)'],
      ['Отправлен вендору', ' · Доктор Веб'],
    ]);
    expect(errors).toEqual([]);
  });
});
