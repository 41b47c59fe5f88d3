import { and, count, eq } from 'drizzle-orm';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, orderLines, orders, priceListImports, products, vendors } from '../../db/schema';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';
import { freshVendorLike } from '../support/vendors';

// Staff price lists and discount rules through the real API: upload → preview → apply or discard,
// what the catalog and the dealer see afterwards, and what bad files and bad rules get back.
let system: RunningSystem;
let staff: ApiSession;
let dealer: ApiSession;

type Product = typeof products.$inferSelect;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
});
afterAll(async () => system?.stop());

const db = () => system.db.db;
const upload = (session: ApiSession, vendorCode: string, fileName: string, content: string | Buffer) =>
  session.json('POST', `/api/staff/vendors/${vendorCode}/price-lists`, { fileName, contentBase64: Buffer.from(content).toString('base64') });

async function vendorProducts(code: string): Promise<Product[]> {
  const [vendor] = await db().select().from(vendors).where(eq(vendors.code, code));
  return db().select().from(products).where(eq(products.vendorId, vendor!.id)).orderBy(products.partNumber);
}
async function catalogItem(session: ApiSession, vendor: string, partNumber: string) {
  const answer = await session.json('GET', `/api/catalog/products?vendor=${vendor}&q=${encodeURIComponent(partNumber)}`);
  return answer.body.items.find((p: { partNumber: string }) => p.partNumber === partNumber);
}
const importCount = async () => (await db().select({ n: count() }).from(priceListImports))[0]!.n;
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';

