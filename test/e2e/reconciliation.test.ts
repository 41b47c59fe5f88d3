import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { acts, invoices, orderNumberSeq, orders, payments } from '../../db/schema';
import { formatOrderNumber } from '../../src/domain/order';
import { amountInWords } from '../../src/domain/amount-in-words';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { insertApprovedDealer } from '../support/dealers';
import { pdfText } from '../support/pdf-text';
import { ARTIFACTS, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

// The dealer reads its reconciliation statement on the balance page and downloads the PDF.
const suite = browserSuite();
const PASSWORD = 'пароль-сверки-2026';
const day = (offset: number) => moscowDateOf(Date.now() + offset * 86_400_000);

/** A dealer whose books 1C has numbered and paid (written straight in: the API test drives the 1C exchange itself). */
async function dealerWithBooks() {
  const { dealerId, org, people } = await insertApprovedDealer(suite.system.db.db, { password: PASSWORD, people: [{ role: 'dealer_admin', fullName: 'Бухгалтерова Бэлла', mailbox: 'recon-e2e' }] });
  const tag = org.inn.slice(-5);
  const invoice = async (number: string, date: string, amountKopecks: number, paidKopecks: number) => {
    const [row] = await suite.system.db.db
      .insert(invoices)
      .values({ dealerId, purpose: 'postpay', number, numberDate: date, amountKopecks, paidKopecks, termBankingDays: 3, status: paidKopecks >= amountKopecks ? 'paid' : 'partially_paid', workflowId: `e2e-${number}` })
      .returning({ id: invoices.id });
    return row!.id;
  };
  const pay = (invoiceId: string, invoiceNumber: string, paidOn: string, amountKopecks: number, paymentOrderNumber: string) =>
    suite.system.db.db.insert(payments).values({ invoiceId, invoiceNumber, paidOn, amountKopecks, paymentOrderNumber, externalId: `e2e-${invoiceNumber}-${paymentOrderNumber}`, status: 'applied' });
  // The debt arises with the shipment document: an order under an act 1C numbered.
  const shipment = async (actNumber: string, date: string, grossKopecks: number) => {
    const [{ next }] = (await suite.system.db.db.execute(sql`select nextval(${orderNumberSeq.seqName}) as next`)) as unknown as [{ next: string }];
    const [order] = await suite.system.db.db
      .insert(orders)
      .values({ orderNumber: formatOrderNumber(Number(next)), dealerId, settlementScheme: 'postpay', status: 'completed', usdRate: '90.0000', usdRateDate: date, netKopecks: grossKopecks, vatKopecks: 0, grossKopecks, grossCents: Math.round(grossKopecks / 90) })
      .returning({ id: orders.id });
    await suite.system.db.db.insert(acts).values({ dealerId, orderId: order!.id, number: actNumber, numberDate: date, workflowId: `e2e-${actNumber}` });
  };
  await shipment(`А-${tag}-1`, day(-40), 150_000_00);
  await shipment(`А-${tag}-2`, day(-10), 48_765_43);
  const first = await invoice(`Е2Е-${tag}-1`, day(-40), 150_000_00, 100_000_00);
  await pay(first, `Е2Е-${tag}-1`, day(-35), 100_000_00, '71');
  const second = await invoice(`Е2Е-${tag}-2`, day(-10), 48_765_43, 20_000_00);
  await pay(second, `Е2Е-${tag}-2`, day(-5), 20_000_00, '72');
  // opening 50 000,00 + 48 765,43 − 20 000,00
  return { login: people[0]!.login, org, closing: 50_000_00 + 48_765_43 - 20_000_00 };
}

describe('акт сверки in the browser', () => {
  it('the dealer picks a period on the balance page, sees the summary and downloads the PDF', async () => {
    const { login, org, closing } = await dealerWithBooks();
    const page = await suite.pageAs(login, { password: PASSWORD });
    await page.goto('/#/invoices');
    const form = page.getByRole('form', { name: 'Акт сверки' });
    await expect.poll(() => form.isVisible()).toBe(true);
    const from = day(-20);
    const to = day(0);
    await form.getByLabel('С', { exact: true }).fill(from);
    await form.getByLabel('По', { exact: true }).fill(to);
    await form.getByRole('button', { name: 'Показать' }).click();

    const summary = page.getByTestId('reconciliation-summary');
    const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    await expect.poll(async () => nbsp(await summary.innerText())).toContain('Сальдо на начало\n50 000,00 ₽');
    const text = nbsp(await summary.innerText());
    expect(text).toContain('Отгрузки (дебет)\n48 765,43 ₽');
    expect(text).toContain('Оплаты (кредит)\n20 000,00 ₽');
    expect(text).toContain('Сальдо на конец\n78 765,43 ₽');
    expect(nbsp(await page.getByTestId('reconciliation-debtor').innerText())).toContain('Ваша задолженность перед нами: 78 765,43 ₽');
    await page.getByRole('heading', { name: 'Акт сверки' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'reconciliation-dealer');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`reconciliation-${from}-${to}.pdf`);
    const pdf = readFileSync((await download.path())!);
    const { text: pdfContent } = await pdfText(pdf);
    expect(pdfContent).toContain(org.shortName);
    expect(pdfContent).toContain(amountInWords(closing));
    // Kept beside the screenshots, for people to look at (pdftoppm -png -r 60 …).
    await download.saveAs(join(ARTIFACTS, 'reconciliation.pdf'));
  });

  it('prices say whether VAT is inside: the catalog and the cart label each figure; a USD product shows the dealer’s dollar price', async () => {
    const { buildCatalog } = await import('../../db/seed/catalog');
    const products = buildCatalog().products;
    // A dollar product with VAT and a rouble product exempt, both sold to the demo postpay dealer.
    const usdTaxed = products.find((p) => p.vendorCode === 'MSFT' && p.segment === 'commercial')!;
    const rubExempt = products.find((p) => p.vendorCode === 'DRWEB' && p.segment === 'commercial')!;
    const page = await suite.pageAs('postpay@demo.sid', { password: 'demo-password' });
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Ваша цена, без НДС' }).count()).toBe(1);
    const search = page.getByLabel('Поиск по артикулу или названию');
    await search.fill(usdTaxed.partNumber);
    const usdRow = page.locator(`[data-testid=product-row][data-part-number="${usdTaxed.partNumber}"]`);
    await usdRow.waitFor();
    expect(await usdRow.getByTestId('vat-mode').innerText()).toBe('НДС 22%');
    expect(await usdRow.getByTestId('dealer-price-usd').innerText()).toMatch(/^[\d\s\u00a0\u202f]+,\d\d\s\$$/);
    await search.fill(rubExempt.partNumber);
    const rubRow = page.locator(`[data-testid=product-row][data-part-number="${rubExempt.partNumber}"]`);
    await rubRow.waitFor();
    expect(await rubRow.getByTestId('vat-mode').innerText()).toBe('НДС не облагается');
    expect(await rubRow.getByTestId('dealer-price-usd').count()).toBe(0);
    await rubRow.getByRole('button', { name: `Добавить ${rubExempt.partNumber} в корзину` }).click();
    const line = page.getByTestId('cart-line').first();
    await expect.poll(() => line.locator('.cart__line-total').innerText(), { timeout: 20_000 }).toContain('НДС не облагается');
    await expect.poll(() => page.locator('.cart').innerText()).toContain('Сумма без НДС');
    await screenshot(page, 'catalog-vat-labels');
  });
});
