import { randomBytes } from 'node:crypto';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products, vendors } from '../../db/schema';
import { normalizePartNumber } from '../../src/domain/part-number';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';
import { commercialPartNumbers } from '../support/vendors';

// Quick order through the real API: the lines resolved, priced and checked as the cart would.
let system: RunningSystem;
let dealer: ApiSession;
const GOOD = 'DR6203A1Y-01';
let myoff: string;
let ambiguous: string;
let inactive: string;

async function addProduct(vendorCode: string, partNumber: string, active = true) {
  const [vendor] = await system.db.db.select().from(vendors).where(eq(vendors.code, vendorCode));
  await system.db.db.insert(products).values({
    vendorId: vendor!.id,
    partNumber,
    partNumberNormalized: normalizePartNumber(partNumber),
    name: `Тестовый товар ${partNumber}`,
    category: 'Тест',
    listPriceMinor: 100_000,
    currency: 'RUB',
    vatMode: 'exempt',
    active,
  });
}

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  [myoff] = (await commercialPartNumbers(system.db.db, 'MYOFF')) as [string];
  // The demo catalog has neither a PartNumber two vendors share nor a withdrawn product: make them.
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  ambiguous = `QO-TWIN-${suffix}`;
  inactive = `QO-GONE-${suffix}`;
  await addProduct('AERO', ambiguous);
  await addProduct('CONSU', ambiguous);
  await addProduct('AERO', inactive, false);
});
afterAll(async () => system?.stop());

const quick = (body: unknown) => dealer.json('POST', '/api/orders/quick', body);
const byLine = (lines: any[]) => new Map<number, any>(lines.map((l) => [l.lineNo, l]));

