import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertApprovedDealer } from '../support/dealers';
import { freshMailbox } from '../support/mail';
import { waitForLetter } from '../support/registrations';
import { logIn, navTo, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

// A dealer admin in the browser: invites a colleague and creates an API key for the dealer's ERP.
const suite = browserSuite();
const PASSWORD = 'пароль-админа-2026';

/** An approved dealer of its own, with an admin and a plain user. */
async function freshDealer() {
  const { people } = await insertApprovedDealer(suite.system.db.db, {
    password: PASSWORD,
    people: [
      { role: 'dealer_admin', fullName: 'Админова Анна Сергеевна', mailbox: 'admin' },
      { role: 'dealer_user', fullName: 'Пользователев Павел', mailbox: 'user' },
    ],
  });
  return { admin: people[0]!.login, user: people[1]!.login };
}

const topNav = (page: Page) => page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { includeHidden: true }).allTextContents();
const loginCode = async (login: string) => {
  const response = await fetch(`${suite.system.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  return ((await response.json()) as { error?: { code: string } }).error?.code ?? 'OK';
};
/** The page's notice (the announcer repeats it for screen readers, invisibly). */
const notice = (page: Page, text: string) => page.locator('.alert--notice', { hasText: text });
const bearerStatus = async (key: string) => (await fetch(`${suite.system.baseUrl}/api/orders`, { headers: { authorization: `Bearer ${key}` } })).status;

describe('a dealer admin in the browser', () => {
  it('a plain dealer user sees no user or key management', async () => {
    const dealer = await freshDealer();
    const page = await suite.pageAs(dealer.user, { password: PASSWORD });
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    expect(await topNav(page)).not.toContain('Пользователи');
    expect(await topNav(page)).not.toContain('API-ключи');
    await page.goto('/#/dealer/users');
    await page.getByRole('heading', { name: 'Такой страницы нет.' }).waitFor();
  });

  it('invites a user, who gets the letter, and manages the list', async () => {
    const dealer = await freshDealer();
    const page = await suite.pageAs(dealer.admin, { password: PASSWORD });
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    expect(await topNav(page)).toEqual(expect.arrayContaining(['Пользователи', 'API-ключи']));
    await navTo(page, 'Пользователи');
    await page.getByRole('heading', { name: 'Пользователи', level: 1 }).waitFor();
    const table = page.getByTestId('dealer-users');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    // One's own row has no buttons: an admin cannot switch itself off.
    expect(await table.locator(`tr[data-login="${dealer.admin}"] button`).count()).toBe(0);

    // Empty fields are named where they are.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Пригласить пользователя' }) });
    await form.getByRole('button', { name: 'Пригласить' }).click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual(['Заполните поле', 'Заполните поле', 'Заполните поле']);
    // The server's own checks come back on their fields too.
    await form.getByLabel('Логин').fill('не латиница');
    await form.getByLabel('E-mail').fill('ivanova@example');
    await form.getByLabel('ФИО').fill('Иванова Мария Петровна');
    await form.getByRole('button', { name: 'Пригласить' }).click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual([expect.stringContaining('латинские буквы'), expect.stringContaining('e-mail')]);

    const invitee = freshMailbox('invitee');
    await form.getByLabel('Логин').fill(invitee.address);
    await form.getByLabel('E-mail').fill(invitee.address);
    await form.getByLabel('Роль').selectOption('dealer_admin');
    // Enter submits, as in every form of the app.
    await form.getByLabel('ФИО').press('Enter');
    await notice(page, `Пользователь ${invitee.address} добавлен`).waitFor();
    const row = table.locator(`tr[data-login="${invitee.address}"]`);
    await row.getByText('Приглашён, пароль не задан').waitFor();
    await expect.poll(() => row.locator('td').nth(0).innerText()).toBe('Администратор');
    await screenshot(page, 'dealer-accounts-01-users-invited');
    const letter = await waitForLetter(invitee.settings, 'Приглашение в SID');
    expect(letter.text).toContain(`${suite.system.baseUrl}/#/reset-password?token=`);

    // Role and switching off, row by row; the plain user can be made an admin and switched off.
    const userRow = table.locator(`tr[data-login="${dealer.user}"]`);
    await userRow.getByRole('button', { name: 'Сделать администратором' }).click();
    await notice(page, `${dealer.user}: роль «Администратор».`).waitFor();
    await userRow.getByRole('button', { name: 'Отключить' }).click();
    await userRow.getByText('Отключён').waitFor();
    expect(await loginCode(dealer.user)).toBe('USER_DISABLED');
    await screenshot(page, 'dealer-accounts-02-users-changed');
    await userRow.getByRole('button', { name: 'Включить' }).click();
    await userRow.getByText('Активен').waitFor();
  });

  it('creates an API key, shown once with a copy button, that works until revoked', async () => {
    const dealer = await freshDealer();
    const page = await suite.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.system.baseUrl });
    await logIn(page, dealer.admin, PASSWORD);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await navTo(page, 'API-ключи');
    await page.getByRole('heading', { name: 'API-ключи', level: 1 }).waitFor();
    await page.getByText('Ключей пока нет.').waitFor();

    await page.getByLabel('Название').fill('1С: заказы');
    await page.getByLabel('Название').press('Enter');
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^sid_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$/);
    // Focused and selected, so Ctrl+C works at once; the button copies it too.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-api-key');
    await page.getByRole('button', { name: 'Скопировать' }).click();
    // The panel's own status line (the app's live region says the same for screen readers).
    await page.getByRole('status').filter({ hasText: 'Ключ скопирован в буфер обмена.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshot(page, 'dealer-accounts-03-api-key-created');
    expect(await bearerStatus(key)).toBe(200);

    // Once dismissed, the key is nowhere on the page, nor after a reload: only its prefix.
    await page.getByRole('button', { name: 'Готово, ключ сохранён' }).click();
    await page.reload();
    const row = page.getByTestId('api-keys').locator(`tr[data-prefix="${key.slice(4, 12)}"]`);
    await row.waitFor();
    expect(await page.content()).not.toContain(key.slice(13));
    await expect.poll(() => row.locator('td').nth(3).innerText()).not.toBe('не использовался');

    await row.getByRole('button', { name: 'Отозвать' }).click();
    await row.getByRole('button', { name: 'Отозвать' }).click();
    await notice(page, 'Ключ «1С: заказы» отозван.').waitFor();
    await row.getByText(/Отозван \d/).waitFor();
    await screenshot(page, 'dealer-accounts-04-api-key-revoked');
    expect(await bearerStatus(key)).toBe(401);
  });
});
