import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { ARTIFACTS, screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { addInOneClick, findProduct, textOf } from './support/dealer-steps';

/** Commercial offers and order templates in Debian's chromium against the whole running system. */
const PART = 'DR6203A1Y-01';

const suite = browserSuite();
describe('commercial offers in the browser', () => {
  it('makes an offer from the cart with a markup, downloads its PDF, and orders it from «Предложения»', async () => {
    const page = await suite.pageAs('postpay@demo.sid');
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const row = await findProduct(page, PART);
    await addInOneClick(page, row, PART);

    await page.getByTestId('quote-open').click();
    const form = page.getByRole('form', { name: 'Коммерческое предложение клиенту' });
    await form.getByLabel('Покупатель', { exact: true }).fill('ООО «Клиент из браузера»');
    await form.getByLabel('ИНН покупателя').fill('7707083893');
    // A typo first: the form says what is wrong and sends nothing.
    await form.getByLabel('Наценка, %').fill('пятнадцать');
    await form.getByRole('button', { name: 'Сделать предложение' }).click();
    await expect.poll(() => form.innerText()).toContain('Наценка — число от 0 до 1000');
    await form.getByLabel('Наценка, %').fill('15');
    await screenshot(page, 'quotes-00-form');
    await form.getByRole('button', { name: 'Сделать предложение' }).click();

    const pdfLink = page.getByTestId('quote-pdf-link');
    await pdfLink.waitFor();
    const notice = await page.getByTestId('quote-action').innerText();
    const number = /КП-\d{4}-\d{4}/.exec(notice)![0];
    expect(notice).toContain(`Предложение ${number} готово.`);
    await screenshot(page, 'quotes-01-cart-offer');

    // The PDF as the link serves it, with this browser's session.
    const response = await page.request.get((await pdfLink.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const pdf = Buffer.from(await response.body());
    const { text } = await pdfText(pdf);
    expect(text).toContain(`Коммерческое предложение № ${number}`);
    expect(text).toContain('ООО «Клиент из браузера», ИНН 7707083893');
    expect(text).toContain(PART);
    expect(text).toMatch(/Предложение действительно до \d+ \S+ \d{4} г\. включительно/);
    const pdfPath = join(ARTIFACTS, 'quotes-02-offer.pdf');
    writeFileSync(pdfPath, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdfPath, join(ARTIFACTS, 'quotes-02-offer')]);

    await page.getByRole('link', { name: 'Предложения', exact: true }).click();
    await page.getByRole('heading', { name: 'Коммерческие предложения', level: 1 }).waitFor();
    const offerRow = page.locator(`[data-testid=quote-row][data-number="${number}"]`);
    await offerRow.waitFor();
    expect(await offerRow.getAttribute('data-status')).toBe('active');
    const rowText = await offerRow.innerText();
    expect(rowText).toContain('ООО «Клиент из браузера»');
    expect(rowText).toContain('действует');
    await screenshot(page, 'quotes-03-list');

    await offerRow.getByRole('button', { name: `Оформить заказ по предложению ${number}` }).click();
    await page.getByTestId('quote-ordered').waitFor();
    const orderNumber = /SID-[\d-]+/.exec(await textOf(page, 'quote-ordered'))![0];
    await expect.poll(() => offerRow.getAttribute('data-status')).toBe('ordered');
    expect(await offerRow.innerText()).toContain('заказано');
    expect(await offerRow.innerText()).toContain(orderNumber);
    expect(await offerRow.getByRole('button', { name: /Оформить заказ/ }).count()).toBe(0);
    await screenshot(page, 'quotes-04-ordered');

    await page.getByTestId('quote-order-link').click();
    await page.getByRole('heading', { name: `Заказ ${orderNumber}` }).waitFor();
  });
});

describe('order templates in the browser', () => {
  it('saves the checked good lines as a template and loads it back into the quick order', async () => {
    const name = `Шаблон ${randomBytes(2).toString('hex')}`;
    const page = await suite.pageAs('postpay@demo.sid');
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Быстрый заказ' }).click();
    await page.getByRole('heading', { name: 'Быстрый заказ', level: 1 }).waitFor();

    await page.getByLabel('Строки заказа').fill(`${PART}\t4\nNOPE-404-XYZ\t1`);
    await page.getByTestId('quick-order-check').click();
    await page.getByTestId('quick-order-results').waitFor();
    await page.getByTestId('template-name').fill(name);
    await page.getByTestId('template-save').click();
    expect(await textOf(page, 'template-saved')).toBe(`Шаблон «${name}» сохранён.`);
    const saved = page.locator(`[data-testid=template][data-name="${name}"]`);
    await saved.waitFor();
    // Only the good line was kept.
    expect(await saved.innerText()).toContain('1 строка');

    // The same name again: refused, in Russian, under the field.
    await page.getByTestId('template-name').fill(name);
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.locator('.templates__save').innerText()).toContain(`Шаблон «${name}» уже есть`);

    await page.getByLabel('Строки заказа').fill('');
    await saved.getByRole('button', { name: `Загрузить шаблон «${name}» в поле строк` }).click();
    expect(await page.getByLabel('Строки заказа').inputValue()).toMatch(new RegExp(`^${PART}; 4; \\w+$`));
    await page.getByTestId('quick-order-check').click();
    await expect.poll(() => textOf(page, 'quick-order-summary')).toBe('Готово к заказу: 1; с замечаниями по правилам вендора: 0; не распознано: 0.');
    await screenshot(page, 'quotes-05-templates');
  });
});
