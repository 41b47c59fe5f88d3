import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';
import { freshDealerLike } from '../support/dealers';
import { logIn, navTo, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

// A dealer admin in the browser adds a webhook for the dealer's shop, keeps its secret, pings it
// and reads the delivery log; a real HTTP receiver on this machine gets the signed ping.
let server: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

const suite = browserSuite({ checkPageErrors: false });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop/sid-webhooks`;
  // The receiver is on loopback: reached only through the development allow-list.
  allowOutboundInDevelopment(receiverUrl);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const notice = (page: Page, text: string) => page.locator('.alert--notice', { hasText: text });

describe('webhooks in the browser', () => {
  it('a dealer admin adds an endpoint, sees the secret once, pings it and sees the ping in the log', async () => {
    const page = await suite.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.system.baseUrl });
    const pageErrors = suite.errorsOf(page);
    // A dealer of its own: the demo dealer may have endpoints from other files of the run.
    const own = await freshDealerLike(suite.system.db.db, 'postpay@demo.sid');
    await logIn(page, own.people[0]!.login, own.password);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { includeHidden: true }).allTextContents();
    // Next to the API keys in the dealer admin's menu.
    expect(nav.indexOf('Вебхуки')).toBe(nav.indexOf('API-ключи') + 1);
    await navTo(page, 'Вебхуки');
    await page.getByRole('heading', { name: 'Вебхуки', level: 1 }).waitFor();
    await page.getByText('Вебхуков пока нет.').waitFor();

    // The server's refusal comes back on the field.
    await page.getByLabel('Адрес').fill('http://shop.example.ru/hook');
    await page.getByRole('button', { name: 'Добавить вебхук' }).click();
    await page.locator('.field-error', { hasText: 'https://' }).waitFor();

    await page.getByLabel('Адрес').fill(receiverUrl);
    await page.getByLabel('Адрес').press('Enter');
    const shown = page.getByTestId('new-webhook-secret');
    await shown.waitFor();
    const secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-webhook-secret');
    await page.getByRole('button', { name: 'Скопировать' }).click();
    // The panel's own status line (the app's live region says the same for screen readers).
    await page.getByRole('status').filter({ hasText: 'Секрет скопирован в буфер обмена.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, 'webhooks-01-secret-once');

    // Dismissed, the secret is gone from the page, and a reload does not bring it back.
    await page.getByRole('button', { name: 'Готово, секрет сохранён' }).click();
    await page.reload();
    const table = page.getByTestId('webhooks');
    const row = table.locator('tbody tr', { hasText: receiverUrl });
    await row.getByText('Действует').waitFor();
    expect(await page.content()).not.toContain(secret.slice(6));

    await row.getByRole('button', { name: 'Отправить проверку' }).click();
    await notice(page, `Проверочное событие отправляется на ${receiverUrl}`).waitFor();
    const log = page.getByTestId('webhook-deliveries');
    const delivered = log.locator('tbody tr[data-status="delivered"]', { hasText: 'Проверка (ping)' });
    await delivered.waitFor({ timeout: 30_000 });
    expect(await delivered.locator('td').nth(1).innerText()).toBe('1');
    expect(await delivered.locator('td').nth(2).innerText()).toContain('HTTP 204');

    // The receiver got one signed ping, with the delivery id the log shows.
    const deliveryId = await delivered.getAttribute('data-delivery-id');
    const pings = received.filter((r) => r.headers['x-sid-event'] === 'ping');
    expect(pings).toHaveLength(1);
    expect(pings[0]!.headers['x-sid-delivery']).toBe(deliveryId);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(pings[0]!.headers['x-sid-signature']))!;
    expect(createHmac('sha256', secret).update(`${t}.${pings[0]!.body}`).digest('hex')).toBe(v1);
    await screenshot(page, 'webhooks-02-ping-in-log');

    // Disabled with a confirmation; the log stays.
    await row.getByRole('button', { name: 'Отключить' }).click();
    await row.getByRole('button', { name: 'Отключить' }).click();
    await notice(page, `Вебхук ${receiverUrl} отключён.`).waitFor();
    await row.getByText(/Отключён \d/).waitFor();
    expect(await row.getByRole('button', { name: 'Отправить проверку' }).count()).toBe(0);
    await screenshot(page, 'webhooks-03-disabled');
    expect(pageErrors, 'errors in the page').toEqual([]);
  });
});
