import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// A dealer user's named carts on the server (issue 17, point 10), through the real API.
let system: RunningSystem;
let admin: ApiSession;
/** The same user in another browser. */
let adminElsewhere: ApiSession;
/** Another user of the same dealer. */
let colleague: ApiSession;
/** A user of another dealer. */
let stranger: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  const dealer = await freshDealerLike(system.db.db, 'postpay@demo.sid', ['dealer_admin', 'dealer_user']);
  admin = await ApiSession.login(system.baseUrl, dealer.people[0]!.login, dealer.password);
  adminElsewhere = await ApiSession.login(system.baseUrl, dealer.people[0]!.login, dealer.password);
  colleague = await ApiSession.login(system.baseUrl, dealer.people[1]!.login, dealer.password);
  const other = await freshDealerLike(system.db.db, 'prepay@demo.sid');
  stranger = await ApiSession.login(system.baseUrl, other.people[0]!.login, other.password);
});
afterAll(async () => system?.stop());

const LINE = { partNumber: 'DR6203A1Y-01', vendorCode: 'DRWEB', name: 'Dr.Web', quantity: 5 };
const ROMASHKA = { name: 'ООО «Ромашка»', inn: '7707083893', email: 'it@romashka.example', region: 'Москва' };

describe('carts', () => {
  it('starts with no cart; the first one made is current and another browser of the same user sees its content', async () => {
    const empty = await admin.json('GET', '/api/carts');
    expect(empty).toMatchObject({ status: 200, body: { items: [], current: null } });

    const created = await admin.json('POST', '/api/carts', { name: '  Основная  ', select: false });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The first cart is current even when asked otherwise: a user always has a current cart.
    expect(created.body.cart).toMatchObject({ name: 'Основная', current: true, lines: [], endUser: { name: '', inn: '', email: '', region: '' } });
    expect(created.body.cart.requestId).toMatch(/^[0-9a-f]{32}$/);

    const saved = await admin.json('PUT', `/api/carts/${created.body.cart.id}/content`, { lines: [LINE], endUser: ROMASHKA });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.cart.lines).toEqual([{ ...LINE, licenseType: 'new', previousLicenseNumber: '', basePartNumber: '' }]);

    const elsewhere = await adminElsewhere.json('GET', '/api/carts');
    expect(elsewhere.body.items).toEqual([expect.objectContaining({ id: created.body.cart.id, name: 'Основная', lineCount: 1, current: true })]);
    expect(elsewhere.body.current).toMatchObject({ id: created.body.cart.id, lines: [LINE], endUser: ROMASHKA, requestId: created.body.cart.requestId });
  });

  it('keeps several named carts: create, switch, rename and delete; deleting the current one makes the one used before current', async () => {
    const first = (await admin.json('GET', '/api/carts')).body.current;
    const second = await admin.json('POST', '/api/carts', { name: 'ООО «Ромашка»', lines: [{ ...LINE, quantity: 2 }], endUser: { name: 'ООО «Ромашка»' } });
    expect(second.status).toBe(201);
    expect(second.body.cart).toMatchObject({ current: true, endUser: { name: 'ООО «Ромашка»', inn: '' } });
    let list = (await adminElsewhere.json('GET', '/api/carts')).body;
    expect(list.items.map((c: any) => [c.name, c.current])).toEqual([
      ['ООО «Ромашка»', true],
      ['Основная', false],
    ]);
    expect(list.current.id).toBe(second.body.cart.id);

    // A cart brought over in the background does not take the current one's place.
    const background = await admin.json('POST', '/api/carts', { name: 'Из браузера', lines: [LINE], select: false });
    expect(background.body.cart.current).toBe(false);
    expect((await admin.json('GET', '/api/carts')).body.current.id).toBe(second.body.cart.id);

    const switched = await adminElsewhere.json('POST', `/api/carts/${first.id}/select`);
    expect(switched).toMatchObject({ status: 200, body: { cart: { id: first.id, current: true } } });
    expect((await admin.json('GET', '/api/carts')).body.current.id).toBe(first.id);

    const renamed = await admin.json('PATCH', `/api/carts/${second.body.cart.id}`, { name: 'ООО «Ромашка», офис 2' });
    expect(renamed).toMatchObject({ status: 200, body: { cart: { name: 'ООО «Ромашка», офис 2', current: false, lines: [{ quantity: 2 }] } } });
    expect((await admin.json('GET', `/api/carts/${second.body.cart.id}`)).body.cart.name).toBe('ООО «Ромашка», офис 2');

    // Delete the current cart: the one selected before it becomes current.
    await admin.json('POST', `/api/carts/${second.body.cart.id}/select`);
    expect((await admin.request('DELETE', `/api/carts/${second.body.cart.id}`)).status).toBe(204);
    list = (await admin.json('GET', '/api/carts')).body;
    expect(list.items.map((c: any) => c.name)).toEqual(['Из браузера', 'Основная']);
    expect(list.current.id).toBe(first.id);
    expect((await admin.json('GET', `/api/carts/${second.body.cart.id}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/api/carts/${background.body.cart.id}`)).status).toBe(204);

    // The last cart stays: it can be emptied, not deleted.
    const last = await admin.json('DELETE', `/api/carts/${first.id}`);
    expect(last).toMatchObject({ status: 409, body: { error: { code: 'CART_LAST', message: 'Это ваша единственная корзина: её нельзя удалить, можно очистить.' } } });
  });

  it('a new order attempt id is kept when the page gives one after an order', async () => {
    const current = (await admin.json('GET', '/api/carts')).body.current;
    const cleared = await admin.json('PUT', `/api/carts/${current.id}/content`, { lines: [], endUser: { name: '', inn: '', email: '', region: '' }, requestId: 'next-attempt-0001' });
    expect(cleared.body.cart).toMatchObject({ lines: [], requestId: 'next-attempt-0001' });
  });

  it('refuses bad input with a clear 4xx in Russian', async () => {
    const current = (await admin.json('GET', '/api/carts')).body.current;
    const taken = await admin.json('POST', '/api/carts', { name: current.name });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'CART_NAME_TAKEN', message: `Корзина «${current.name}» уже есть: выберите другое название.`, fields: [{ field: 'name' }] } } });
    // Another user of the same dealer may use the same name: carts are per user.
    expect((await colleague.json('POST', '/api/carts', { name: current.name })).status).toBe(201);

    const noName = await admin.json('POST', '/api/carts', { name: '   ' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.fields).toEqual([{ field: 'name', message: 'укажите название корзины (до 100 символов)' }]);
    // What schemathesis sent: 101 characters as sent (100 once trimmed), with a control character.
    // The length the document states is the length checked, and a name holds no control characters.
    const fuzzed = await admin.json('POST', '/api/carts', { name: `\r(\u0002${'*'.repeat(98)}` });
    expect(fuzzed.status).toBe(400);
    expect([...new Set(fuzzed.body.error.fields.map((f: { field: string }) => f.field))]).toEqual(['name']);
    expect((await admin.json('POST', '/api/carts', { name: ` ${'*'.repeat(100)}` })).status).toBe(400);
    expect((await admin.json('POST', '/api/carts', { name: 'Ромашка\u0007' })).status).toBe(400);

    const fractional = await admin.json('PUT', `/api/carts/${current.id}/content`, { lines: [{ ...LINE, quantity: 1.5 }], endUser: ROMASHKA });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.fields).toContainEqual({ field: 'lines.0.quantity', message: 'количество должно быть целым числом от 0 до 100 000' });
    const noLines = await admin.json('PUT', `/api/carts/${current.id}/content`, { endUser: ROMASHKA });
    expect(noLines.status).toBe(400);
    expect(JSON.stringify(noLines.body)).not.toMatch(/Invalid|expected/);
    const badAttempt = await admin.json('PUT', `/api/carts/${current.id}/content`, { lines: [], endUser: ROMASHKA, requestId: 'x' });
    expect(badAttempt.status).toBe(400);

    const tooLong = await admin.json('PUT', `/api/carts/${current.id}/content`, { lines: Array.from({ length: 301 }, (_, i) => ({ ...LINE, partNumber: `PN-${i}` })), endUser: ROMASHKA });
    expect(tooLong).toMatchObject({ status: 422, body: { error: { code: 'CART_TOO_LONG', message: 'В корзине может быть не больше 300 позиций.' } } });

    expect((await admin.json('GET', '/api/carts/not-a-uuid')).status).toBe(404);
    expect((await admin.json('PATCH', '/api/carts/00000000-0000-4000-8000-000000000017', { name: 'x' })).status).toBe(404);
  });

  it('keeps a user’s carts to that user: another user of the dealer or another dealer gets 404 and never sees them', async () => {
    const mine = (await admin.json('GET', '/api/carts')).body.current;
    for (const someoneElse of [colleague, stranger]) {
      expect((await someoneElse.json('GET', '/api/carts')).body.items.map((c: any) => c.id)).not.toContain(mine.id);
      expect((await someoneElse.json('GET', `/api/carts/${mine.id}`)).status).toBe(404);
      expect((await someoneElse.json('PUT', `/api/carts/${mine.id}/content`, { lines: [], endUser: ROMASHKA })).status).toBe(404);
      expect((await someoneElse.json('PATCH', `/api/carts/${mine.id}`, { name: 'Чужая' })).status).toBe(404);
      expect((await someoneElse.json('POST', `/api/carts/${mine.id}/select`)).status).toBe(404);
      expect((await someoneElse.json('DELETE', `/api/carts/${mine.id}`)).status).toBe(404);
    }
    expect((await admin.json('GET', `/api/carts/${mine.id}`)).body.cart.name).toBe(mine.name);
    // Staff have no carts of their own.
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    expect((await staff.json('GET', '/api/carts')).status).toBe(403);
  });

  it('limits a user to 30 carts, saying so', async () => {
    const have = (await stranger.json('GET', '/api/carts')).body.items.length;
    for (let i = have; i < 30; i++) expect((await stranger.json('POST', '/api/carts', { name: `Клиент ${i}`, select: false })).status).toBe(201);
    const over = await stranger.json('POST', '/api/carts', { name: 'Клиент 31' });
    expect(over).toMatchObject({ status: 409, body: { error: { code: 'CART_LIMIT', message: 'Можно держать не больше 30 корзин: удалите ненужную.' } } });
  });
});