describe('a price list: preview, then apply', () => {
  it('previews without touching the catalog, applies in one go, and the dealer sees the new price through its rules; placed orders keep theirs', async () => {
    const [p1, p2, p3] = await vendorProducts('ASSIS');
    const all = await vendorProducts('ASSIS');
    const before1 = await catalogItem(dealer, 'ASSIS', p1!.partNumber);

    // An order placed before the change: its lines record the old price.
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: p1!.partNumber, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const [order] = await db().select().from(orders).where(eq(orders.orderNumber, placed.body.orderNumber));
    const linesBefore = await db().select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(linesBefore[0]!.listPriceMinor).toBe(p1!.listPriceMinor);

    const file = csv(
      'Прайс-лист Ассистент;;;',
      'Артикул;Цена;Наименование;Категория',
      `${p1!.partNumber};1 234,56;;`,
      `${p2!.partNumber};${(p2!.listPriceMinor / 100).toFixed(2).replace('.', ',')};;`,
      'assis-new-1;500;Ассистент Новинка;Удалённый доступ',
      'ASSIS-BAD;abc;Плохая строка;Удалённый доступ',
    );
    const preview = await upload(staff, 'assis', 'assistant-2026-12.csv', file);
    expect(preview.status).toBe(201);
    const imp = preview.body.import;
    expect(imp).toMatchObject({ vendor: { code: 'ASSIS' }, fileName: 'assistant-2026-12.csv', status: 'previewed', createdBy: 'staff@demo.sid' });
    expect(imp.summary.counts).toEqual({ newProducts: 1, priceChanges: 1, otherChanges: 0, unchanged: 1, rejected: 1, missing: all.length - 2 });
    expect(imp.summary.priceChanges).toEqual([{ partNumber: p1!.partNumber, name: p1!.name, old: { minor: p1!.listPriceMinor, currency: 'RUB' }, new: { minor: 123456, currency: 'RUB' } }]);
    expect(imp.summary.newProducts).toEqual([{ partNumber: 'assis-new-1', name: 'Ассистент Новинка', listPriceMinor: 50000, currency: 'RUB' }]);
    expect(imp.summary.missing.map((m: { partNumber: string }) => m.partNumber)).toContain(p3!.partNumber);
    expect(imp.rejectedRows).toEqual([{ rowNumber: 6, partNumber: 'ASSIS-BAD', reasons: ['цена «abc» — не число; пишите так: 1234,50 или 1 234.50'] }]);

    // Nothing changed yet.
    expect((await catalogItem(dealer, 'ASSIS', p1!.partNumber)).listPrice.minor).toBe(p1!.listPriceMinor);
    expect(await catalogItem(dealer, 'ASSIS', 'assis-new-1')).toBeUndefined();
    const read = await staff.json('GET', `/api/staff/price-lists/${imp.id}`);
    expect(read.body.import).toMatchObject({ id: imp.id, status: 'previewed', rejectedRows: imp.rejectedRows });

    const applied = await staff.json('POST', `/api/staff/price-lists/${imp.id}/apply`, {});
    expect(applied.status).toBe(200);
    expect(applied.body.import).toMatchObject({ status: 'applied', appliedBy: 'staff@demo.sid' });

    // The catalog shows the new list price; the dealer's price is the base group's 3% off it.
    const after1 = await catalogItem(dealer, 'ASSIS', p1!.partNumber);
    expect(after1.listPrice).toEqual({ minor: 123456, currency: 'RUB' });
    expect(after1.priceKopecks).toBe(123456 - 3704);
    expect(after1.priceRule).toBe(before1.priceRule);
    const fresh = await catalogItem(dealer, 'ASSIS', 'assis-new-1');
    expect(fresh).toMatchObject({ name: 'Ассистент Новинка', category: 'Удалённый доступ', listPrice: { minor: 50000, currency: 'RUB' }, vatMode: 'exempt' });
    const [stored] = await db().select().from(products).where(eq(products.partNumber, 'assis-new-1'));
    expect(stored!.partNumberNormalized).toBe('ASSISNEW1');
    // Found by its PartNumber typed loosely, as search compares the normal form.
    expect((await dealer.json('GET', '/api/catalog/products?q=ASSIS%20NEW-1')).body.items[0]?.partNumber).toBe('assis-new-1');

    // A vendor rule for the dealer's group now beats the all-products one: 20% off the new price.
    const [group] = await db().select({ id: dealers.priceGroupId }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
    const rule = await staff.json('POST', '/api/staff/price-rules', { dealerGroupId: group!.id, vendorCode: 'ASSIS', minQuantity: 1, discountBasisPoints: 2000 });
    expect(rule.status).toBe(201);
    const withRule = await catalogItem(dealer, 'ASSIS', p1!.partNumber);
    expect(withRule.priceKopecks).toBe(123456 - 24691);
    expect(withRule.priceRule).toBe(`rule:${rule.body.rule.id}`);
    expect((await staff.json('DELETE', `/api/staff/price-rules/${rule.body.rule.id}`)).status).toBe(200);

    // The order placed before keeps its recorded price.
    const linesAfter = await db().select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(linesAfter).toEqual(linesBefore);
    const shown = await dealer.json('GET', `/api/orders/${placed.body.orderNumber}`);
    expect(shown.body.lines[0].unitPriceKopecks).toBe(linesBefore[0]!.unitPriceKopecks);

    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, imp.id));
    expect(actions.map((a) => a.action).sort()).toEqual(['price_list.applied', 'price_list.previewed']);

    // Applied once: not again.
    const again = await staff.json('POST', `/api/staff/price-lists/${imp.id}/apply`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Этот прайс-лист уже применён: загрузите файл заново, если нужно.');
  });

  it('an XLSX file, and deactivating the products the list leaves out', async () => {
    // A vendor of its own: whatever other files add to a demo vendor's catalog cannot change the counts.
    const { vendor } = await freshVendorLike(db(), 'AERO', 3);
    const code = vendor.code;
    const [keep, ...others] = await vendorProducts(code);
    expect(others.length).toBeGreaterThan(0);
    const sheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>PartNumber</t></is></c><c r="B1" t="inlineStr"><is><t>Price</t></is></c><c r="C1" t="inlineStr"><is><t>Currency</t></is></c><c r="D1" t="inlineStr"><is><t>VAT</t></is></c></row>
      <row r="2"><c r="A2" t="inlineStr"><is><t>${keep!.partNumber}</t></is></c><c r="B2"><v>99.5</v></c><c r="C2" t="inlineStr"><is><t>USD</t></is></c><c r="D2" t="inlineStr"><is><t>22%</t></is></c></row></sheetData></worksheet>`;
    const zip = new AdmZip();
    zip.addFile('[Content_Types].xml', Buffer.from('<Types/>'));
    zip.addFile('xl/worksheets/sheet1.xml', Buffer.from(sheet));
    const preview = await upload(staff, code, 'aero.xlsx', zip.toBuffer());
    expect(preview.status).toBe(201);
    expect(preview.body.import.summary).toMatchObject({ format: 'xlsx', counts: { priceChanges: 1, missing: others.length } });

    const applied = await staff.json('POST', `/api/staff/price-lists/${preview.body.import.id}/apply`, { deactivateMissing: true });
    expect(applied.status).toBe(200);
    expect(applied.body.import.summary).toMatchObject({ deactivateMissing: true, deactivated: others.length });
    const now = await vendorProducts(code);
    expect(now.find((p) => p.id === keep!.id)).toMatchObject({ listPriceMinor: 9950, currency: 'USD', vatMode: 'standard', active: true });
    expect(now.filter((p) => p.id !== keep!.id).every((p) => !p.active)).toBe(true);
    const listed = await dealer.json('GET', `/api/catalog/products?vendor=${code}`);
    expect(listed.body.items.map((p: { partNumber: string }) => p.partNumber)).toEqual([keep!.partNumber]);
  });

  it('discard changes nothing, and a discarded preview cannot be applied', async () => {
    const [p] = await vendorProducts('RUDSK');
    const preview = await upload(staff, 'RUDSK', 'rudesktop.csv', csv('PartNumber,Price', `${p!.partNumber},1.00`));
    expect(preview.status).toBe(201);
    const discarded = await staff.json('POST', `/api/staff/price-lists/${preview.body.import.id}/discard`, {});
    expect(discarded.status).toBe(200);
    expect(discarded.body.import.status).toBe('discarded');
    expect((await vendorProducts('RUDSK'))[0]).toEqual(p);
    const apply = await staff.json('POST', `/api/staff/price-lists/${preview.body.import.id}/apply`, {});
    expect(apply.status).toBe(409);
    expect(apply.body.error.code).toBe('PRICE_LIST_ALREADY_DECIDED');
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, preview.body.import.id), eq(auditLog.action, 'price_list.discarded')));
    expect(audit).toBeDefined();
  });

  it('a preview made before another list of the same vendor was applied is refused as stale', async () => {
    const [p] = await vendorProducts('TERMI');
    const first = await upload(staff, 'TERMI', 'first.csv', csv('Артикул;Цена', `${p!.partNumber};111,11`));
    const second = await upload(staff, 'TERMI', 'second.csv', csv('Артикул;Цена', `${p!.partNumber};222,22`));
    expect((await staff.json('POST', `/api/staff/price-lists/${second.body.import.id}/apply`, {})).status).toBe(200);
    const stale = await staff.json('POST', `/api/staff/price-lists/${first.body.import.id}/apply`, {});
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'PRICE_LIST_STALE', message: expect.stringContaining('«second.csv»') });
    expect((await vendorProducts('TERMI'))[0]!.listPriceMinor).toBe(22222);

    // Two previews applied at the same moment: one wins, the other is told it is stale.
    const third = await upload(staff, 'TERMI', 'third.csv', csv('Артикул;Цена', `${p!.partNumber};333,33`));
    const fourth = await upload(staff, 'TERMI', 'fourth.csv', csv('Артикул;Цена', `${p!.partNumber};444,44`));
    const race = await Promise.all([third, fourth].map((u) => staff.json('POST', `/api/staff/price-lists/${u.body.import.id}/apply`, {})));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = race[0]!.status === 200 ? 33333 : 44444;
    expect((await vendorProducts('TERMI'))[0]!.listPriceMinor).toBe(winner);

    const history = await staff.json('GET', '/api/staff/vendors/TERMI/price-lists');
    expect(history.body.items.map((i: { fileName: string; status: string }) => [i.fileName, i.status])).toEqual([
      ['fourth.csv', winner === 44444 ? 'applied' : 'previewed'],
      ['third.csv', winner === 33333 ? 'applied' : 'previewed'],
      ['second.csv', 'applied'],
      ['first.csv', 'previewed'],
    ]);
    expect(history.body.items[2].rejectedRows).toBeUndefined();
    // Lists carry counts, not the lists of rows (a large price list has tens of thousands).
    expect(history.body.items[2].summary.counts.priceChanges).toBe(1);
    expect(history.body.items[2].summary.priceChanges).toBeUndefined();
  });
});

describe('bad uploads get a clear 4xx and change nothing', () => {
  it.each([
    ['a picture', 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 422, 'Файл не похож на таблицу'],
    ['an old Excel file', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 422, 'старом формате Excel (.xls)'],
    ['a broken workbook', 'broken.xlsx', Buffer.from('PK\u0003\u0004garbage', 'latin1'), 422, 'не книга Excel'],
    ['a table without the needed columns', 'no-header.csv', Buffer.from('Товар;Стоимость\nA;1\n'), 422, 'Не найдена строка заголовка'],
    ['an empty file', 'empty.csv', Buffer.alloc(0), 400, 'base64'],
  ])('%s', async (_name, fileName, bytes, status, message) => {
    const before = await importCount();
    const catalog = await vendorProducts('ASSIS');
    const response = await upload(staff, 'ASSIS', fileName, bytes);
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.error)).toContain(message);
    expect(await importCount()).toBe(before);
    expect(await vendorProducts('ASSIS')).toEqual(catalog);
  });

  it('content that is not base64, no file name, an unknown vendor, a file over 5 MB', async () => {
    const before = await importCount();
    const notBase64 = await staff.json('POST', '/api/staff/vendors/ASSIS/price-lists', { fileName: 'x.csv', contentBase64: 'это не base64!' });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.error.fields).toEqual([{ field: 'contentBase64', message: 'содержимое файла должно быть записано в base64' }]);
    const noName = await staff.json('POST', '/api/staff/vendors/ASSIS/price-lists', { contentBase64: 'QQ==' });
    expect(noName.body.error.fields).toEqual([{ field: 'fileName', message: 'укажите имя файла (до 255 символов)' }]);
    const unknown = await upload(staff, 'NOSUCH', 'x.csv', 'PartNumber;Price\nA;1\n');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Вендор NOSUCH не найден.');
    const big = await upload(staff, 'ASSIS', 'big.csv', Buffer.alloc(5 * 1024 * 1024 + 10, 0x41));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('Файл слишком большой: разбейте прайс-лист на несколько файлов.');
    const huge = await staff.request('POST', '/api/staff/vendors/ASSIS/price-lists', JSON.stringify({ fileName: 'huge.csv', contentBase64: 'A'.repeat(9 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toBe('Файл больше 5 МБ: разбейте прайс-лист на несколько файлов.');
    const raw = await staff.request('POST', '/api/staff/vendors/ASSIS/price-lists', 'PartNumber;Price\nA;1\n', { 'content-type': 'text/csv' });
    expect(raw.status).toBe(415);
    expect((await raw.json()).error.message).toContain('"contentBase64": "содержимое в base64"');
    expect(await importCount()).toBe(before);
  });
});

describe('who may', () => {
  it('a dealer gets 403 on every staff pricing route; no session gets 401', async () => {
    const [p] = await vendorProducts('ASSIS');
    const staffPreview = await upload(staff, 'ASSIS', 'x.csv', csv('PartNumber;Price', `${p!.partNumber};5`));
    const id = staffPreview.body.import.id;
    const calls: Array<[string, string, unknown?]> = [
      ['POST', '/api/staff/vendors/ASSIS/price-lists', { fileName: 'x.csv', contentBase64: Buffer.from('PartNumber;Price\nA;1').toString('base64') }],
      ['GET', '/api/staff/vendors/ASSIS/price-lists'],
      ['GET', `/api/staff/price-lists/${id}`],
      ['POST', `/api/staff/price-lists/${id}/apply`, {}],
      ['POST', `/api/staff/price-lists/${id}/discard`, {}],
      ['GET', '/api/staff/price-rules'],
      ['POST', '/api/staff/price-rules', { dealerGroupId: 1, minQuantity: 1, discountBasisPoints: 100 }],
      ['PATCH', '/api/staff/price-rules/1', { discountBasisPoints: 100 }],
      ['DELETE', '/api/staff/price-rules/1'],
      ['POST', '/api/staff/dealer-groups', { code: 'HACK', name: 'x' }],
      ['PATCH', '/api/staff/dealer-groups/1', { name: 'x' }],
    ];
    for (const [method, path, body] of calls) {
      const response = await dealer.json(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('STAFF_ONLY');
      expect((await new ApiSession(system.baseUrl).json(method, path, body)).status, `${method} ${path} without a session`).toBe(401);
    }
    expect((await staff.json('GET', `/api/staff/price-lists/${id}`)).body.import.status).toBe('previewed');
  });
});

describe('dealer groups and price rules', () => {
  let groupId: number;
  let partNumber: string;
  let dealerId: string;

  beforeAll(async () => {
    groupId = (await db().select({ id: dealers.priceGroupId }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid')))[0]!.id!;
    dealerId = (await db().select({ id: dealers.id }).from(dealers).where(eq(dealers.email, 'prepay@demo.sid')))[0]!.id;
    partNumber = (await vendorProducts('KASP'))[0]!.partNumber;
  });

  it('lists rules with what they apply to by name, and groups with their counts', async () => {
    const answer = await staff.json('GET', '/api/staff/price-rules');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toContainEqual(
      expect.objectContaining({ dealerGroup: { id: groupId, code: 'BASE', name: 'Базовая группа' }, dealer: null, vendor: { code: 'KASP', name: expect.any(String) }, product: null, minQuantity: 50, discountBasisPoints: 1500 }),
    );
    expect(answer.body.groups).toContainEqual(expect.objectContaining({ id: groupId, code: 'BASE', dealers: expect.any(Number), rules: expect.any(Number) }));
  });

  it.each([
    ['no owner', { minQuantity: 1, discountBasisPoints: 100 }, 400, 'dealerGroupId', 'укажите группу дилеров или дилера'],
    ['both owners', 'both', 400, 'dealerId', 'правило задаётся либо для группы, либо для дилера, не для обоих сразу'],
    ['a discount of 100%', { group: true, minQuantity: 1, discountBasisPoints: 10000 }, 400, 'discountBasisPoints', 'скидка — целое число сотых долей процента от 0 до 9999 (0–99,99%)'],
    ['a negative discount', { group: true, minQuantity: 1, discountBasisPoints: -1 }, 400, 'discountBasisPoints', 'скидка — целое число сотых долей процента от 0 до 9999 (0–99,99%)'],
    ['a fractional discount', { group: true, minQuantity: 1, discountBasisPoints: 12.5 }, 400, 'discountBasisPoints', 'скидка — целое число сотых долей процента от 0 до 9999 (0–99,99%)'],
    ['quantity 0', { group: true, minQuantity: 0, discountBasisPoints: 100 }, 400, 'minQuantity', 'порог количества — целое число от 1'],
    ['a product without its vendor', { group: true, partNumber: 'X', minQuantity: 1, discountBasisPoints: 100 }, 400, 'vendorCode', 'для правила на один товар укажите и вендора'],
    ['an unknown vendor', { group: true, vendorCode: 'nosuch', minQuantity: 1, discountBasisPoints: 100 }, 422, 'vendorCode', 'вендор NOSUCH не найден'],
    ['an unknown product', { group: true, vendorCode: 'KASP', partNumber: 'NO-SUCH', minQuantity: 1, discountBasisPoints: 100 }, 422, 'partNumber', 'у вендора KASP нет товара с артикулом NO-SUCH'],
    ['an unknown group', { dealerGroupId: 99999, minQuantity: 1, discountBasisPoints: 100 }, 422, 'dealerGroupId', 'группа дилеров 99999 не найдена'],
  ])('refuses %s, naming the field', async (_name, spec, status, field, message) => {
    const body =
      spec === 'both'
        ? { dealerGroupId: groupId, dealerId, minQuantity: 1, discountBasisPoints: 100 }
        : (({ group, ...rest }: Record<string, unknown>) => ({ ...(group ? { dealerGroupId: groupId } : {}), ...rest }))(spec as Record<string, unknown>);
    const before = (await staff.json('GET', '/api/staff/price-rules')).body.items.length;
    const response = await staff.json('POST', '/api/staff/price-rules', body);
    expect(response.status).toBe(status);
    expect(response.body.error.fields).toContainEqual({ field, message });
    expect((await staff.json('GET', '/api/staff/price-rules')).body.items.length).toBe(before);
  });

  it('creates, refuses a duplicate, updates and deletes a rule, each audited with before and after', async () => {
    const created = await staff.json('POST', '/api/staff/price-rules', { dealerId, vendorCode: 'kasp', partNumber: partNumber.toLowerCase(), minQuantity: 5, discountBasisPoints: 1250 });
    expect(created.status).toBe(201);
    const rule = created.body.rule;
    expect(rule).toMatchObject({ dealerGroup: null, dealer: { id: dealerId, shortName: expect.any(String) }, vendor: { code: 'KASP' }, product: { partNumber }, minQuantity: 5, discountBasisPoints: 1250 });

    const duplicate = await staff.json('POST', '/api/staff/price-rules', { dealerId, vendorCode: 'KASP', partNumber, minQuantity: 5, discountBasisPoints: 1250 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe(`Такое правило уже есть (№ ${rule.id}, скидка 12,5%): измените его вместо того, чтобы заводить второе.`);

    const other = await staff.json('POST', '/api/staff/price-rules', { dealerId, vendorCode: 'KASP', partNumber, minQuantity: 10, discountBasisPoints: 1500 });
    expect(other.status).toBe(201);
    // Changing the tier of one onto the other's is a duplicate too.
    const clash = await staff.json('PATCH', `/api/staff/price-rules/${other.body.rule.id}`, { minQuantity: 5 });
    expect(clash.status).toBe(409);

    const updated = await staff.json('PATCH', `/api/staff/price-rules/${rule.id}`, { discountBasisPoints: 2000 });
    expect(updated.status).toBe(200);
    expect(updated.body.rule).toMatchObject({ id: rule.id, product: { partNumber }, discountBasisPoints: 2000 });
    // A new vendor alone widens the rule to that vendor's products.
    const widened = await staff.json('PATCH', `/api/staff/price-rules/${rule.id}`, { vendorCode: 'DRWEB' });
    expect(widened.body.rule).toMatchObject({ vendor: { code: 'DRWEB' }, product: null });
    const invalid = await staff.json('PATCH', `/api/staff/price-rules/${rule.id}`, { discountBasisPoints: 20000 });
    expect(invalid.status).toBe(400);

    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'price_rule.updated'), eq(auditLog.subjectId, String(rule.id)))).orderBy(auditLog.id).limit(1);
    expect(audit!.details).toMatchObject({ before: { discountBasisPoints: 1250 }, after: { discountBasisPoints: 2000 } });

    for (const id of [rule.id, other.body.rule.id]) expect((await staff.json('DELETE', `/api/staff/price-rules/${id}`)).status).toBe(200);
    expect((await staff.json('DELETE', `/api/staff/price-rules/${rule.id}`)).status).toBe(404);
    expect((await staff.json('PATCH', '/api/staff/price-rules/abc', { discountBasisPoints: 1 })).status).toBe(404);
    // An id beyond the column's range is not a rule either: not found, never a database error.
    expect((await staff.json('PATCH', '/api/staff/price-rules/99999999999', { discountBasisPoints: 1 })).status).toBe(404);
    expect((await staff.json('DELETE', '/api/staff/price-rules/2147483648')).status).toBe(404);
    expect((await staff.json('PATCH', '/api/staff/dealer-groups/2147483648', { name: 'x' })).status).toBe(404);
    const [deleted] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'price_rule.deleted'), eq(auditLog.subjectId, String(rule.id))));
    expect(deleted!.details).toMatchObject({ before: { id: rule.id, vendor: { code: 'DRWEB' } }, after: null });
  });

  it('creates and renames a dealer group; a taken code or a bad one is refused', async () => {
    const created = await staff.json('POST', '/api/staff/dealer-groups', { code: 'vip', name: 'Партнёры VIP' });
    expect(created.status).toBe(201);
    expect(created.body.group).toMatchObject({ code: 'VIP', name: 'Партнёры VIP' });
    const taken = await staff.json('POST', '/api/staff/dealer-groups', { code: 'VIP', name: 'Другая' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields).toEqual([{ field: 'code', message: 'Группа с кодом VIP уже есть.' }]);
    const bad = await staff.json('POST', '/api/staff/dealer-groups', { code: 'в и п', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'name']);
    const renamed = await staff.json('PATCH', `/api/staff/dealer-groups/${created.body.group.id}`, { name: 'VIP-партнёры' });
    expect(renamed.body.group).toMatchObject({ id: created.body.group.id, code: 'VIP', name: 'VIP-партнёры' });
    expect((await staff.json('PATCH', '/api/staff/dealer-groups/99999', { name: 'x' })).status).toBe(404);
    const listed = await staff.json('GET', '/api/staff/dealer-groups');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ code: 'VIP', name: 'VIP-партнёры' }));
  });
});
