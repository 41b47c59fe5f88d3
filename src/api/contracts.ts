import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { anyDealer, errors } from './common.schemas';
import { inRussian } from '../locale/zod.ru';
import { invalidRequest } from './errors';

/**
 * Routes declare their contract once, as zod schemas in `schema: { body, querystring, params,
 * response }`. This module makes Fastify use them: requests are parsed by them (a refusal is the
 * API's usual 400 with each field named), answers are serialised by them (a field not in the
 * schema never leaves), and GET /api/openapi.json is generated from them.
 */

/** Routes that are not the dealer API, left out of its description: staff, signed machine callers, the public onboarding forms. */
export const NOT_DEALER_API = [
  /^\/api\/staff\//,
  /^\/api\/1c(\/|$)/,
  /^\/api\/vendor-callbacks(\/|$)/,
  /^\/api\/registrations(\/|$)/,
  /^\/api\/requisites\/check$/,
  /^\/api\/auth\/password-reset/,
  /^\/api\/openapi\.json$/,
  /^\/(health|ready|metrics)/,
];
const isDealerApi = (url: string) => url.startsWith('/api/') && !NOT_DEALER_API.some((pattern) => pattern.test(url));

const PARTS = { body: 'body', querystring: 'query', params: 'params', headers: 'params' } as const;

/** Parses a request part with its zod schema; a missing body counts as `{}`, as the routes always treated it. */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const parsed = schema.safeParse(data ?? {}, inRussian);
    if (parsed.success) return { value: parsed.data };
    return { error: invalidRequest(parsed.error, PARTS[(httpPart ?? 'body') as keyof typeof PARTS] ?? 'body') };
  };

const transform = createJsonSchemaTransform({ skipList: [] });

const DESCRIPTION =
  'Orders, catalog and invoices for a dealer’s own systems and the SID web app. Money is in integer minor units ' +
  '(kopecks, cents). Errors are `{ error: { code, message, fields? } }` with messages in Russian. Authenticate with ' +
  '`Authorization: Bearer sid_…` (an API key a dealer admin creates: dealer-user rights, never user or key management) ' +
  'or with the session cookie from /api/auth/login, in which case every state-changing request carries X-CSRF-Token.\n\n' +
  '**Webhooks.** A dealer admin adds endpoints under /api/dealer/webhooks. When an order of the dealer changes status, SID POSTs a ' +
  '`WebhookEvent` (JSON, `type: order.status_changed`) to each endpoint, with headers `X-SID-Event` (the type), `X-SID-Delivery` ' +
  '(the delivery id, the same on every attempt: drop repeats) and `X-SID-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` ' +
  'under the endpoint’s secret; compare in constant time and refuse a `t` more than 5 minutes off. Answer 2xx within 10 s. ' +
  '5xx, 408, 429 (Retry-After is honoured), timeouts and refused connections are retried with back-off for 24 hours; any other ' +
  '4xx ends the delivery as failed. Deliveries may arrive out of order: `occurredAt` and `previousStatus` tell.';

/**
 * What any route may answer whatever its own contract says: 400 from the edge's input guard (NUL
 * bytes, lone surrogates, over-long path parameters) and 429 from the rate limits.
 */
const EDGE_ERRORS = errors(400, 429);

/** Register before any route: swagger collects routes as they are added. */
export async function registerContracts(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRoute', (route) => {
    if (route.schema?.response) route.schema = { ...route.schema, response: { ...EDGE_ERRORS, ...(route.schema.response as object) } };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SID dealer API', version: '1', description: DESCRIPTION },
      servers: [{ url: '/' }],
      security: anyDealer,
      tags: [
        { name: 'auth' },
        { name: 'catalog' },
        { name: 'orders' },
        { name: 'invoices' },
        { name: 'licenses' },
        { name: 'quotes' },
        { name: 'order templates' },
        { name: 'dealer admin', description: 'Dealer admins with a session only' },
        { name: 'webhooks', description: 'Dealer admins with a session only; see the description for payload and signature' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'sid_<prefix>_<secret>', description: 'A dealer API key (dealer-user rights)' },
          session: { type: 'apiKey', in: 'cookie', name: 'sid_session', description: 'Set by POST /api/auth/login' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'Returned by login and /api/auth/me; required with the session cookie on POST/PUT/DELETE' },
        },
      },
    },
    // The description is of the dealer API: staff, machine and onboarding routes keep their
    // contracts (validation and serialisation) but are left out of it.
    transform: (document) => (isDealerApi(document.url) ? transform(document) : { schema: { hide: true } as never, url: document.url }),
    transformObject: jsonSchemaTransformObject,
  });
}
