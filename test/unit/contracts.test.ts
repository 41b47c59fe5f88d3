import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timestamp } from '../../src/api/common.schemas';
import { registerContracts } from '../../src/api/contracts';
import { registerErrorHandler } from '../../src/api/errors';

// The machinery every route's contract goes through (src/api/contracts.ts), on a small app of
// its own: requests are parsed by the schema, answers are serialised by it.
const app = Fastify();

beforeAll(async () => {
  registerErrorHandler(app);
  await registerContracts(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const answer = z.object({ id: z.number().int(), at: timestamp, note: z.string().optional() });
  api.post(
    '/api/things',
    { schema: { body: z.object({ name: z.string().trim().min(1), count: z.number().int().default(1) }), response: { 200: answer } } },
    // An extra field the schema does not name: it must not leave the server.
    async (request) => ({ id: request.body.count, at: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)), secret: 'never sent', note: request.body.name }) as z.output<typeof answer>,
  );
  api.post(
    '/api/login-like',
    { schema: { body: z.strictObject({ login: z.string().trim().min(1).max(200), password: z.string().min(1), email: z.email().optional() }) } },
    async () => ({}),
  );
  api.get('/api/broken', { schema: { response: { 200: answer } } }, async () => ({ id: 'not a number' }) as never);
  api.get('/api/things/:id', { schema: { params: z.object({ id: z.string().regex(/^\d+$/) }), querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }) } }, async (request) => ({
    id: request.params.id,
    page: request.query.page,
  }));
  await app.ready();
});
afterAll(() => app.close());

describe('route contracts', () => {
  it('parse the body: defaults and trimming applied, the handler gets the parsed value', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/things', payload: { name: '  widget ' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 1, at: '2030-01-02T03:04:05.000Z', note: 'widget' });
  });

  it('answer only what the response schema names', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/things', payload: { name: 'x', count: 3 } });
    expect(response.body).not.toContain('never sent');
  });

  it('refuse a bad body, a missing body, a bad query and a bad path with the API’s 400, naming each field', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/things', payload: { name: '', count: 1.5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_REQUEST', message: 'Запрос заполнен неверно.' });
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['count', 'name']);

    const missing = await app.inject({ method: 'POST', url: '/api/things' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('name');

    const query = await app.inject({ method: 'GET', url: '/api/things/7?page=0' });
    expect(query.statusCode).toBe(400);
    expect(query.json().error).toMatchObject({ code: 'INVALID_REQUEST', message: 'Параметры запроса заданы неверно.', fields: [{ field: 'page' }] });

    const path = await app.inject({ method: 'GET', url: '/api/things/seven' });
    expect(path.statusCode).toBe(400);
    expect(path.json().error).toMatchObject({ message: 'Адрес запроса задан неверно.', fields: [{ field: 'id' }] });

    expect((await app.inject({ method: 'GET', url: '/api/things/7?page=2' })).json()).toEqual({ id: '7', page: 2 });
  });

  it('word every field’s problem in Russian, with no English words of zod’s (as `POST /api/auth/login {}` shows)', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/login-like', payload: {} });
    expect(login.json().error.fields).toEqual([
      { field: 'login', message: 'поле не заполнено' },
      { field: 'password', message: 'поле не заполнено' },
    ]);
    const bad = await app.inject({ method: 'POST', url: '/api/login-like', payload: { login: 'x'.repeat(201), password: 5, email: 'not-an-address', extra: 1 } });
    const messages = bad.json().error.fields.map((f: { message: string }) => f.message);
    expect(messages).toEqual(['не длиннее 200 символов', 'неверное значение: ожидается текст', 'адрес электронной почты указан неверно', 'лишние поля: extra']);
    // Only the field's own name may be in Latin letters.
    for (const message of messages.slice(0, 3)) expect(message).not.toMatch(/[A-Za-z]/);
  });

  it('never send an answer that breaks its schema: a 500 in the API’s shape instead', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/broken' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL');
    expect(response.body).not.toContain('not a number');
  });
});

describe('isoDateSchema', () => {
  // Fixed dates on purpose: the rule is about the calendar's shape, not about today.
  it('takes real dates of years 1900 to 9999 and refuses year 0 (which PostgreSQL has not) and impossible days', async () => {
    const { isoDateSchema } = await import('../../src/api/iso-date');
    expect(isoDateSchema.safeParse('2026-02-28').success).toBe(true);
    expect(isoDateSchema.safeParse('1900-01-01').success).toBe(true);
    expect(isoDateSchema.safeParse('0000-10-10').success).toBe(false);
    expect(isoDateSchema.safeParse('1899-12-31').success).toBe(false);
    expect(isoDateSchema.safeParse('2026-02-30').success).toBe(false);
  });
});
