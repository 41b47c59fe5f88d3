import AdmZip from 'adm-zip';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealers } from '../../db/schema';
import { readXlsx } from '../../src/infra/xlsx';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

/**
 * Issue 17: «Мои заказы» and the dealer's price list as XLSX, read back with the project's own
 * reader; staff find dealers and orders by the names the business uses. Dealers of this test's own.
 */
let system: RunningSystem;
let dealer: ApiSession;
let other: ApiSession;
let staff: ApiSession;
let own: Awaited<ReturnType<typeof freshDealerLike>>;
let ownInn: string;
let ownName: string;
const numbers: Record<string, string> = {};

async function insertOrder(dealerId: string, status: string, createdAt: string, partNumbers: string[], endUser: object | null) {
  const db = system.db.db;
  const [row] = (await db.execute<{ id: string; order_number: string }>(sql`
      insert into orders (order_number, dealer_id, settlement_scheme, status, usd_rate, usd_rate_date, net_kopecks, vat_kopecks, gross_kopecks, gross_cents, end_user, created_at, workflow_started_at)
      values ('SID-' || lpad(nextval('order_number_seq')::text, 7, '0'), ${dealerId}, 'postpay', ${status}, 90, '2026-11-01', 123456789, 27160494, 150617283, 1673525,
              ${endUser ? JSON.stringify(endUser) : null}::jsonb, ${createdAt}::timestamptz, now())
      returning id, order_number`)) as unknown as Array<{ id: string; order_number: string }>;
  for (const [i, pn] of partNumbers.entries()) {
    await db.execute(sql`
      insert into order_lines (order_id, line_no, product_id, vendor_id, part_number, product_name, quantity, list_price_minor, currency, price_rule,
                               unit_price_kopecks, net_kopecks, vat_basis_points, vat_mode, vat_kopecks, gross_kopecks, gross_cents)
      select ${row!.id}, ${i + 1}, p.id, p.vendor_id, p.part_number, p.name, 1, p.list_price_minor, p.currency, 'list', 100, 100, 0, p.vat_mode, 0, 100, 1
      from products p where p.part_number = ${pn}`);
  }
  return row!.order_number;
}

beforeAll(async () => {
  system = await startSystem();
  const db = system.db.db;
  own = await freshDealerLike(db, 'postpay@demo.sid', ['dealer_user']);
  const [row] = await db
    .update(dealers)
    .set({ authorizedVendors: ['DRWEB', 'PTC'] })
    .where(eq(dealers.id, own.dealerId))
    .returning({ inn: dealers.inn, shortName: dealers.shortName });
  ownInn = row!.inn;
  ownName = row!.shortName;
  const stranger = await freshDealerLike(db, 'postpay@demo.sid', ['dealer_user']);
  numbers.completed = await insertOrder(own.dealerId, 'completed', '2026-11-20 10:00:00+03', ['DR6203A1Y-01'], { name: 'ГБОУ Школа № 1', inn: '7701234567' });
  numbers.shipped = await insertOrder(own.dealerId, 'shipped', '2026-11-21 12:00:00+03', ['DR6203A1Y-01', 'PT0350S2Y-03'], null);
  numbers.stranger = await insertOrder(stranger.dealerId, 'completed', '2026-11-22 12:00:00+03', ['PT0350S2Y-03'], { name: 'Чужой заказчик' });
  dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
  other = await ApiSession.login(system.baseUrl, stranger.people[0]!.login, stranger.password);
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
});
afterAll(async () => system?.stop());

