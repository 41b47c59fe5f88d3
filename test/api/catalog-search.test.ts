import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// Catalog name search through the real API and database: word forms, both alphabets, typos,
// and PartNumbers pasted with typographic dashes (issue 17).
let system: RunningSystem;
let dealer: ApiSession;
let kaspersky: string[];

beforeAll(async () => {
  system = await startSystem();
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  kaspersky = (await search('', '&vendor=KASP')).items.map((p: any) => p.partNumber).sort();
});
afterAll(async () => system?.stop());

async function search(q: string, extra = '') {
  const { status, body } = await dealer.json('GET', `/api/catalog/products?q=${encodeURIComponent(q)}&pageSize=100${extra}`);
  expect(status).toBe(200);
  return body;
}
const partNumbers = (body: any) => body.items.map((p: any) => p.partNumber).sort();
const vendorsOf = (body: any) => [...new Set(body.items.map((p: any) => p.vendor.code))];

describe('GET /api/catalog/products?q=', () => {
  it('finds the Kaspersky products by the vendor name in any form and either alphabet', async () => {
    expect(kaspersky).toHaveLength(12);
    for (const q of ['Касперского', 'касперский', 'КАСПЕРСКИЙ', 'kaspersky', 'Kaspersky', 'лаборатория касперского']) {
      const found = await search(q);
      expect(partNumbers(found), q).toEqual(kaspersky);
      expect(found.total, q).toBe(12);
    }
    // A page holds its share, and a page past the end still tells the total.
    const second = (await dealer.json('GET', '/api/catalog/products?q=kaspersky&pageSize=5&page=3')).body;
    expect([second.items.length, second.total]).toEqual([2, 12]);
    const beyond = (await dealer.json('GET', '/api/catalog/products?q=kaspersky&pageSize=5&page=9')).body;
    expect([beyond.items.length, beyond.total]).toEqual([0, 12]);
  });

  it('narrows by every word, whichever alphabet each is typed in', async () => {
    const found = await search('kaspersky endpoint');
    expect(found.total).toBeGreaterThan(0);
    expect(vendorsOf(found)).toEqual(['KASP']);
    for (const p of found.items) expect(p.name).toContain('Endpoint');
    // Stop words do not empty the query: «Security для почтовых серверов».
    const mail = await search('касперский для почтового сервера');
    expect(mail.total).toBeGreaterThan(0);
    for (const p of mail.items) expect(p.name).toMatch(/Касперского Security для почтовых серверов/);
  });

  it('finds Dr.Web as «доктор веб», "drweb", "Dr.Web" and "doctor web"', async () => {
    const drweb = partNumbers(await search('', '&vendor=DRWEB'));
    expect(drweb.length).toBeGreaterThan(0);
    for (const q of ['доктор веб', 'Доктора Веба', 'drweb', 'Dr.Web', 'DRWEB', 'doctor web']) expect(partNumbers(await search(q)), q).toEqual(drweb);
  });

  it('forgives a typo', async () => {
    for (const q of ['Касперскго', 'касперсский', 'Каперского', 'kasperskj', 'kasprsky']) {
      const found = await search(q);
      expect(vendorsOf(found), q).toEqual(['KASP']);
      expect(found.total, q).toBe(12);
    }
  });

  it('finds a PartNumber pasted with an en dash, a no-break space or full-width characters', async () => {
    for (const q of ['KA8107S1Y–01', 'ka8107s1y—01', 'KA8107S1Y\u00a001', 'ＫＡ８１０７Ｓ１Ｙ－０１', 'KA8107S1Y−01']) {
      const found = await search(q);
      expect(found.items[0]?.partNumber, q).toBe('KA8107S1Y-01');
    }
  });

  it('finds a name by the middle of a word when no word of a name starts with the query', async () => {
    // "dpoint" begins no word (Endpoint): the substring search, which runs only when no word matched, finds it.
    const found = await search('dpoint');
    expect(found.total).toBeGreaterThan(0);
    for (const p of found.items) expect(p.name).toContain('Endpoint');
  });

  it('still finds nothing for nonsense', async () => {
    expect((await search('zzzqqq')).total).toBe(0);
    expect((await search('щщщщъъъ')).total).toBe(0);
  });
});

describe('POST /api/orders/quick with typographic dashes', () => {
  it('resolves a PartNumber pasted from Word or Excel', async () => {
    const { status, body } = await dealer.json('POST', '/api/orders/quick', { text: 'KA8107S1Y–01;2\nKA8410S1Y\u221204 1\nＫＡ６１７７Ｓ１Ｙ－０３\t3' });
    expect(status).toBe(200);
    // Found and priced (Kaspersky's licence policy may still ask for the end user: "policy", not "unresolved").
    expect(body.lines.map((l: any) => [l.status === 'unresolved', l.product?.partNumber, l.quantity])).toEqual([
      [false, 'KA8107S1Y-01', 2],
      [false, 'KA8410S1Y-04', 1],
      [false, 'KA6177S1Y-03', 3],
    ]);
  });
});
