import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_DEALER_API } from '../../src/api/contracts';
import { registeredRoutes } from '../../src/api/openapi/openapi.routes';
import { freshDealerLike } from '../support/dealers';
import { freshMailbox } from '../support/mail';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// The dealer API's OpenAPI description against the routes Fastify really serves and the
// validation they really do.
let system: RunningSystem;
let admin: ApiSession;
let doc: any;

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
/** A documented schema with the document's components at hand for its $refs. */
const validator = (schema: object) => ajv.compile({ ...schema, components: doc.components });

beforeAll(async () => {
  system = await startSystem();
  // A dealer of this file's own: the examples place orders (the demo dealer's credit is shared by
  // every file) and add a webhook endpoint (at most 10 per dealer).
  const dealer = await freshDealerLike(system.db.db, 'postpay@demo.sid');
  admin = await ApiSession.login(system.baseUrl, dealer.people[0]!.login, dealer.password);
  const response = await fetch(`${system.baseUrl}/api/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
});
afterAll(async () => system?.stop());

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the bearer scheme, served without a login', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/orders'].post.security).toContainEqual({ bearer: [] });
    // User and key management is for a dealer admin's session, never a key.
    expect(doc.paths['/api/dealer/api-keys'].post.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('describes every dealer-facing route Fastify serves, and nothing it does not', () => {
    const served = registeredRoutes(system.app)
      .filter((r) => r.url.startsWith('/api/') && !NOT_DEALER_API.some((pattern) => pattern.test(r.url)))
      .map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
    expect(served.length).toBeGreaterThan(20);
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    expect(served.filter((route) => !documented.includes(route)), 'served but not documented').toEqual([]);
    const all = registeredRoutes(system.app).map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
    expect(documented.filter((route) => !all.includes(route)), 'documented but not served').toEqual([]);
  });

  it('every dealer operation declares its answers: a 2xx with a schema (JSON or a file type) and its error answers', () => {
    for (const { path, method, operation } of operations()) {
      const success = Object.entries(operation.responses as Record<string, any>).filter(([status]) => status.startsWith('2'));
      expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const content = Object.values(response.content ?? {}) as Array<{ schema?: object }>;
        expect(content.length > 0 && content.every((c) => c.schema), `${method} ${path} ${status}`).toBe(true);
      }
      const failures = Object.keys(operation.responses).filter((status) => /^[45]/.test(status));
      expect(failures.length, `${method} ${path} documents no error answer`).toBeGreaterThan(0);
    }
  });

  it('every component and parameter schema compiles', () => {
    for (const name of Object.keys(doc.components.schemas)) expect(() => validator({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    for (const { operation } of operations()) for (const parameter of operation.parameters ?? []) expect(() => ajv.compile(parameter.schema)).not.toThrow();
  });
});

describe('the request schemas are the routes’ own validation', () => {
  /** Real ids for path parameters: a user, a key and a webhook of the admin's dealer. */
  let pathValues: Record<string, string>;
  beforeAll(async () => {
    const mailbox = freshMailbox('openapi');
    const user = await admin.json('POST', '/api/dealer/users', { login: mailbox.address, fullName: 'Тестов Тест', email: mailbox.address, role: 'dealer_user' });
    const key = await admin.json('POST', '/api/dealer/api-keys', { name: 'openapi' });
    const webhook = await admin.json('POST', '/api/dealer/webhooks', { url: 'https://erp.example.ru/sid-webhooks' });
    const template = await admin.json('POST', '/api/order-templates', { name: 'openapi', lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }] });
    const quote = await admin.json('POST', '/api/quotes', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }], customerName: 'ООО «Клиент»', markupBasisPoints: 1000, validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) });
    const cart = await admin.json('POST', '/api/carts', { name: 'openapi' });
    pathValues = { userId: user.body.user.id, keyId: key.body.apiKey.id, webhookId: webhook.body.webhook.id, templateId: template.body.template.id, quoteId: quote.body.id, cartId: cart.body.cart.id };
  });
  const withPathValues = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name] ?? `missing-${name}`);

  it('each documented example is valid by its schema and accepted by its route; an empty body is refused by both', async () => {
    const withBodies = operations().filter((o) => o.operation.requestBody?.content['application/json'].schema.example);
    expect(withBodies.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/orders', 'POST /api/orders/check', 'POST /api/orders/quote', 'POST /api/dealer/users', 'POST /api/dealer/api-keys', 'POST /api/dealer/users/{userId}/role']),
    );
    for (const { path, method, operation } of withBodies) {
      const { schema } = operation.requestBody.content['application/json'];
      const { example } = schema;
      const validate = validator(schema);
      expect(validate(example), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({}), `${method} ${path} accepts {}`).toBe(false);

      // The login example (the demo dealer's) logs in a session of its own, not the admin's.
      const session = path === '/api/auth/login' ? new ApiSession(system.baseUrl) : admin;
      const empty = await session.json(method, withPathValues(path), {});
      expect(empty.status, `${method} ${path} with {}`).toBe(400);
      const accepted = await session.json(method, withPathValues(path), example);
      expect([200, 201], `${method} ${path}: ${accepted.status} ${JSON.stringify(accepted.body)}`).toContain(accepted.status);
    }
  });

  it('query parameter examples are valid and accepted', async () => {
    for (const { path, method, operation } of operations().filter((o) => o.method === 'GET' && o.operation.parameters?.some((p: any) => p.in === 'query'))) {
      const query = new URLSearchParams();
      for (const parameter of operation.parameters.filter((p: any) => p.in === 'query' && p.schema.example !== undefined)) {
        expect(ajv.compile(parameter.schema)(parameter.schema.example), `${path} ${parameter.name}`).toBe(true);
        query.set(parameter.name, String(parameter.schema.example));
      }
      const answer = await admin.request(method, `${withPathValues(path)}?${query}`);
      expect(answer.status, `${path}?${query}: ${answer.status === 200 ? '' : await answer.text()}`).toBe(200);
    }
  });

  it('the documented response shapes match what the routes answer', async () => {
    const placed = await admin.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }] });
    expect(placed.status).toBe(201);
    const reads = operations().filter((o) => o.method === 'GET' && o.operation.responses['200'].content?.['application/json']);
    for (const { path, operation } of reads) {
      const required = (operation.parameters ?? []).filter((p: any) => p.in === 'query' && p.required);
      const query = new URLSearchParams(required.map((p: any) => [p.name, String(p.schema.example)]));
      const url = withPathValues(path.replace('{orderNumber}', placed.body.orderNumber)) + (required.length ? `?${query}` : '');
      if (url.includes('{')) continue;
      const answer = await admin.json('GET', url);
      expect(answer.status, url).toBe(200);
      const validate = validator(operation.responses['200'].content['application/json'].schema);
      expect(validate(answer.body), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
