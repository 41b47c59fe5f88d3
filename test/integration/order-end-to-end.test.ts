import AdmZip from 'adm-zip';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, licenseKeys, orderLines, orders, users, vendorOrders } from '../../db/schema';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { moscowMonthOf } from '../../src/domain/moscow-time';
import { dealerStatementQuery, dealerStatementWorkflowId } from '../../src/workflows/billing/dealer-statement.contract';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The whole path a dealer takes, through the real API, the real Temporal dev server and PostgreSQL.
describe('a postpay order from submit to downloaded keys', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ fulfilmentDelayMs: 300 });
  });
  afterAll(async () => system?.stop());

  it('ships one archive whose keys and manifest match what the vendor issued', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const catalog = await dealer.json('GET', '/api/catalog/products?vendor=KASP&pageSize=2');
    const usdCatalog = await dealer.json('GET', '/api/catalog/products?vendor=ADBE&pageSize=1');
    expect(catalog.status, JSON.stringify(catalog.body)).toBe(200);
    const [kasp1, kasp2] = catalog.body.items;
    const [adobe] = usdCatalog.body.items;

    const submitted = Date.now();
    const placed = await dealer.json('POST', '/api/orders', {
      lines: [
        // The PartNumber as a person might type it: lower case, with spaces and dashes.
        { partNumber: kasp1.partNumber.toLowerCase().replace(/(\d)/, ' $1'), quantity: 5 },
        { partNumber: kasp2.partNumber, quantity: 10 },
        { partNumber: adobe.partNumber, quantity: 2 },
      ],
      endUser: { name: 'ГБОУ Школа № 1', inn: '7707083893', region: 'Москва' },
    });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;
    expect(orderNumber).toMatch(/^SID-\d{7}$/);

    const shipped = await waitFor('the order to ship', async () => {
      const { body } = await dealer.json('GET', `/api/orders/${orderNumber}`);
      // Shipped, and billing started: the licence terms are recorded in between.
      return body.status === 'shipped' && body.progress?.timeline.some((e: { step: string }) => e.step === 'invoice_requested') ? body : null;
    });
    console.log(`order ${orderNumber}: submit to shipped in ${Date.now() - submitted} ms`);
    expect(shipped.progress.status).toBe('shipped');
    const steps = shipped.progress.timeline.map((e: { step: string }) => e.step);
    expect(steps[0]).toBe('submitted');
    // Postpay: shipped first, then invoiced (the invoice's life is the settlement tests' subject).
    // The key letter's own step may come in between or after, whenever the mail goes out.
    expect(steps.filter((s: string) => s !== 'keys_mailed').slice(-2)).toEqual(['shipped', 'invoice_requested']);
    expect(steps.filter((s: string) => s === 'sent_to_vendor')).toHaveLength(2);
    expect(steps.filter((s: string) => s === 'keys_received')).toHaveLength(2);
    expect(shipped.lines.map((l: { partNumber: string }) => l.partNumber)).toEqual([kasp1.partNumber, kasp2.partNumber, adobe.partNumber]);
    // Totals are the exact sum of the lines, in both currencies.
    expect(shipped.totals.grossKopecks).toBe(shipped.lines.reduce((s: number, l: { grossKopecks: number }) => s + l.grossKopecks, 0));
    expect(shipped.totals.grossCents).toBe(shipped.lines.reduce((s: number, l: { grossCents: number }) => s + l.grossCents, 0));

    const download = await dealer.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const zip = new AdmZip(Buffer.from(await download.arrayBuffer()));
    const names = zip.getEntries().map((e) => e.entryName).sort();
    expect(names).toEqual(['01-' + kasp1.partNumber + '.txt', '02-' + kasp2.partNumber + '.txt', '03-' + adobe.partNumber + '.txt', 'manifest.csv'].sort());

    // For Russian Excel: UTF-8 with a BOM, `;` between cells, Russian headers.
    const manifestBytes = zip.readFile('manifest.csv')!;
    expect([...manifestBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const manifest = zip.readAsText('manifest.csv').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(manifest[0]).toBe('Строка;Артикул;Продукт;Количество;Ключей;Файл;Заказ у вендора;Файлы ключей');
    expect(manifest).toHaveLength(4);
    expect(manifest[1]).toContain(`1;${kasp1.partNumber};`);
    expect(manifest[1]).toMatch(/;5;5;01-.*\.txt;VO-/);

    // Every file is dated with the order's shipping time, in Moscow (zip keeps even seconds).
    const shippedAt = new Date(shipped.shippedAt);
    const moscow = new Date(shippedAt.getTime() + 3 * 3600_000);
    const wall = (d: Date) => [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), Math.floor(d.getSeconds() / 2)];
    const expected = [moscow.getUTCFullYear(), moscow.getUTCMonth(), moscow.getUTCDate(), moscow.getUTCHours(), moscow.getUTCMinutes(), Math.floor(moscow.getUTCSeconds() / 2)];
    for (const entry of zip.getEntries()) expect(wall(entry.header.time), entry.entryName).toEqual(expected);

    // The keys in the archive are the keys the vendor issued, each exactly once.
    const [order] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    const lines = await system.db.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    const stored = await system.db.db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lines.map((l) => l.id)));
    expect(stored).toHaveLength(17);
    const keysInZip = names.filter((n) => n.endsWith('.txt')).flatMap((n) => zip.readAsText(n).split('\r\n').filter((l) => /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/.test(l)));
    expect(keysInZip.sort()).toEqual(stored.map((k) => system.keyCipher.decrypt(k.keyEncrypted)).sort());
    expect(new Set(keysInZip).size).toBe(17);
    // At rest the keys are ciphertext, never the plain key.
    for (const k of stored) expect(keysInZip).not.toContain(k.keyEncrypted);

    // One purchase per vendor, however many polls and retries happened.
    const placements = await system.db.db.select().from(vendorOrders).where(eq(vendorOrders.orderId, order!.id));
    expect(placements.map((p) => p.status).sort()).toEqual(['completed', 'completed']);
    expect(system.sim.placements.get(vendorIdempotencyKey(orderNumber, 'KASP'))).toBe(1);
    expect(system.sim.placements.get(vendorIdempotencyKey(orderNumber, 'ADBE'))).toBe(1);

    // Staff find the order's workflow by its search attributes.
    const found = [];
    for await (const wf of system.env.client.workflow.list({ query: `OrderNumber = '${orderNumber}' AND OrderStatus = 'shipped'` })) found.push(wf.workflowId);
    expect(found).toContain(`order-${orderNumber}`);
  });
});

