import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { hashPassword } from '../../src/infra/passwords';
import { freshMailbox } from '../support/mail';
import { registrationForm, waitForLetter } from '../support/registrations';
import { ApiSession } from '../support/system';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/suite';

/**
 * After the first decision, in Debian's chromium: staff change an approved dealer's terms and
 * suspend it; a rejected applicant opens its application, corrects it and sends it again.
 */
let staff: ApiSession;

const suite = browserSuite();

beforeAll(async () => {
  staff = await ApiSession.login(suite.system.baseUrl, 'staff@demo.sid');
});
async function registered(decision: 'approve' | 'reject', reason = '') {
  const mailbox = freshMailbox('dealer');
  const form = registrationForm(mailbox.address);
  const { dealerId } = (await new ApiSession(suite.system.baseUrl).json('POST', '/api/registrations', form)).body;
  const base = (await staff.json('GET', '/api/staff/dealer-groups')).body.items.find((g: { code: string }) => g.code === 'BASE');
  const answer =
    decision === 'approve'
      ? await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: base.id, settlementScheme: 'prepay', creditLimitKopecks: 0 })
      : await staff.json('POST', `/api/staff/dealers/${dealerId}/reject`, { reason });
  expect(answer.status).toBe(200);
  return { dealerId: dealerId as string, form, mailbox };
}

