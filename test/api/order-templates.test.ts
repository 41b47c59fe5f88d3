import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// Saved order templates through the real API: a dealer's own, names unique within the dealer.
let system: RunningSystem;
let dealer: ApiSession;
let colleague: ApiSession;
let other: ApiSession;
const tag = () => randomBytes(3).toString('hex');

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  other = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
  // A second session of the same dealer sees the same templates (they belong to the dealer, not the user).
  colleague = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
});
afterAll(async () => system?.stop());

const LINES = [
  { partNumber: 'DR6203A1Y-01', quantity: 5 },
  { partNumber: 'KL4863RAAFS', vendor: 'KASP', quantity: 2, licenseType: 'renewal', previousLicenseNumber: 'LIC-1' },
];

describe('order templates', () => {
  it('creates, lists, renames and deletes a template', async () => {
    const name = `Офис ${tag()}`;
    const created = await dealer.json('POST', '/api/order-templates', { name: `  ${name} `, lines: LINES });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const template = created.body.template;
    expect(template).toMatchObject({ name, lines: [{ partNumber: 'DR6203A1Y-01', quantity: 5, licenseType: 'new' }, { partNumber: 'KL4863RAAFS', vendor: 'KASP', quantity: 2, licenseType: 'renewal', previousLicenseNumber: 'LIC-1' }] });

    const listed = await colleague.json('GET', '/api/order-templates');
    expect(listed.body.items.find((t: any) => t.id === template.id)).toMatchObject({ name });

    const renamed = await dealer.json('PUT', `/api/order-templates/${template.id}`, { name: `${name} v2`, lines: [{ partNumber: 'DR6203A1Y-01', quantity: 6 }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.template).toMatchObject({ id: template.id, name: `${name} v2`, lines: [{ partNumber: 'DR6203A1Y-01', quantity: 6 }] });
    expect(new Date(renamed.body.template.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(template.updatedAt).getTime());

    const removed = await dealer.request('DELETE', `/api/order-templates/${template.id}`);
    expect(removed.status).toBe(204);
    expect((await dealer.json('GET', '/api/order-templates')).body.items.map((t: any) => t.id)).not.toContain(template.id);
    expect((await dealer.json('DELETE', `/api/order-templates/${template.id}`)).status).toBe(404);

    const audit = await system.db.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectType, 'order_template'), eq(auditLog.subjectId, template.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['order_template.created', 'order_template.deleted', 'order_template.updated']);
  });

  it('refuses a name the dealer already uses with 409 and a Russian message, on create and on rename', async () => {
    const name = `Дубль ${tag()}`;
    const first = await dealer.json('POST', '/api/order-templates', { name, lines: LINES });
    expect(first.status).toBe(201);
    const again = await dealer.json('POST', '/api/order-templates', { name, lines: LINES });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ORDER_TEMPLATE_NAME_TAKEN', message: `Шаблон «${name}» уже есть: выберите другое название или измените существующий.` });

    const second = await dealer.json('POST', '/api/order-templates', { name: `${name}-2`, lines: LINES });
    const rename = await dealer.json('PUT', `/api/order-templates/${second.body.template.id}`, { name, lines: LINES });
    expect(rename.status).toBe(409);
    // Saving a template under its own name is no clash.
    expect((await dealer.json('PUT', `/api/order-templates/${first.body.template.id}`, { name, lines: LINES })).status).toBe(200);

    // Another dealer may use the same name.
    expect((await other.json('POST', '/api/order-templates', { name, lines: LINES })).status).toBe(201);
  });

  it('keeps each dealer’s templates to itself: another dealer gets 404 and never sees them', async () => {
    const { body } = await dealer.json('POST', '/api/order-templates', { name: `Свой ${tag()}`, lines: LINES });
    const id = body.template.id;
    expect((await other.json('GET', '/api/order-templates')).body.items.map((t: any) => t.id)).not.toContain(id);
    expect((await other.json('PUT', `/api/order-templates/${id}`, { name: 'Чужой', lines: LINES })).status).toBe(404);
    expect((await other.json('DELETE', `/api/order-templates/${id}`)).status).toBe(404);
    expect((await dealer.json('GET', '/api/order-templates')).body.items.find((t: any) => t.id === id)).toMatchObject({ name: body.template.name });
    expect((await dealer.json('PUT', '/api/order-templates/not-a-uuid', { name: 'x', lines: LINES })).status).toBe(404);
  });

  it('validates the body with Russian messages', async () => {
    const empty = await dealer.json('POST', '/api/order-templates', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['name', 'lines']));
    const bad = await dealer.json('POST', '/api/order-templates', { name: 'x'.repeat(201), lines: [{ partNumber: 'A', quantity: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'укажите название шаблона (до 200 символов)' },
        { field: 'lines.0.quantity', message: 'количество должно быть не меньше 1' },
      ]),
    );
    const noLines = await dealer.json('POST', '/api/order-templates', { name: 'Пусто', lines: [] });
    expect(noLines.body.error.fields).toEqual([{ field: 'lines', message: 'в заказе должна быть хотя бы одна строка' }]);
  });

  it('is for dealer users: staff and anonymous callers are refused', async () => {
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    expect((await staff.json('GET', '/api/order-templates')).status).toBe(403);
    expect((await new ApiSession(system.baseUrl).json('GET', '/api/order-templates')).status).toBe(401);
  });
});
