import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// The registration form's live checks, through the real server and without a login.
let system: RunningSystem;
let visitor: ApiSession;

beforeAll(async () => {
  system = await startSystem();
  visitor = new ApiSession(system.baseUrl);
});
afterAll(async () => system?.stop());

const check = (body: unknown) => visitor.json('POST', '/api/requisites/check', body);

const SBERBANK = {
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  bik: '044525225',
  correspondentAccount: '30101810400000000225',
};

describe('POST /api/requisites/check', () => {
  it('a valid full set: no errors, no warnings, no login needed', async () => {
    const response = await check({
      legalForm: 'ООО',
      inn: '7709123453',
      kpp: '770901001',
      ogrn: '1027700123450',
      bik: SBERBANK.bik,
      correspondentAccount: SBERBANK.correspondentAccount,
      settlementAccount: '40702810938000012345',
    });
    // The BIK's bank, from the Central Bank's directory (the sample the seed loads, data/bik).
    expect(response).toEqual({ status: 200, body: { errors: [], warnings: [], bank: { bik: '044525225', name: 'ПАО Сбербанк', city: 'г. Москва', correspondentAccount: '30101810400000000225' } } });
  });

  it("Sberbank's own requisites: no errors and one KPP warning", async () => {
    const response = await check(SBERBANK);
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([]);
    expect(response.body.warnings).toEqual([{ field: 'kpp', message: expect.stringContaining('7736') }]);
  });

  it('a wrong INN: an error on the field inn that names the right check digit', async () => {
    const response = await check({ inn: '7707083890' });
    expect(response).toEqual({
      status: 200,
      body: { errors: [{ field: 'inn', message: 'ИНН 7707083890: неверная контрольная цифра, должна быть 3' }], warnings: [] },
    });
  });

  it('an ИП with a KPP and an OGRN of an organisation', async () => {
    const response = await check({ legalForm: 'ИП', inn: '500100732259', kpp: '500101001', ogrn: '1027700132195' });
    expect(response.status).toBe(200);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['kpp', 'ogrn']);
  });

  it('an empty body checks nothing', async () => {
    expect(await check({})).toEqual({ status: 200, body: { errors: [], warnings: [] } });
  });

  it.each([
    ['a number for a string', { inn: 7707083893 }, 'inn', 'должно быть строкой'],
    ['an over-long value', { settlementAccount: '4'.repeat(41) }, 'settlementAccount', 'не длиннее 40 символов'],
  ])('a malformed body, %s: 400 with the field', async (_name, body, field, text) => {
    const response = await check(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
    expect(response.body.error.fields).toEqual([{ field, message: expect.stringContaining(text) }]);
  });

  it('a body that is not an object: 400', async () => {
    const response = await check(['7707083893']);
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toHaveLength(1);
  });

  it('malformed JSON: 400', async () => {
    const response = await visitor.request('POST', '/api/requisites/check', '{"inn": ', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
  });
});