describe('staff manage an approved dealer in the browser', () => {
  it('changes its scheme and credit limit, then suspends and reactivates it', async () => {
    const { dealerId, form } = await registered('approve');
    const page = await suite.pageAs('staff@demo.sid');
    await page.goto(`/#/staff/dealers?status=approved&id=${dealerId}`);
    const terms = page.getByTestId('terms-form');
    await terms.waitFor();
    await terms.getByLabel('Схема расчётов').selectOption('postpay');
    await terms.getByLabel('Кредитный лимит, ₽').fill('150 000,50');
    await terms.getByRole('button', { name: 'Сохранить условия' }).click();
    await page.getByText(`Условия дилера ${form.shortName} изменены`).first().waitFor();
    const saved = (await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer;
    expect(saved).toMatchObject({ settlementScheme: 'postpay', creditLimitKopecks: 15_000_050 });
    await screenshot(page, '50-staff-dealer-terms');

    await page.getByText('Приостановить доступ').click();
    await page.getByRole('button', { name: 'Приостановить дилера' }).click();
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toEqual(['Укажите причину']);
    await page.getByLabel('Причина приостановки').fill('Просрочена оплата');
    await page.getByRole('button', { name: 'Приостановить дилера' }).click();
    await page.getByText(`Дилер ${form.shortName} приостановлен`).first().waitFor();
    expect((await new ApiSession(suite.system.baseUrl).json('POST', '/api/auth/login', { login: form.user.login, password: form.user.password })).status).toBe(403);
    await screenshot(page, '51-staff-dealer-suspended');

    await page.getByRole('button', { name: 'Возобновить доступ' }).click();
    await page.getByText(`Доступ дилера ${form.shortName} возобновлён`).first().waitFor();
    expect((await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer.status).toBe('approved');
  });
});

describe('a rejected applicant in the browser', () => {
  it('is offered to correct the application, finds it filled in with the reason shown, and sends it again', async () => {
    const reason = 'Расчётный счёт открыт на другую организацию';
    const { dealerId, form } = await registered('reject', reason);
    const page = await suite.pageAs(form.user.login, { password: form.user.password });
    await page.getByText(`Заявка на регистрацию отклонена: ${reason}`).waitFor();
    await page.getByRole('link', { name: 'Исправить заявку и подать её снова' }).click();

    const previous = page.getByTestId('previous-application');
    await previous.getByLabel('Логин (e-mail)').fill(form.user.login);
    await previous.getByLabel('Пароль').fill(form.user.password);
    await previous.getByRole('button', { name: 'Открыть прежнюю заявку' }).click();
    await page.getByText(`Причина отказа: ${reason}`).waitFor();
    expect(await page.getByLabel('ИНН').inputValue()).toBe(form.inn);
    expect(await page.getByLabel('Расчётный счёт').inputValue()).toBe(form.settlementAccount);
    await page.getByLabel('Наименование банка').fill('ПАО Сбербанк России');
    await screenshot(page, '52-reapply-form');
    await page.getByRole('button', { name: 'Отправить исправленную заявку' }).click();
    await page.getByTestId('registration-accepted').waitFor();

    const detail = (await staff.json('GET', `/api/staff/dealers/${dealerId}`)).body.dealer;
    expect(detail).toMatchObject({ status: 'pending', bankName: 'ПАО Сбербанк России', applicationRound: 2 });
  });
});

describe('a forgotten password in the browser', () => {
  it('asks for a letter, follows its link, sets a new password and logs in with it', async () => {
    const { form, mailbox } = await registered('approve');
    const page = await suite.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    await page.getByLabel('Логин (e-mail)').fill(form.user.login);
    await page.getByRole('button', { name: 'Отправить письмо' }).click();
    await page.getByText('отправлено письмо со ссылкой').waitFor();

    const letter = await waitForLetter(mailbox.settings, 'Смена пароля');
    const link = /https?:\/\/\S+#\/reset-password\?token=[\w-]+/.exec(letter.text)![0];
    await page.goto(link);
    await page.getByRole('heading', { name: 'Новый пароль' }).waitFor();
    await page.getByLabel('Новый пароль').fill('короткий');
    await page.getByLabel('Пароль ещё раз').fill('короткий');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toEqual([expect.stringContaining('нужно не меньше')]);
    const fresh = 'новая-длинная-фраза-2026';
    await page.getByLabel('Новый пароль').fill(fresh);
    await page.getByLabel('Пароль ещё раз').fill(fresh);
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText('Пароль изменён').waitFor();
    await screenshot(page, '53-password-reset-done');

    await logIn(page, form.user.login, fresh);
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    expect((await new ApiSession(suite.system.baseUrl).json('POST', '/api/auth/login', { login: form.user.login, password: form.user.password })).status).toBe(401);
  });
});

describe('a dealer admin approves a large order in the browser', () => {
  it('sets the threshold, sees a colleague’s order waiting, approves it and it goes to work', async () => {
    const { dealerId, form } = await registered('approve');
    expect((await staff.json('PATCH', `/api/staff/dealers/${dealerId}`, { authorizedVendors: ['DRWEB'] })).status).toBe(200);
    const colleague = `colleague-${dealerId.slice(0, 8)}@sid.test`;
    await suite.system.db.db.insert(users).values({ dealerId, login: colleague, passwordHash: await hashPassword('colleague-password-2026'), role: 'dealer_user', fullName: 'Коллега', email: colleague });

    const page = await suite.pageAs(form.user.login, { password: form.user.password });
    await page.getByRole('heading', { name: 'Каталог', level: 1 }).waitFor();
    await page.goto('/#/dealer/users');
    const settings = page.getByTestId('approval-threshold');
    await settings.getByLabel('Порог одобрения, ₽').fill('100');
    await settings.getByRole('button', { name: 'Сохранить' }).click();
    await settings.getByText('Порог одобрения сохранён.').waitFor();

    const buyer = await ApiSession.login(suite.system.baseUrl, colleague, 'colleague-password-2026');
    const partNumber = (await buyer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
    const placed = await buyer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }] });
    expect(placed.body.status, JSON.stringify(placed.body)).toBe('awaiting_approval');

    await page.goto(`/#/orders/${placed.body.orderNumber}`);
    const panel = page.getByTestId('approval-panel');
    await panel.waitFor();
    await screenshot(page, '54-order-awaiting-approval');
    await panel.getByRole('button', { name: 'Одобрить заказ' }).click();
    await panel.getByText('Заказ одобрен и отправлен в работу.').waitFor();
    await expect.poll(async () => (await buyer.json('GET', `/api/orders/${placed.body.orderNumber}`)).body.status, { timeout: 30_000 }).not.toBe('awaiting_approval');
  });
});