async function download(session: ApiSession, path: string) {
  const response = await session.request('GET', path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  const bytes = Buffer.from(await response.arrayBuffer());
  const [sheet] = readXlsx(bytes, { maxBytes: 10_000_000 });
  return { rows: sheet!.rows, xml: new AdmZip(bytes).readAsText('xl/worksheets/sheet1.xml') };
}

describe('«Мои заказы» as XLSX', () => {
  it('holds the dealer’s own orders only, newest first, with statuses in Russian and sums as roubles', async () => {
    const { rows, xml } = await download(dealer, '/api/orders.xlsx');
    expect(rows[0]).toEqual(['Номер', 'Дата', 'Статус', 'Конечный заказчик', 'ИНН заказчика', 'Артикулы (PartNumber)', 'Сумма без НДС, ₽', 'НДС, ₽', 'Сумма с НДС, ₽']);
    expect(rows.slice(1)).toEqual([
      [numbers.shipped, '21.11.2026', 'Отгружен', '', '', 'DR6203A1Y-01, PT0350S2Y-03', '1234567.89', '271604.94', '1506172.83'],
      [numbers.completed, '20.11.2026', 'Завершён', 'ГБОУ Школа № 1', '7701234567', 'DR6203A1Y-01', '1234567.89', '271604.94', '1506172.83'],
    ]);
    // Sums are numbers with the money format (style 2: "#,##0.00"), not text.
    expect(xml).toContain('<c r="G2" s="2"><v>1234567.89</v></c>');
    const other = await download(staff, `/api/orders.xlsx?partNumber=pt0350s2y`);
    expect(other.rows[0]![1]).toBe('Дилер');
  });

  it('applies the list’s filters, and another dealer never sees these orders', async () => {
    const filtered = await download(dealer, '/api/orders.xlsx?status=completed&partNumber=dr-6203');
    expect(filtered.rows.slice(1).map((r) => r[0])).toEqual([numbers.completed]);
    const byPartNumber = await download(dealer, '/api/orders.xlsx?partNumber=PT0350');
    expect(byPartNumber.rows.slice(1).map((r) => r[0])).toEqual([numbers.shipped]);
    const strangers = await download(other, '/api/orders.xlsx');
    expect(strangers.rows.slice(1).map((r) => r[0])).toEqual([numbers.stranger]);
    const bad = await dealer.json('GET', '/api/orders.xlsx?status=lost');
    expect(bad.status).toBe(400);
  });
});

describe('the dealer’s price list as XLSX', () => {
  it('prices as the catalog does, for the products the dealer may order only, in RUB and USD with the VAT mode', async () => {
    const { rows, xml } = await download(dealer, '/api/catalog/price-list.xlsx');
    expect(rows[0]![0]).toContain(`Прайс-лист ${ownName}`);
    expect(rows[1]![0]).toMatch(/^Курс USD \d+\.\d{4} ₽ на \d{2}\.\d{2}\.\d{4}$/);
    expect(rows[3]).toEqual(['Артикул (PartNumber)', 'Наименование', 'Вендор', 'Категория', 'НДС', 'Цена, ₽ без НДС', 'Цена, $ без НДС']);
    const items = rows.slice(4);
    // Every active product but those a vendor reserves for its authorised dealers (the demo seed:
    // Kaspersky's), which this dealer, authorised for DRWEB and PTC only, may not order.
    const [{ orderable }] = (await system.db.db.execute(sql`
      select count(*)::int as orderable from products p join vendors v on v.id = p.vendor_id where p.active and v.code <> 'KASP'`)) as unknown as [{ orderable: number }];
    expect(items).toHaveLength(orderable);
    const catalog = async (vendor: string) =>
      (await dealer.json('GET', `/api/catalog/products?vendor=${vendor}&pageSize=100`)).body.items as Array<{
        partNumber: string;
        vatMode: string;
        priceKopecks: number;
        price: { minor: number; currency: string };
      }>;
    for (const product of [...(await catalog('DRWEB')), ...(await catalog('PTC'))]) {
      const row = items.find((r) => r[0] === product.partNumber);
      expect(row, product.partNumber).toBeDefined();
      expect(row![4]).toBe(product.vatMode === 'exempt' ? 'НДС не облагается' : 'НДС 22%');
      expect(Math.round(Number(row![5]) * 100)).toBe(product.priceKopecks);
      if (product.price.currency === 'USD') expect(Math.round(Number(row![6]) * 100)).toBe(product.price.minor);
      else expect(Number(row![6])).toBeGreaterThan(0);
    }
    // Nothing the catalog refuses it: no Kaspersky product.
    const kaspersky = await catalog('KASP');
    expect(kaspersky.length).toBeGreaterThan(0);
    expect(items.filter((r) => kaspersky.some((k) => k.partNumber === r[0]))).toEqual([]);
    expect(xml).toMatch(/<c r="F5" s="2"><v>\d+\.\d\d<\/v><\/c>/);
  });

  it('is the dealer’s own: staff have no price list of their own', async () => {
    expect((await staff.request('GET', '/api/catalog/price-list.xlsx')).status).toBe(403);
  });
});

describe('staff search', () => {
  type Answer = { dealers: Array<{ id: string; inn: string; temporalUrl: string }>; orders: Array<{ orderNumber: string; partNumbers: string[]; temporalUrl: string }> };
  const search = async (q: string) => {
    const answer = await staff.json<Answer>('GET', `/api/staff/search?q=${encodeURIComponent(q)}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  it('finds a dealer by INN and by a part of its name, linked to its workflows in the Temporal UI', async () => {
    for (const q of [ownInn, ownName.slice(4, 14).toLowerCase()]) {
      const found = await search(q);
      const hit = found.dealers.find((d) => d.id === own.dealerId);
      expect(hit, q).toBeDefined();
      expect(hit!.temporalUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(`DealerId = "${own.dealerId}"`)}`);
    }
    expect((await search(ownInn)).dealers).toHaveLength(1);
  });

  it('finds an order by its number and by a PartNumber in any shape', async () => {
    const byNumber = await search(numbers.completed!.toLowerCase());
    expect(byNumber.orders.map((o) => o.orderNumber)).toEqual([numbers.completed]);
    expect(byNumber.orders[0]!.temporalUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/order-${numbers.completed}`);
    const byPartNumber = await search('pt 0350-s2y');
    expect(byPartNumber.orders.map((o) => o.orderNumber)).toEqual(expect.arrayContaining([numbers.shipped, numbers.stranger]));
    expect(byPartNumber.orders.find((o) => o.orderNumber === numbers.shipped)!.partNumbers).toEqual(['DR6203A1Y-01', 'PT0350S2Y-03']);
    expect(byPartNumber.orders.length).toBeLessThanOrEqual(20);
  });

  it('is for staff only, and wants something to look for', async () => {
    expect((await dealer.json('GET', `/api/staff/search?q=${ownInn}`)).status).toBe(403);
    expect((await staff.json('GET', '/api/staff/search?q=')).status).toBe(400);
  });
});