describe('an order mixing an api vendor and a manual vendor', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => system?.stop());

  it('ships one archive once staff have entered the manual vendor’s keys', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const manual = (await dealer.json('GET', '/api/catalog/products?vendor=CONSU&pageSize=1')).body.items[0];
    const automatic = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: automatic.partNumber, quantity: 1 }, { partNumber: manual.partNumber, quantity: 2 }] });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;

    const task = await waitFor('the staff task', async () => {
      const { body } = await staff.json('GET', '/api/staff/queue?kind=manual_keys');
      return body.items.find((i: any) => i.reference === `${orderNumber}/CONSU`);
    });
    expect(task.summary).toContain(`${manual.partNumber} × 2`);

    // Only staff enter keys, never more than ordered, and a key entered twice counts once.
    expect((await dealer.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 2, keys: ['X'] })).status).toBe(403);
    const tooMany = await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 2, keys: ['K-1', 'K-2', 'K-3'] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.message).toContain('В строке 2 лицензий');
    expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 1, keys: ['K-1'] })).body.error.code).toBe('NOT_MANUAL');
    expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 2, keys: ['CONSU-KEY-0001'] })).body).toMatchObject({ added: 1, stored: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status).toBe('fulfilling');
    expect((await staff.json('POST', `/api/staff/orders/${orderNumber}/keys`, { lineNo: 2, keys: ['CONSU-KEY-0001', 'CONSU-KEY-0002'] })).body).toMatchObject({
      added: 1,
      duplicates: 1,
      stored: 2,
    });

    await waitFor('the order shipped', async () => (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status === 'shipped');
    const zip = new AdmZip(Buffer.from(await (await dealer.request('GET', `/api/orders/${orderNumber}/archive`)).arrayBuffer()));
    const manualFile = zip.getEntries().find((e) => e.entryName.startsWith('02-'))!;
    expect(zip.readAsText(manualFile).split('\r\n').filter((l) => l.startsWith('CONSU-KEY-')).sort()).toEqual(['CONSU-KEY-0001', 'CONSU-KEY-0002']);
    expect(zip.readAsText('manifest.csv')).toContain(`2;${manual.partNumber};`);
  });
});

describe('a monthly order', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => system?.stop());

  it('ships, joins the statement of the Moscow month it shipped in, and waits for its act', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 3 }] });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;
    const shipped = await waitFor('the order shipped', async () => {
      const [row] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
      return row?.statementMonth ? row : null;
    });
    expect(shipped.status).toBe('shipped');
    expect(shipped.statementMonth).toBe(moscowMonthOf(shipped.shippedAt!));
    const statement = await system.env.client.workflow.getHandle(dealerStatementWorkflowId(shipped.dealerId, shipped.statementMonth!)).query(dealerStatementQuery);
    expect(statement).toMatchObject({ status: 'collecting', orderNumbers: [orderNumber] });
    const progress = (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.progress;
    expect(progress.timeline.map((e: { step: string }) => e.step)).toContain('joined_statement');
    expect(progress.awaiting).toBe('act_number');
  });

  it('an order that ships after its month was invoiced goes to staff instead of into the sealed invoice', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'monthly@demo.sid');
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const [{ dealerId }] = await system.db.db.select({ dealerId: users.dealerId }).from(users).where(eq(users.login, 'monthly@demo.sid')) as [{ dealerId: string }];
    const month = moscowMonthOf(new Date());
    await system.db.db.insert(invoices).values({ dealerId, purpose: 'monthly', statementMonth: month, amountKopecks: 1, termBankingDays: 5, status: 'issued', workflowId: `invoice-test-sealed-${month}` });
    const product = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0];
    const { orderNumber } = (await dealer.json('POST', '/api/orders', { lines: [{ partNumber: product.partNumber, quantity: 1 }] })).body;
    const queued = await waitFor('the staff item', async () => {
      const { body } = await staff.json('GET', '/api/staff/queue?kind=late_statement_order');
      return body.items.find((i: any) => i.reference === orderNumber);
    });
    expect(queued.summary).toContain('выставите счёт вручную');
    const [row] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(row!.statementMonth).toBeNull();
  });
});