describe('POST /api/orders/quick', () => {
  it('resolves, prices and checks a mixed paste, explaining every line it cannot take', async () => {
    const text = [
      'Артикул;Количество',
      `${GOOD};2`,
      'NOPE-404-XYZ;1',
      '',
      `${ambiguous}\t1`,
      `${GOOD.toLowerCase()} пять`,
      `${myoff}, 3`,
      `${inactive};1`,
      `${GOOD.replace(/-/g, ' ')} 1`,
    ].join('\n');
    const answer = await quick({ text });
    expect(answer.status).toBe(200);
    expect(answer.body.header).toEqual({ lineNo: 1, raw: 'Артикул;Количество' });
    const lines = byLine(answer.body.lines);
    expect([...lines.keys()]).toEqual([2, 3, 5, 6, 7, 8, 9]);

    // Good, with the repeat on line 9 merged into it (2 + 1).
    const good = lines.get(2);
    expect(good).toMatchObject({ status: 'ok', quantity: 3, mergedLineNos: [9], findings: [], product: { partNumber: GOOD, vendorCode: 'DRWEB' } });
    expect(good.price.grossKopecks).toBeGreaterThan(0);
    expect(lines.get(9)).toMatchObject({ status: 'merged', mergedInto: 2, problem: { code: 'duplicate', message: 'Повтор артикула: количество добавлено к строке 2.' } });

    expect(lines.get(3)).toMatchObject({ status: 'unresolved', problem: { code: 'unknown_part_number', message: 'Товар с артикулом NOPE-404-XYZ не найден в каталоге.' } });
    const twin = lines.get(5);
    expect(twin).toMatchObject({ status: 'unresolved', problem: { code: 'ambiguous_part_number' } });
    expect(twin.problem.vendors.map((v: any) => v.code).sort()).toEqual(['AERO', 'CONSU']);
    expect(twin.problem.message).toContain('есть у нескольких вендоров');
    expect(lines.get(6)).toMatchObject({ status: 'unresolved', quantity: null, problem: { code: 'bad_quantity', message: 'Количество «пять» — не целое число.' } });
    // Found and priced, but the vendor's policy sells packs of 5: the finding names the rule.
    const policy = lines.get(7);
    expect(policy).toMatchObject({ status: 'policy', quantity: 3, product: { partNumber: myoff, vendorCode: 'MYOFF' } });
    expect(policy.findings).toEqual([expect.objectContaining({ field: 'quantity', message: expect.stringMatching(/5/) })]);
    expect(policy.price.grossKopecks).toBeGreaterThan(0);
    expect(lines.get(8)).toMatchObject({ status: 'unresolved', problem: { code: 'inactive_product', message: `Товар ${inactive} снят с продажи.` } });

    expect(answer.body.summary).toEqual({ ok: 1, policy: 1, unresolved: 4, merged: 1 });
    // The totals are the good lines', and a line costs what the cart's quote says it costs.
    const quote = await dealer.json('POST', '/api/orders/quote', { lines: [{ partNumber: GOOD, quantity: 3 }] });
    expect(quote.status).toBe(200);
    expect(good.price.grossKopecks).toBe(quote.body.lines[0].grossKopecks);
    expect(answer.body.totals).toEqual({
      netKopecks: quote.body.totals.netKopecks,
      vatKopecks: quote.body.totals.vatKopecks,
      grossKopecks: quote.body.totals.grossKopecks,
      grossCents: quote.body.totals.grossCents,
    });
    expect(answer.body.usdRate.rate).toMatch(/^\d+\.\d{4}$/);
  });

  it('reads a Windows-1251 CSV with its header naming the columns', async () => {
    const bytes = Buffer.concat([encode1251('Количество;Артикул\r\n'), Buffer.from(`4;${GOOD}\r\n;${myoff}\r\n`)]);
    const answer = await quick({ fileName: 'заказ.csv', contentBase64: bytes.toString('base64') });
    expect(answer.status).toBe(200);
    expect(answer.body.source).toBe('csv');
    expect(answer.body.header).toEqual({ lineNo: 1, raw: 'Количество; Артикул' });
    expect(answer.body.lines).toEqual([
      expect.objectContaining({ lineNo: 2, status: 'ok', quantity: 4, product: expect.objectContaining({ partNumber: GOOD }) }),
      expect.objectContaining({ lineNo: 3, status: 'unresolved', problem: { code: 'missing_quantity', message: expect.stringContaining('Не указано количество') } }),
    ]);
  });

  it('reads the first sheet of an XLSX workbook, rows numbered as in Excel', async () => {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet = `<worksheet><sheetData><row r="1">${cell('A1', 'PartNumber')}${cell('B1', 'Qty')}</row><row r="3">${cell('A3', GOOD)}<c r="B3"><v>7</v></c></row><row r="4">${cell('A4', 'NOPE-404-XYZ')}<c r="B4"><v>1</v></c></row></sheetData></worksheet>`;
    const zip = new AdmZip();
    zip.addFile('[Content_Types].xml', Buffer.from('<Types/>'));
    zip.addFile('xl/worksheets/sheet1.xml', Buffer.from(sheet));
    const answer = await quick({ fileName: 'order.xlsx', contentBase64: zip.toBuffer().toString('base64') });
    expect(answer.status).toBe(200);
    expect(answer.body.source).toBe('xlsx');
    expect(answer.body.lines.map((l: any) => [l.lineNo, l.status, l.quantity])).toEqual([
      [3, 'ok', 7],
      [4, 'unresolved', 1],
    ]);
  });

  it('refuses what it cannot read with a 4xx that says why, in Russian', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'Вставьте строки заказа'],
      [{ text: '\n \n' }, 422, 'нет ни одной строки'],
      [{ text: Array.from({ length: 501 }, (_, i) => `P-${i};1`).join('\n') }, 413, 'не больше 500'],
      [{ fileName: 'old.xls', contentBase64: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]).toString('base64') }, 422, 'старом формате Excel'],
      [{ fileName: 'big.csv', contentBase64: Buffer.alloc(2 * 1024 * 1024 + 1, 0x41).toString('base64') }, 413, 'больше 2 МБ'],
      [{ fileName: 'x.csv', contentBase64: 'не base64' }, 400, 'записано в base64'],
    ];
    for (const [body, status, words] of cases) {
      const answer = await quick(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      // A malformed body is said in general words, with each field's own message beside it.
      const said = [answer.body.error.message, ...(answer.body.error.fields ?? []).map((f: any) => f.message)].join(' ');
      expect(said).toContain(words);
    }
    // A body past the upload limit never reaches the handler, and is still explained.
    const huge = await quick({ fileName: 'huge.csv', contentBase64: Buffer.alloc(3 * 1024 * 1024, 0x41).toString('base64') });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('больше 2 МБ');
  });

  it('checks the largest list allowed, 500 catalog lines, in one answer', async () => {
    const rows = await system.db.db.select({ partNumber: products.partNumber }).from(products).where(eq(products.active, true)).orderBy(products.id).limit(500);
    expect(rows).toHaveLength(500);
    const started = performance.now();
    const answer = await quick({ text: rows.map((r) => `${r.partNumber}\t10`).join('\n') });
    const ms = Math.round(performance.now() - started);
    expect(answer.status).toBe(200);
    expect(answer.body.lines).toHaveLength(500);
    // Every line is found; EDU products the dealer is not authorised for are found too, with the policy's objection.
    expect(answer.body.summary).toMatchObject({ unresolved: 0, merged: 0 });
    expect(answer.body.summary.ok + answer.body.summary.policy).toBe(500);
    const edu = answer.body.lines.find((l: any) => l.findings?.some((f: any) => f.field === 'partNumber'));
    expect(edu).toMatchObject({ status: 'policy', product: { partNumber: expect.any(String) }, price: { grossKopecks: expect.any(Number) } });
    // Measured, not asserted: the machine is shared.
    console.info(`quick order of 500 lines answered in ${ms} ms`);
  });

  it('is for dealers: staff and anonymous callers are refused', async () => {
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    expect((await staff.json('POST', '/api/orders/quick', { text: `${GOOD};1` })).status).toBe(403);
    expect((await new ApiSession(system.baseUrl).json('POST', '/api/orders/quick', { text: `${GOOD};1` })).status).toBe(401);
  });
});

/** Cyrillic text as Russian Excel saves CSV (Windows-1251): А..я are 0xC0..0xFF, Ё/ё are 0xA8/0xB8. */
function encode1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      if (code < 0x80) return code;
      throw new Error(`not in windows-1251: ${ch}`);
    }),
  );
}
