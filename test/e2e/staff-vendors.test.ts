import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendors } from '../../db/schema';
import { ApiSession } from '../support/system';
import { screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * Staff manage a vendor in the browser: find it, set its license policy with the structured
 * editor (a bad value is named under its field before anything is saved), try the policy on an
 * example line, save it, and see a dealer's check apply it at once; the adapter form likewise.
 */
let original: typeof vendors.$inferSelect;

const suite = browserSuite();

beforeAll(async () => {
  [original] = (await suite.system.db.db.select().from(vendors).where(eq(vendors.code, 'TFLEX'))) as [typeof vendors.$inferSelect];
});
afterAll(async () => {
  if (original) await suite.system.db.db.update(vendors).set(original).where(eq(vendors.id, original.id));
});

describe('staff manage a vendor in the browser', () => {
  it('finds TFLEX, sets a policy with a bad value named under its field, checks an example, saves it; a dealer feels it at once', async () => {
    const dealer = await ApiSession.login(suite.system.baseUrl, 'postpay@demo.sid');
    const partNumber: string = (await dealer.json('GET', '/api/catalog/products?vendor=TFLEX&pageSize=1')).body.items[0].partNumber;
    const dealerCheck = async () => (await dealer.json('POST', '/api/orders/check', { lines: [{ partNumber, quantity: 4 }], endUser: { name: 'ООО «Тест»' } })).body;
    expect((await dealerCheck()).ok).toBe(true);

    const page = await suite.pageAs('staff@demo.sid');
    await page.getByRole('link', { name: 'Вендоры', exact: true }).click();
    await page.getByRole('heading', { name: 'Вендоры', level: 1 }).waitFor();
    await page.getByLabel('Поиск по коду или названию').fill('tflex');
    await expect.poll(() => page.getByTestId('vendor-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['TFLEX']);
    const row = page.locator('[data-testid=vendor-row][data-code=TFLEX]');
    expect(await row.innerText()).toContain('API вендора');
    expect(await row.innerText()).toContain('нет правил');
    await page.getByLabel('Поиск по коду или названию').fill('');
    await expect.poll(() => page.getByTestId('vendor-row').count()).toBeGreaterThan(100);
    await screenshot(page, '40-staff-vendors');
    await page.getByLabel('Поиск по коду или названию').fill('tflex');
    await row.getByRole('link').click();

    // The vendor page: adapter with its secrets as set / not set, and the policy editor.
    await page.getByRole('heading', { level: 1, name: /TFLEX/ }).waitFor();
    expect(await page.getByTestId('token-state').innerText()).toBe('API-токен: задан');
    expect(await page.getByTestId('callback-secret-state').innerText()).toBe('Секрет подписи уведомлений: не задан');
    const editor = page.getByTestId('policy-editor');
    await editor.getByText('Правил нет').waitFor();

    await editor.getByRole('button', { name: 'Добавить правило' }).click();
    const rule = editor.locator('[data-rule-index="0"]');
    await rule.getByLabel('Вид правила').selectOption('quantity_multiple');
    await rule.getByLabel('Название — его видит дилер').fill('Лицензии — пакетами по 3');
    await rule.getByLabel('Id').fill('tflex-packs-3');
    const multiple = rule.getByLabel('Кратно');
    await multiple.fill('0');
    // Validated as staff type, by the same parser the server saves with: the error is under the field.
    const multipleField = rule.locator('.field', { has: page.getByLabel('Кратно') });
    await expect.poll(() => multipleField.locator('.field-error').innerText()).toBe('нужно целое число больше нуля');
    expect(await multiple.getAttribute('aria-invalid')).toBe('true');
    await editor.getByRole('button', { name: 'Сохранить правила' }).click();
    await editor.getByText('Правила не сохранены: исправьте отмеченные поля.').waitFor();
    await screenshot(page, '41-staff-vendor-policy-error');
    expect((await suite.system.db.db.select().from(vendors).where(eq(vendors.code, 'TFLEX')))[0]!.licensePolicy).toEqual(original.licensePolicy);

    await multiple.fill('3');
    await expect.poll(() => multipleField.locator('.field-error').count()).toBe(0);

    // Try it on an example before saving: the dealer's own message.
    const preview = page.getByTestId('policy-preview');
    await expect.poll(() => preview.getByLabel('Артикул').inputValue()).toBe(partNumber);
    await preview.getByLabel('Количество').fill('4');
    await preview.getByRole('button', { name: 'Проверить' }).click();
    await expect
      .poll(() => preview.getByTestId('preview-result').innerText())
      .toContain('Правило «Лицензии — пакетами по 3»: количество должно быть кратно 3, а в строке 4; ближайшие допустимые — 3 и 6');
    expect((await dealerCheck()).ok).toBe(true); // not saved yet
    await screenshot(page, '41b-staff-vendor-policy-preview');

    await editor.getByRole('button', { name: 'Сохранить правила' }).click();
    await editor.getByText('Правила сохранены и уже действуют.').waitFor();
    await screenshot(page, '42-staff-vendor-policy-saved');
    const afterSave = await dealerCheck();
    expect(afterSave.ok).toBe(false);
    expect(afterSave.errors[0]).toEqual({
      field: 'lines.0.quantity',
      message: 'Правило «Лицензии — пакетами по 3»: количество должно быть кратно 3, а в строке 4; ближайшие допустимые — 3 и 6',
      // The cart offers both nearest multiples as one-click fixes.
      fixes: [
        { code: 'quantity.set', quantity: 3, reason: 'multiple' },
        { code: 'quantity.set', quantity: 6, reason: 'multiple' },
      ],
    });

    // A document pasted as JSON fills the form; its problems show under the fields they concern.
    await editor.getByText('Документ JSON', { exact: true }).first().click();
    const pasted = { unit: 'seat', rules: [{ id: 'tflex-bands', title: 'Диапазоны мест', kind: 'quantity_bands', bands: [[10, 5]] }] };
    await editor.getByLabel('Документ JSON').fill(JSON.stringify(pasted));
    const bandsField = editor.locator('[data-rule-index="0"] .field', { has: page.getByLabel('Диапазоны', { exact: true }) });
    await expect.poll(() => bandsField.locator('.field-error').innerText()).toBe('диапазон 10–5 перевёрнут: начало больше конца');
    expect(await bandsField.locator('input').inputValue()).toBe('10-5');
    await editor.getByRole('button', { name: 'Отменить изменения' }).click();
    await expect.poll(() => editor.locator('[data-rule-index="0"]').getAttribute('data-rule-id')).toBe('tflex-packs-3');

    // The adapter form: the server's refusal lands under its field; a good value saves.
    const adapter = page.getByTestId('adapter-form');
    await adapter.getByLabel('Срок выдачи ключей, ч').fill('0');
    await adapter.getByRole('button', { name: 'Сохранить адаптер' }).click();
    const slaField = adapter.locator('.field', { has: page.getByLabel('Срок выдачи ключей, ч') });
    await expect.poll(() => slaField.locator('.field-error').innerText()).toContain('от 1 до 720');
    await adapter.getByLabel('Срок выдачи ключей, ч').fill('12');
    await adapter.getByRole('button', { name: 'Сохранить адаптер' }).click();
    await adapter.getByText('Настройки адаптера сохранены.').waitFor();
    const [stored] = await suite.system.db.db.select().from(vendors).where(eq(vendors.code, 'TFLEX'));
    expect(stored!.adapterSettings).toMatchObject({ slaHours: 12 });
    expect(stored!.adapterSecretEncrypted).toBe(original.adapterSecretEncrypted);
    await screenshot(page, '43-staff-vendor-saved');
  });
});
