import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { products, vendors } from '../../db/schema';
import { logIn, navTo, screenshot } from './support/browser';
import { browserSuite } from './support/suite';
import { findProduct } from './support/dealer-steps';

/**
 * Staff keep prices current in the browser: a vendor's price list uploaded, checked, applied, and
 * the new price in the dealer's catalog; discount rules added with their errors next to the
 * fields. Screenshots go to test-artifacts/e2e/.
 */

const suite = browserSuite();
const spaces = (text: string) => text.replace(/\s/g, ' ');

describe('staff and prices in the browser', () => {
  it('uploads a CSV price list, reads the preview with a refused row and its reason, applies it, and the dealer sees the new price', async () => {
    const [vendor] = await suite.system.db.db.select().from(vendors).where(eq(vendors.code, 'PROMT'));
    const [product] = await suite.system.db.db.select().from(products).where(eq(products.vendorId, vendor!.id)).orderBy(products.partNumber).limit(1);
    expect(product!.currency).toBe('RUB');

    const page = await suite.pageAs('staff@demo.sid');
    await navTo(page, 'Прайс-листы');
    await page.getByRole('heading', { name: 'Прайс-листы', level: 1 }).waitFor();

    // Nothing chosen: both errors next to their fields.
    await page.getByRole('button', { name: 'Загрузить и проверить' }).click();
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toEqual(['Выберите вендора', 'Выберите файл']);

    await page.getByLabel('Вендор', { exact: true }).selectOption('PROMT');
    await page.getByText('Прайс-листы этого вендора ещё не загружали.').waitFor();
    // A file the server cannot read: its reason next to the file field, nothing stored.
    await page.getByLabel('Файл прайс-листа').setInputFiles({ name: 'old.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) });
    await page.getByRole('button', { name: 'Загрузить и проверить' }).click();
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toEqual([
      'Файл в старом формате Excel (.xls): сохраните его как «Книга Excel (.xlsx)» или CSV и загрузите снова.',
    ]);
    expect(await page.getByLabel('Файл прайс-листа').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Прайс-листы этого вендора ещё не загружали.').count()).toBe(1);
    const csv = [
      'Артикул;Наименование;Категория;Цена;Валюта;НДС',
      `${product!.partNumber};;;12 345,67;RUB;Без НДС`,
      'PROMT-NEW-1;PROMT Переводчик Новинка;Документы;4 990;RUB;Без НДС',
      'PROMT-BAD-1;PROMT с опечаткой;Документы;12,345;RUB;Без НДС',
    ].join('\r\n');
    await page.getByLabel('Файл прайс-листа').setInputFiles({ name: 'promt-dekabr.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + csv, 'utf8') });
    await page.getByRole('button', { name: 'Загрузить и проверить' }).click();

    const preview = page.getByTestId('price-list-preview');
    await preview.getByRole('heading', { name: 'Проверка файла «promt-dekabr.csv»' }).waitFor();
    const counts = spaces(await page.getByTestId('price-list-counts').innerText());
    expect(counts).toMatch(/Новых товаров\s+1/);
    expect(counts).toMatch(/Изменится цен\s+1/);
    expect(counts).toMatch(/Отклонено строк\s+1/);
    const rejected = page.getByTestId('rejected-rows');
    expect(await rejected.locator('tbody tr').count()).toBe(1);
    expect(spaces(await rejected.locator('tbody tr').innerText())).toMatch(/^4\s+PROMT-BAD-1\s+в цене «12,345» больше двух знаков после запятой$/);
    const change = spaces(await page.getByTestId('price-changes').locator('tbody tr').innerText());
    expect(change).toContain(product!.partNumber);
    expect(change).toContain('12 345,67 ₽');
    expect(spaces(await page.getByTestId('new-products').innerText())).toContain('PROMT-NEW-1');
    expect(await page.getByTestId('price-list-history').innerText()).toContain('Ждёт решения');
    await screenshot(page, 'pricing-01-price-list-preview');

    await preview.getByRole('button', { name: 'Применить к каталогу' }).click();
    await preview.getByText('Прайс-лист применён: записано товаров — 2.').waitFor();
    expect(await preview.getAttribute('data-status')).toBe('applied');
    await expect.poll(() => page.getByTestId('price-list-history').innerText()).toContain('Применён');
    expect(await preview.getByRole('button', { name: 'Применить к каталогу' }).count()).toBe(0);
    await screenshot(page, 'pricing-02-price-list-applied');

    // The dealer's catalog: the new list price, and the dealer's own 3% (base group) off it.
    const dealerPage = await suite.newPage();
    await logIn(dealerPage, 'postpay@demo.sid');
    await dealerPage.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    const row = await findProduct(dealerPage, product!.partNumber);
    expect(spaces(await row.innerText())).toContain('12 345,67');
    expect(spaces(await row.getByTestId('dealer-price').innerText())).toBe('11 975,30');
    await screenshot(dealerPage, 'pricing-03-catalog-after-price-list');
  });

  it('adds a discount rule: a wrong discount is named next to its field, then the rule appears in the table', async () => {
    const page = await suite.pageAs('staff@demo.sid');
    await navTo(page, 'Группы и скидки');
    await page.getByRole('heading', { name: 'Группы и скидки', level: 1 }).waitFor();
    await page.getByTestId('price-rules').waitFor();
    expect(spaces(await page.getByTestId('dealer-groups').innerText())).toContain('BASE');
    await screenshot(page, 'pricing-04-price-rules');

    await page.getByRole('button', { name: 'Добавить правило' }).click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Группа дилеров', { exact: true }).selectOption({ label: 'Базовая группа (BASE)' });
    await form.getByLabel('Вендор (код)').fill('PROMT');
    await form.getByLabel('Скидка, %').fill('150');
    await form.getByRole('button', { name: 'Добавить' }).click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual(['Введите скидку в процентах от 0 до 99,99, например 12,5']);
    // The server's own check, next to its field too.
    await form.getByLabel('Скидка, %').fill('7,5');
    await form.getByLabel('Вендор (код)').fill('NOSUCH');
    await form.getByRole('button', { name: 'Добавить' }).click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual(['вендор NOSUCH не найден']);
    expect(await form.getByLabel('Вендор (код)').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'pricing-05-price-rule-errors');

    await form.getByLabel('Вендор (код)').fill('PROMT');
    await form.getByRole('button', { name: 'Добавить' }).click();
    await page.locator('.alert--notice', { hasText: /Правило № \d+ добавлено\./ }).waitFor();
    const added = page.getByTestId('price-rules').locator('tbody tr', { hasText: 'PROMT' });
    expect(spaces(await added.innerText())).toMatch(/группа «Базовая группа»\s+PROMT\s+все товары\s+1\s+7,5 %/);
    await screenshot(page, 'pricing-06-price-rule-added');

    // Editing opens the same form filled in.
    await added.getByRole('button', { name: /Изменить правило/ }).click();
    expect(await form.getByLabel('Скидка, %').inputValue()).toBe('7,5');
    expect(await form.getByLabel('Вендор (код)').inputValue()).toBe('PROMT');
    await form.getByLabel('Скидка, %').fill('8');
    await form.getByRole('button', { name: 'Сохранить правило' }).click();
    await page.locator('.alert--notice', { hasText: /Правило № \d+ сохранено\./ }).waitFor();
    await expect.poll(async () => spaces(await added.innerText())).toMatch(/PROMT\s+все товары\s+1\s+8 %/);

    // Deleting asks first, in place; the confirmation takes the focus, so Enter confirms it.
    await added.getByRole('button', { name: /Удалить правило/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Да, удалить');
    await page.keyboard.press('Enter');
    await page.locator('.alert--notice', { hasText: /Правило № \d+ удалено\./ }).waitFor();
    await expect.poll(() => page.getByTestId('price-rules').locator('tbody tr', { hasText: 'PROMT' }).count()).toBe(0);
  });
});
