import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/order';
import { changeRoleSchema, createApiKeySchema, DEALER_ROLES, inviteUserSchema } from '../accounts/account.schemas';
import { credentialsSchema } from '../credentials';
import { dealerSettingsSchema } from '../orders/order-approval.routes';
import { periodSchema } from '../documents/reconciliation.schemas';
import { checkOrderSchema, listOrdersSchema, placeOrderSchema } from '../orders/order.schemas';
import { quickOrderSchema } from '../orders/quick-order.routes';
import { orderTemplateSchema } from '../order-templates/order-templates.schemas';
import { createQuoteSchema } from '../quotes/quotes.schemas';
import { moscowDateOf } from '../../domain/moscow-time';
import { addDays } from '../../domain/quote';
import { listLicensesSchema } from '../licenses/licenses.schemas';
import { createWebhookSchema } from '../webhooks/webhooks.schemas';
import { WEBHOOK_EVENTS } from '../../workflows/webhooks/webhook-delivery.contract';
import { USER_ROLES } from '../../domain/accounts';
import { INVOICE_STATUSES } from '../../domain/invoice';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { LICENSE_STATUSES } from '../../domain/license-term';
import { CURRENCIES } from '../../domain/money';
import { SETTLEMENT_SCHEMES } from '../../domain/order';
import { QUOTE_STATUSES } from '../../domain/quote';
import { VAT_MODES } from '../../domain/vat';
import { WEBHOOK_DELIVERY_STATUSES } from '../../domain/webhooks';

/**
 * The OpenAPI 3.1 description of the dealer API (GET /api/openapi.json): what a dealer's own
 * system and the web app call. Request bodies and the orders query are generated from the zod
 * schemas the routes validate with, so the description cannot drift from validation; responses
 * are written out here. test/api/openapi.test.ts fails when a dealer-facing route is missing.
 */
type JsonSchema = Record<string, unknown>;

/** What a request must look like, as JSON Schema 2020-12 (OpenAPI 3.1's dialect): the input side of the zod schema. */
function requestSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return json;
}

/** Query parameters from a zod object schema, one per property. */
function queryParameters(schema: z.ZodObject, examples: Record<string, unknown> = {}) {
  const json = requestSchema(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(name in examples ? { example: examples[name] } : {}),
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType, example: unknown) => ({ required: true, content: { 'application/json': { schema: requestSchema(schema), example } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: ERROR_MEANINGS[status] ?? 'Error', content: { 'application/json': { schema: ref('Error') } } }]));
const pathParam = (name: string, description: string, example: string, format?: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string', ...(format ? { format } : {}) }, example });

const ERROR_MEANINGS: Record<number, string> = {
  400: 'The request is malformed; `fields` names each wrong field',
  401: 'No session, or an unknown or revoked API key',
  403: 'Not allowed for this principal (role, API key, or a missing/wrong X-CSRF-Token)',
  404: 'Not found, or another dealer’s',
  409: 'Conflicts with the current state; the message says why',
  410: 'Expired or already used',
  422: 'Well-formed but refused by business rules (unknown PartNumber, licence policy, credit limit)',
  429: 'Too many failed logins; try again later',
  503: 'A dependency (the workflow engine) is unavailable; nothing was stored',
};

const kopecks = { type: 'integer', description: 'Integer kopecks (RUB minor units)' };
const cents = { type: 'integer', description: 'Integer cents (USD minor units)' };
const nullable = (schema: JsonSchema) => ({ anyOf: [schema, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date' };
const object = (properties: Record<string, JsonSchema>, optional: string[] = []) => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
const page = (item: string) => object({ items: { type: 'array', items: ref(item) }, page: { type: 'integer' }, pageSize: { type: 'integer' }, total: { type: 'integer' } });
const fieldError = object({ field: { type: 'string', description: 'Path of the field, e.g. `lines.0.quantity`' }, message: { type: 'string', description: 'In Russian, for people' } });
const invoiceStatus = { type: 'string', enum: [...INVOICE_STATUSES] };
const totals = object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks, grossCents: cents });

const schemas: Record<string, JsonSchema> = {
  Error: object({ error: object({ code: { type: 'string', description: 'Stable, for programs' }, message: { type: 'string', description: 'In Russian, for people' }, fields: { type: 'array', items: fieldError } }, ['fields']) }),
  FieldError: fieldError,
  Principal: object(
    {
      userId: { type: 'string', format: 'uuid' },
      login: { type: 'string' },
      role: { type: 'string', enum: [...USER_ROLES] },
      dealerId: nullable({ type: 'string', format: 'uuid' }),
      apiKeyId: { type: 'string', format: 'uuid', description: 'Present when an API key authenticated the request' },
    },
    ['apiKeyId'],
  ),
  UsdRate: object({ rate: { type: 'string', description: 'RUB per USD, 4 decimals' }, rateDate: date, source: { type: 'string' }, officialRate: { type: 'string' } }),
  Product: object({
    partNumber: { type: 'string' },
    name: { type: 'string' },
    vendor: object({ code: { type: 'string' }, name: { type: 'string' } }),
    category: { type: 'string' },
    segment: nullable({ type: 'string' }),
    vatMode: { type: 'string', enum: [...VAT_MODES] },
    listPrice: object({ minor: { type: 'integer' }, currency: { type: 'string', enum: [...CURRENCIES] } }),
    listPriceKopecks: nullable(kopecks),
    priceKopecks: nullable({ ...kopecks, description: 'The dealer’s price for one licence, in kopecks' }),
    priceRule: nullable({ type: 'string' }),
    licenseTermMonths: nullable({ type: 'integer' }),
  }),
  ProductPage: { ...page('Product'), properties: { ...page('Product').properties, usdRate: nullable(ref('UsdRate')) }, required: [...page('Product').required, 'usdRate'] },
  OrderCheck: object({ ok: { type: 'boolean' }, errors: { type: 'array', items: ref('FieldError') } }),
  Quote: object({
    ok: { type: 'boolean' },
    errors: { type: 'array', items: ref('FieldError') },
    lines: {
      type: 'array',
      items: object(
        { index: { type: 'integer' }, partNumber: { type: 'string' }, quantity: { type: 'integer' }, unitPriceKopecks: kopecks, netKopecks: kopecks, grossKopecks: kopecks, grossCents: cents, priceRule: nullable({ type: 'string' }) },
        ['unitPriceKopecks', 'netKopecks', 'grossKopecks', 'grossCents'],
      ),
    },
    totals: nullable(object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks, netCents: cents, vatCents: cents, grossCents: cents })),
    usdRate: nullable(object({ rate: { type: 'string' }, date, source: { type: 'string' } })),
  }),
  PlacedOrder: object({
    orderNumber: { type: 'string' },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    totals,
    usdRate: object({ rate: { type: 'string' }, date }),
    links: object({ self: { type: 'string' } }),
  }),
  OrderListItem: object(
    {
      orderNumber: { type: 'string' },
      status: { type: 'string', enum: [...ORDER_STATUSES] },
      settlementScheme: { type: 'string', enum: [...SETTLEMENT_SCHEMES] },
      grossKopecks: kopecks,
      grossCents: cents,
      createdAt: dateTime,
      shippedAt: nullable(dateTime),
      dealerName: { type: 'string' },
      invoiceNumbers: { type: 'array', items: { type: 'string' } },
      workflowUrl: { type: 'string', description: 'Staff only' },
    },
    ['workflowUrl'],
  ),
  OrderPage: page('OrderListItem'),
  OrderDetail: object(
    {
      orderNumber: { type: 'string' },
      status: { type: 'string', enum: [...ORDER_STATUSES] },
      settlementScheme: { type: 'string' },
      createdAt: dateTime,
      shippedAt: nullable(dateTime),
      usdRate: object({ rate: { type: 'string' }, date }),
      totals,
      endUser: nullable({ type: 'object' }),
      lines: {
        type: 'array',
        items: object({
          lineNo: { type: 'integer' },
          partNumber: { type: 'string' },
          productName: { type: 'string' },
          vendor: { type: 'string' },
          quantity: { type: 'integer' },
          unitPriceKopecks: kopecks,
          netKopecks: kopecks,
          vatBasisPoints: { type: 'integer', description: '2200 = 22%' },
          vatKopecks: kopecks,
          grossKopecks: kopecks,
          grossCents: cents,
          priceRule: { type: 'string' },
        }),
      },
      documents: { type: 'array', items: object({ kind: { type: 'string' }, number: nullable({ type: 'string' }), documentDate: nullable(date), sizeBytes: { type: 'integer' }, href: { type: 'string' } }) },
      archive: nullable(object({ href: { type: 'string' } })),
      progress: nullable(
        object({ status: { type: 'string' }, timeline: { type: 'array', items: object({ step: { type: 'string' }, at: dateTime, detail: { type: 'string' } }, ['detail']) }, awaiting: nullable({ type: 'string' }) }),
      ),
      workflowUrl: { type: 'string', description: 'Staff only' },
    },
    ['workflowUrl'],
  ),
  Invoice: object({
    id: { type: 'string', format: 'uuid' },
    number: nullable({ type: 'string', description: 'Given by 1C; null until then' }),
    date: nullable(date),
    purpose: { type: 'string' },
    orderNumber: nullable({ type: 'string' }),
    statementMonth: nullable({ type: 'string' }),
    amountKopecks: kopecks,
    paidKopecks: kopecks,
    remainingKopecks: kopecks,
    dueDate: nullable(date),
    status: invoiceStatus,
    pdf: nullable({ type: 'string' }),
  }),
  Balance: object({
    settlementScheme: nullable({ type: 'string', enum: [...SETTLEMENT_SCHEMES] }),
    creditLimitKopecks: kopecks,
    creditHold: { type: 'boolean' },
    outstandingCreditKopecks: kopecks,
    unpaidInvoicesKopecks: kopecks,
    overdueKopecks: kopecks,
  }),
  DealerUser: object({
    id: { type: 'string', format: 'uuid' },
    login: { type: 'string' },
    fullName: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: [...DEALER_ROLES] },
    disabledAt: nullable(dateTime),
    createdAt: dateTime,
    passwordSet: { type: 'boolean', description: 'False while the invitation link is unused' },
  }),
  Invitation: object({ sent: { type: 'boolean' }, message: { type: 'string' } }),
  ApiKey: object({
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The 8 characters after `sid_`, to tell keys apart' },
    createdBy: nullable({ type: 'string', description: 'Login of the admin who created it' }),
    createdAt: dateTime,
    lastUsedAt: nullable({ ...dateTime, description: 'Updated at most once a minute' }),
    revokedAt: nullable(dateTime),
  }),
  // Quick order and key re-delivery (src/api/orders/quick-order.routes.ts, key-redelivery.routes.ts).
  QuickOrderLine: object(
    {
      lineNo: { type: 'integer', description: 'The line as pasted, or the spreadsheet row' },
      raw: { type: 'string' },
      status: { type: 'string', enum: ['ok', 'policy', 'unresolved', 'merged'], description: '`policy`: found and priced, with licence-policy findings; `merged`: a repeat added to `mergedInto`' },
      partNumber: nullable({ type: 'string' }),
      quantity: nullable({ type: 'integer' }),
      product: object({ partNumber: { type: 'string' }, name: { type: 'string' }, vendorCode: { type: 'string' }, vendorName: { type: 'string' } }),
      price: nullable(object({ unitPriceKopecks: kopecks, netKopecks: kopecks, vatBasisPoints: { type: 'integer' }, vatKopecks: kopecks, grossKopecks: kopecks, grossCents: cents, priceRule: nullable({ type: 'string' }) })),
      findings: { type: 'array', items: ref('FieldError') },
      problem: object(
        {
          code: { type: 'string', enum: ['missing_part_number', 'missing_quantity', 'bad_quantity', 'quantity_out_of_range', 'unknown_part_number', 'ambiguous_part_number', 'inactive_product', 'duplicate'] },
          message: { type: 'string', description: 'In Russian, for people' },
          vendors: { type: 'array', items: object({ code: { type: 'string' }, name: { type: 'string' } }), description: 'The vendors an ambiguous PartNumber belongs to' },
        },
        ['vendors'],
      ),
      mergedInto: { type: 'integer' },
      mergedLineNos: { type: 'array', items: { type: 'integer' } },
    },
    ['product', 'price', 'findings', 'problem', 'mergedInto', 'mergedLineNos'],
  ),
  QuickOrder: object({
    source: { type: 'string', enum: ['text', 'csv', 'xlsx'] },
    header: nullable(object({ lineNo: { type: 'integer' }, raw: { type: 'string' } })),
    lines: { type: 'array', items: ref('QuickOrderLine') },
    summary: object({ ok: { type: 'integer' }, policy: { type: 'integer' }, unresolved: { type: 'integer' }, merged: { type: 'integer' } }),
    totals: nullable({ ...totals, description: 'Of the `ok` lines' }),
    orderFindings: { type: 'array', items: ref('FieldError'), description: 'Findings of the order as a whole (end-user data, filled in the cart)' },
    usdRate: nullable(object({ rate: { type: 'string' }, date: date, source: { type: 'string' } })),
  }),
  KeyDeliveries: object({
    orderNumber: { type: 'string' },
    downloads: { type: 'array', items: object({ at: dateTime, ip: nullable({ type: 'string' }), user: nullable(object({ login: { type: 'string' }, fullName: { type: 'string' } })) }) },
    letters: {
      type: 'array',
      items: object({
        kind: { type: 'string', enum: ['shipment', 'resend'] },
        to: { type: 'string' },
        status: { type: 'string', enum: ['queued', 'sending', 'sent'] },
        createdAt: dateTime,
        sentAt: nullable(dateTime),
        requestedBy: nullable(object({ login: { type: 'string' }, fullName: { type: 'string' } })),
      }),
    },
  }),
};

// Webhooks to dealers' own systems (src/api/webhooks, src/activities/webhooks).
Object.assign(schemas, {
  WebhookEndpoint: object({
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string', format: 'uri' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
    createdBy: nullable({ type: 'string', description: 'Login of the admin who added it' }),
    createdAt: dateTime,
    disabledAt: nullable(dateTime),
  }),
  WebhookDelivery: object({
    id: { type: 'string', format: 'uuid', description: 'Sent as X-SID-Delivery: the same on every attempt, for the receiver to drop repeats' },
    event: { type: 'string', enum: [...WEBHOOK_EVENTS, 'ping'] },
    eventKey: { type: 'string', description: '`<orderNumber>/<status>`, or `ping/<uuid>`: one delivery per event and endpoint' },
    status: { type: 'string', enum: [...WEBHOOK_DELIVERY_STATUSES] },
    attempts: { type: 'integer' },
    lastStatusCode: nullable({ type: 'integer', description: 'The receiver’s HTTP status at the last attempt; null when it could not be reached' }),
    lastError: nullable({ type: 'string' }),
    createdAt: dateTime,
    deliveredAt: nullable(dateTime),
  }),
  WebhookEvent: {
    ...object({
      id: { type: 'string', description: 'The event’s key, `<orderNumber>/<status>`: the same on every endpoint and attempt' },
      type: { type: 'string', enum: [...WEBHOOK_EVENTS, 'ping'] },
      occurredAt: dateTime,
      data: {
        type: 'object',
        description: 'For `order.status_changed`: orderNumber, status, previousStatus (null when unknown), settlementScheme, totals, links; for `ping`: webhookId, url',
        properties: {
          orderNumber: { type: 'string' },
          status: { type: 'string', enum: [...ORDER_STATUSES] },
          previousStatus: nullable({ type: 'string', enum: [...ORDER_STATUSES] }),
          settlementScheme: { type: 'string', enum: [...SETTLEMENT_SCHEMES] },
          totals,
          links: object({ self: { type: 'string', description: 'GET this with an API key for the whole order' }, web: { type: 'string' } }),
        },
      },
    }),
    description: 'The JSON body SID POSTs to a webhook endpoint (see the API description for the headers and signature)',
  },
});

const EXAMPLE_PART_NUMBER = 'DR6203A1Y-01';
const orderNumberParam = pathParam('orderNumber', 'The order number', 'SID-2026-000001');
const userIdParam = pathParam('userId', 'A user of the dealer', '00000000-0000-4000-8000-000000000001', 'uuid');
const keyIdParam = pathParam('keyId', 'An API key of the dealer', '00000000-0000-4000-8000-000000000002', 'uuid');
const webhookIdParam = pathParam('webhookId', 'A webhook endpoint of the dealer', '00000000-0000-4000-8000-000000000004', 'uuid');
const anyDealer = [{ bearer: [] }, { session: [], csrf: [] }];
const adminOnly = [{ session: [], csrf: [] }];
const userAnswer = json(object({ user: ref('DealerUser') }));

const paths = {
  '/api/auth/login': {
    post: {
      tags: ['auth'],
      summary: 'Log in: sets the session cookie and returns the CSRF token for X-CSRF-Token',
      security: [],
      requestBody: body(credentialsSchema, { login: 'postpay@demo.sid', password: 'demo-password' }),
      responses: { 200: json(object({ user: { type: 'object' }, csrfToken: { type: 'string' } })), ...errors(400, 401, 403, 429) },
    },
  },
  '/api/auth/logout': { post: { tags: ['auth'], summary: 'End the session', security: adminOnly, responses: { 200: json(object({ ok: { type: 'boolean' } })), ...errors(403) } } },
  '/api/auth/me': {
    get: { tags: ['auth'], summary: 'Who is calling; with a session, also its CSRF token', security: anyDealer, responses: { 200: json(object({ user: ref('Principal'), csrfToken: { type: 'string' } }, ['csrfToken'])), ...errors(401) } },
  },
  '/api/catalog/products': {
    get: {
      tags: ['catalog'],
      summary: 'Search the catalog: `q` matches PartNumber (exact, then prefix, ignoring case, spaces and dashes) and name',
      security: anyDealer,
      // Hand-written: the catalog route's query schema is private to its module.
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, example: 'dr6203' },
        { name: 'vendor', in: 'query', schema: { type: 'string', maxLength: 20 }, example: 'DRWEB' },
        { name: 'category', in: 'query', schema: { type: 'string', maxLength: 200 } },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
      ],
      responses: { 200: json(ref('ProductPage')), ...errors(400, 401) },
    },
  },
  '/api/catalog/categories': {
    get: {
      tags: ['catalog'],
      summary: 'Categories with their number of active products',
      security: anyDealer,
      parameters: [{ name: 'vendor', in: 'query', schema: { type: 'string', maxLength: 20 }, example: 'DRWEB' }],
      responses: { 200: json(object({ items: { type: 'array', items: object({ category: { type: 'string' }, products: { type: 'integer' } }) } })), ...errors(401) },
    },
  },
  '/api/catalog/vendors': {
    get: {
      tags: ['catalog'],
      summary: 'Vendors with their number of products',
      security: anyDealer,
      responses: { 200: json(object({ items: { type: 'array', items: object({ code: { type: 'string' }, name: { type: 'string' }, products: { type: 'integer' } }) } })), ...errors(401) },
    },
  },
  '/api/orders': {
    get: {
      tags: ['orders'],
      summary: 'The dealer’s orders, newest first',
      security: anyDealer,
      parameters: queryParameters(listOrdersSchema, { vendor: 'DRWEB', from: '2026-01-01' }),
      responses: { 200: json(ref('OrderPage')), ...errors(400, 401) },
    },
    post: {
      tags: ['orders'],
      summary: 'Submit an order; the same clientRequestId again returns the first order (200)',
      security: anyDealer,
      requestBody: body(placeOrderSchema, { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 2 }], clientRequestId: 'erp-4711' }),
      responses: { 201: json(ref('PlacedOrder'), 'Created'), 200: json(ref('PlacedOrder'), 'The order of an earlier request with this clientRequestId'), ...errors(400, 401, 403, 422, 503) },
    },
  },
  '/api/orders/check': {
    post: {
      tags: ['orders'],
      summary: 'Check lines against the catalog and licence policies; stores nothing',
      security: anyDealer,
      requestBody: body(checkOrderSchema, { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 1 }] }),
      responses: { 200: json(ref('OrderCheck')), ...errors(400, 401, 403) },
    },
  },
  '/api/orders/quote': {
    post: {
      tags: ['orders'],
      summary: 'The check plus each line priced for the dealer and the totals in RUB and USD; stores nothing',
      security: anyDealer,
      requestBody: body(checkOrderSchema, { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 3 }] }),
      responses: { 200: json(ref('Quote')), ...errors(400, 401, 403) },
    },
  },
  '/api/orders/{orderNumber}': {
    get: { tags: ['orders'], summary: 'One order with its lines, documents and live timeline', security: anyDealer, parameters: [orderNumberParam], responses: { 200: json(ref('OrderDetail')), ...errors(401, 404) } },
  },
  '/api/orders/{orderNumber}/documents/{kind}': {
    get: {
      tags: ['orders'],
      summary: 'The order’s invoice or act as PDF',
      security: anyDealer,
      parameters: [orderNumberParam, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['invoice', 'act'] } }],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }, ...errors(401, 404) },
    },
  },
  '/api/orders/{orderNumber}/archive': {
    get: {
      tags: ['orders'],
      summary: 'The key archive (zip with a manifest and the act)',
      security: anyDealer,
      parameters: [orderNumberParam],
      responses: { 200: { description: 'ZIP', content: { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } } }, ...errors(401, 404, 409) },
    },
  },
  '/api/orders/{orderNumber}/resend-keys': {
    post: {
      tags: ['orders'],
      summary: 'Mail a shipped order’s key archive again to a user of the dealer',
      // The body is described in words: the shared example check posts to a made-up order number.
      description:
        'Body: `{ "userId": "<uuid>" }`. A dealer user (and an API key) may send only to itself, a dealer admin to any active user of its dealer. Each request is its own letter and is audited (`keys.archive_resent`); at most 10 per order per hour (429).',
      security: anyDealer,
      parameters: [orderNumberParam],
      responses: { 202: json(object({ message: { type: 'string' }, requestId: { type: 'string', format: 'uuid' }, recipient: object({ userId: { type: 'string' }, login: { type: 'string' }, email: { type: 'string' }, fullName: { type: 'string' } }) }), 'Accepted: the letter is on its way'), ...errors(400, 401, 403, 404, 409, 422, 429, 503) },
    },
  },
  '/api/orders/{orderNumber}/approve': {
    post: {
      tags: ['orders'],
      summary: 'A dealer admin approves an order waiting for approval (above the dealer’s threshold); it starts at once',
      security: adminOnly,
      parameters: [orderNumberParam],
      responses: { 200: json(object({ orderNumber: { type: 'string' }, status: { type: 'string' } })), 202: json(object({ orderNumber: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' } }), 'Approved; it starts once Temporal answers'), ...errors(401, 403, 404, 409) },
    },
  },
  '/api/orders/{orderNumber}/decline': {
    post: {
      tags: ['orders'],
      summary: 'A dealer admin declines an order waiting for approval; it is cancelled',
      // The body is described in words: the shared example check posts to a made-up order number.
      description: 'Body: `{ "reason": "…" }` — the reason, which the order’s author sees.',
      security: adminOnly,
      parameters: [orderNumberParam],
      responses: { 200: json(object({ orderNumber: { type: 'string' }, status: { type: 'string' } })), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/dealer/settings': {
    get: {
      tags: ['dealer admin'],
      summary: 'The dealer’s ordering rules: above which gross amount (kopecks) a dealer user’s order waits for an admin (null: never)',
      security: adminOnly,
      responses: { 200: json(object({ orderApprovalThresholdKopecks: { type: ['integer', 'null'] } })), ...errors(401, 403) },
    },
    put: {
      tags: ['dealer admin'],
      summary: 'Set the approval threshold',
      security: adminOnly,
      requestBody: body(dealerSettingsSchema, { orderApprovalThresholdKopecks: 50_000_000 }),
      responses: { 200: json(object({ orderApprovalThresholdKopecks: { type: ['integer', 'null'] } })), ...errors(400, 401, 403) },
    },
  },
  '/api/orders/{orderNumber}/key-deliveries': {
    get: { tags: ['orders'], summary: 'Every download of the key archive and every letter that carried it', security: anyDealer, parameters: [orderNumberParam], responses: { 200: json(ref('KeyDeliveries')), ...errors(401, 404) } },
  },
  '/api/orders/quick': {
    post: {
      tags: ['orders'],
      summary: 'Quick order: pasted lines or a CSV/XLSX list of PartNumbers, each resolved, priced and policy-checked or explained; stores nothing',
      security: anyDealer,
      requestBody: body(quickOrderSchema, { text: `${EXAMPLE_PART_NUMBER};2` }),
      responses: { 200: json(ref('QuickOrder')), ...errors(400, 401, 403, 413, 415, 422) },
    },
  },
  '/api/invoices': {
    get: {
      tags: ['invoices'],
      summary: 'The dealer’s invoices, newest first',
      security: anyDealer,
      // Hand-written: the invoices route's query schema is private to its module.
      parameters: [
        { name: 'status', in: 'query', schema: invoiceStatus, example: 'overdue' },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      ],
      responses: { 200: json(object({ items: { type: 'array', items: ref('Invoice') }, page: { type: 'integer' }, pageSize: { type: 'integer' } })), ...errors(400, 401) },
    },
  },
  '/api/invoices/summary': { get: { tags: ['invoices'], summary: 'Balance: credit limit, outstanding, unpaid and overdue amounts', security: anyDealer, responses: { 200: json(ref('Balance')), ...errors(401, 403) } } },
  '/api/invoices/{id}/pdf': {
    get: {
      tags: ['invoices'],
      summary: 'An invoice as PDF (once 1C has numbered it)',
      security: anyDealer,
      parameters: [pathParam('id', 'Invoice id', '00000000-0000-4000-8000-000000000003', 'uuid')],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }, ...errors(401, 404, 409) },
    },
  },
  '/api/reconciliation': {
    get: {
      tags: ['invoices'],
      summary: 'Reconciliation statement (акт сверки) for a period: opening balance, shipment documents (acts), payments, closing balance',
      security: anyDealer,
      parameters: queryParameters(periodSchema, { from: '2026-10-01', to: '2026-12-31' }),
      responses: { 200: json({ type: 'object' }), ...errors(400, 401, 403) },
    },
  },
  '/api/reconciliation.pdf': {
    get: {
      tags: ['invoices'],
      summary: 'The reconciliation statement as PDF',
      security: anyDealer,
      parameters: queryParameters(periodSchema, { from: '2026-10-01', to: '2026-12-31' }),
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }, ...errors(400, 401, 403) },
    },
  },
  '/api/reconciliation.xlsx': {
    get: {
      tags: ['invoices'],
      summary: 'The reconciliation statement as an Excel workbook',
      security: anyDealer,
      parameters: queryParameters(periodSchema, { from: '2026-10-01', to: '2026-12-31' }),
      responses: {
        200: { description: 'XLSX', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } } } },
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/dealer/users': {
    get: { tags: ['dealer admin'], summary: 'The dealer’s users (dealer admins only)', security: adminOnly, responses: { 200: json(object({ items: { type: 'array', items: ref('DealerUser') } })), ...errors(401, 403) } },
    post: {
      tags: ['dealer admin'],
      summary: 'Invite a user: created without a password and mailed a link to set one',
      security: adminOnly,
      requestBody: body(inviteUserSchema, { login: 'ivanova', fullName: 'Иванова Мария Петровна', email: 'ivanova@example.ru', role: 'dealer_user' }),
      responses: { 201: json(object({ user: ref('DealerUser'), invitation: ref('Invitation') }), 'Created'), ...errors(400, 401, 403, 409) },
    },
  },
  '/api/dealer/users/{userId}/invitation': {
    post: { tags: ['dealer admin'], summary: 'Mail the invitation again (while no password is set)', security: adminOnly, parameters: [userIdParam], responses: { 200: json(object({ user: ref('DealerUser'), invitation: ref('Invitation') })), ...errors(401, 403, 404, 409) } },
  },
  '/api/dealer/users/{userId}/role': {
    post: {
      tags: ['dealer admin'],
      summary: 'Change a user’s role; never one’s own, never the last active admin',
      security: adminOnly,
      parameters: [userIdParam],
      requestBody: body(changeRoleSchema, { role: 'dealer_admin' }),
      responses: { 200: userAnswer, ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/dealer/users/{userId}/disable': {
    post: { tags: ['dealer admin'], summary: 'Switch a user off: no login, sessions ended', security: adminOnly, parameters: [userIdParam], responses: { 200: userAnswer, ...errors(401, 403, 404, 409) } },
  },
  '/api/dealer/users/{userId}/enable': {
    post: { tags: ['dealer admin'], summary: 'Switch a user on again', security: adminOnly, parameters: [userIdParam], responses: { 200: userAnswer, ...errors(401, 403, 404) } },
  },
  '/api/dealer/api-keys': {
    get: { tags: ['dealer admin'], summary: 'The dealer’s API keys (never the keys themselves)', security: adminOnly, responses: { 200: json(object({ items: { type: 'array', items: ref('ApiKey') } })), ...errors(401, 403) } },
    post: {
      tags: ['dealer admin'],
      summary: 'Create an API key; `key` is in this answer only, store it now',
      security: adminOnly,
      requestBody: body(createApiKeySchema, { name: 'ERP: заказы' }),
      responses: { 201: json(object({ apiKey: ref('ApiKey'), key: { type: 'string', pattern: '^sid_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$' } }), 'Created'), ...errors(400, 401, 403) },
    },
  },
  '/api/dealer/api-keys/{keyId}': {
    delete: { tags: ['dealer admin'], summary: 'Revoke an API key (same as POST …/revoke)', security: adminOnly, parameters: [keyIdParam], responses: { 200: json(object({ apiKey: ref('ApiKey') })), ...errors(401, 403, 404) } },
  },
  '/api/dealer/api-keys/{keyId}/revoke': {
    post: { tags: ['dealer admin'], summary: 'Revoke an API key: requests with it get 401 from now on', security: adminOnly, parameters: [keyIdParam], responses: { 200: json(object({ apiKey: ref('ApiKey') })), ...errors(401, 403, 404) } },
  },
  '/api/dealer/webhooks': {
    get: { tags: ['webhooks'], summary: 'The dealer’s webhook endpoints (never their secrets)', security: adminOnly, responses: { 200: json(object({ items: { type: 'array', items: ref('WebhookEndpoint') } })), ...errors(401, 403) } },
    post: {
      tags: ['webhooks'],
      summary: 'Add a webhook endpoint (https); `secret` signs its requests and is in this answer only, store it now',
      security: adminOnly,
      requestBody: body(createWebhookSchema, { url: 'https://erp.example.ru/sid-webhooks', events: ['order.status_changed'] }),
      responses: { 201: json(object({ webhook: ref('WebhookEndpoint'), secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9_-]{43}$' } }), 'Created'), ...errors(400, 401, 403, 409) },
    },
  },
  '/api/dealer/webhooks/{webhookId}': {
    delete: { tags: ['webhooks'], summary: 'Disable an endpoint: nothing more is sent to it (its log stays)', security: adminOnly, parameters: [webhookIdParam], responses: { 200: json(object({ webhook: ref('WebhookEndpoint') })), ...errors(401, 403, 404) } },
  },
  '/api/dealer/webhooks/{webhookId}/test': {
    post: {
      tags: ['webhooks'],
      summary: 'Send a signed `ping` event to the endpoint now; it appears in the delivery log',
      security: adminOnly,
      parameters: [webhookIdParam],
      responses: { 202: json(object({ delivery: ref('WebhookDelivery') }), 'Accepted: on its way'), ...errors(401, 403, 404, 409, 503) },
    },
  },
  '/api/dealer/webhooks/{webhookId}/deliveries': {
    get: { tags: ['webhooks'], summary: 'The endpoint’s delivery log, newest first (200 at most)', security: adminOnly, parameters: [webhookIdParam], responses: { 200: json(object({ items: { type: 'array', items: ref('WebhookDelivery') } })), ...errors(401, 403, 404) } },
  },
};

// Delivered licences and their renewal (src/api/licenses).
const renewalLine = object({
  partNumber: { type: 'string', description: 'The same PartNumber as the licence (the catalog has no separate renewal SKUs)' },
  vendor: { type: 'string' },
  productName: { type: 'string' },
  quantity: { type: 'integer' },
  licenseType: { type: 'string', enum: ['renewal'] },
  previousLicenseNumber: { type: 'string' },
});
const endUser = object({ name: { type: 'string' }, inn: { type: 'string' }, email: { type: 'string' }, region: { type: 'string' } }, ['inn', 'email', 'region']);
Object.assign(schemas, {
  License: object(
    {
      id: { type: 'string', format: 'uuid' },
      licenseNumber: { type: 'string', description: 'What a renewal quotes: the API vendor’s order id (plus `-<lineNo>` when the vendor order had several lines), else `<orderNumber>-<lineNo>`' },
      partNumber: { type: 'string' },
      productName: { type: 'string' },
      vendor: object({ code: { type: 'string' }, name: { type: 'string' } }),
      quantity: { type: 'integer' },
      endUser: nullable(object({ name: nullable({ type: 'string' }), inn: nullable({ type: 'string' }) })),
      startsOn: date,
      endsOn: { ...date, description: 'The last day of the term (Moscow)' },
      daysLeft: { type: 'integer', description: 'Days from today (Moscow) to the last day; negative once ended' },
      status: { type: 'string', enum: [...LICENSE_STATUSES] },
      urgency: { type: 'string', enum: ['lapsed', 'week', 'month', 'none'] },
      orderNumber: { type: 'string' },
      renewedByOrderNumber: nullable({ type: 'string' }),
      renewal: nullable({ ...object({ line: renewalLine, endUser: nullable(endUser) }), description: 'The cart that renews it (POST /api/orders takes it as `lines: [line], endUser`); null once renewed' }),
      dealerName: { type: 'string', description: 'Staff only' },
    },
    ['dealerName'],
  ),
});
Object.assign(paths, {
  '/api/licenses': {
    get: {
      tags: ['licenses'],
      summary: 'The dealer’s delivered licences with a term, soonest end first',
      security: anyDealer,
      parameters: queryParameters(listLicensesSchema, { endUser: '7707083893', status: 'active' }),
      responses: { 200: json(page('License')), ...errors(400, 401) },
    },
  },
  '/api/licenses/{id}/renewal-quote': {
    post: {
      tags: ['licenses'],
      summary: 'The cart that renews a licence, priced and checked against the vendor’s renewal policy; stores nothing',
      security: anyDealer,
      parameters: [pathParam('id', 'A licence of the dealer', '00000000-0000-4000-8000-000000000005', 'uuid')],
      responses: {
        200: json(object({ license: ref('License'), cart: object({ lines: { type: 'array', items: renewalLine }, endUser }, ['endUser']), quote: ref('Quote') })),
        ...errors(401, 403, 404),
      },
    },
  },
});

// A dealer's commercial offers to its customers and saved order templates (src/api/quotes, src/api/order-templates).
const quoteIdParam = pathParam('quoteId', 'A commercial offer of the dealer', '00000000-0000-4000-8000-000000000006', 'uuid');
const templateIdParam = pathParam('templateId', 'An order template of the dealer', '00000000-0000-4000-8000-000000000007', 'uuid');
const quoteTotals = object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks });
const templateLine = object(
  { partNumber: { type: 'string' }, vendor: { type: 'string' }, quantity: { type: 'integer' }, licenseType: { type: 'string', enum: [...LICENSE_TYPES] }, previousLicenseNumber: { type: 'string' }, basePartNumber: { type: 'string' } },
  ['vendor', 'previousLicenseNumber', 'basePartNumber'],
);
Object.assign(schemas, {
  CommercialOffer: object(
    {
      id: { type: 'string', format: 'uuid' },
      number: { type: 'string', description: 'The dealer’s own running number, `КП-<year>-<NNNN>`' },
      createdAt: dateTime,
      date: { ...date, description: 'The day it was made (Moscow)' },
      customerName: { type: 'string' },
      customerInn: nullable({ type: 'string' }),
      markupBasisPoints: { type: 'integer', description: 'The dealer’s markup over its own price (1500 = 15%)' },
      validUntil: { ...date, description: 'The last day it can be ordered (Moscow)' },
      status: { type: 'string', enum: [...QUOTE_STATUSES] },
      endUser: nullable({ type: 'object' }),
      lines: {
        type: 'array',
        items: object(
          {
            ...templateLine.properties,
            productName: { type: 'string' },
            vatBasisPoints: { type: 'integer' },
            dealer: { ...quoteTotals, properties: { ...quoteTotals.properties, unitPriceKopecks: kopecks }, description: 'What the dealer pays, as priced on the day of the offer' },
            unitPriceKopecks: { ...kopecks, description: 'Marked up, rounded half-up to the kopeck' },
            netKopecks: kopecks,
            vatKopecks: kopecks,
            grossKopecks: kopecks,
          },
          ['previousLicenseNumber', 'basePartNumber'],
        ),
      },
      totals: { ...quoteTotals, description: 'What the customer is offered: sums of the marked-up lines' },
      dealerTotals: { ...quoteTotals, description: 'What the dealer would pay at the prices of the offer’s day' },
      usdRate: object({ rate: { type: 'string' }, date }),
      order: nullable(object({ orderNumber: { type: 'string' }, links: object({ self: { type: 'string' } }) })),
      links: object({ self: { type: 'string' }, pdf: { type: 'string' }, order: { type: 'string' } }),
      findings: { type: 'array', items: ref('FieldError'), description: 'Only when created: licence-policy findings, which do not block an offer but will block its order' },
    },
    ['findings'],
  ),
  OrderTemplate: object({ id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, lines: { type: 'array', items: templateLine }, createdAt: dateTime, updatedAt: dateTime }),
});
const exampleValidUntil = addDays(moscowDateOf(Date.now()), 30);
Object.assign(paths, {
  '/api/quotes': {
    get: {
      tags: ['quotes'],
      summary: 'The dealer’s commercial offers, newest first',
      security: anyDealer,
      parameters: [
        { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, example: 1 },
        { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 }, example: 50 },
      ],
      responses: { 200: json(page('CommercialOffer')), ...errors(400, 401, 403) },
    },
    post: {
      tags: ['quotes'],
      summary: 'Make a commercial offer from the cart’s lines with the dealer’s markup; numbered per dealer and year',
      description:
        'Lines are priced as `POST /api/orders/quote` prices them; each unit price is raised by the markup and rounded half-up to the kopeck, VAT per line. ' +
        'Lines the catalog cannot find are refused (422, each on its field); licence-policy findings come back in `findings` and do not block the offer. ' +
        '`validUntil` is a Moscow date from today to 90 days ahead.',
      security: anyDealer,
      requestBody: body(createQuoteSchema, { lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 2 }], customerName: 'ООО «Клиент»', customerInn: '7707083893', markupBasisPoints: 1500, validUntil: exampleValidUntil }),
      responses: { 201: json(ref('CommercialOffer'), 'Created'), ...errors(400, 401, 403, 422, 503) },
    },
  },
  '/api/quotes/{quoteId}': {
    get: { tags: ['quotes'], summary: 'One commercial offer', security: anyDealer, parameters: [quoteIdParam], responses: { 200: json(ref('CommercialOffer')), ...errors(401, 403, 404) } },
  },
  '/api/quotes/{quoteId}/pdf': {
    get: {
      tags: ['quotes'],
      summary: 'The commercial offer as PDF: the dealer as the seller with its requisites, the customer, marked-up lines, totals, amount in words, validity',
      security: anyDealer,
      parameters: [quoteIdParam],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }, ...errors(401, 403, 404) },
    },
  },
  '/api/quotes/{quoteId}/order': {
    post: {
      tags: ['quotes'],
      summary: 'Turn the offer into an order at today’s prices and policies (as POST /api/orders); 409 once expired or already ordered',
      security: anyDealer,
      parameters: [quoteIdParam],
      responses: {
        201: json(
          {
            ...ref('PlacedOrder'),
            description: 'The order as POST /api/orders answers it, plus `priceChanged`, `quotedDealerGrossKopecks`, `differenceKopecks` (order minus the dealer’s price on the offer’s day) and `quote`',
          },
          'Ordered',
        ),
        202: json(ref('PlacedOrder'), 'Recorded; waiting for the dealer admin’s approval or for the workflow engine'),
        ...errors(401, 403, 404, 409, 422, 503),
      },
    },
  },
  '/api/order-templates': {
    get: { tags: ['order templates'], summary: 'The dealer’s saved order templates, by name', security: anyDealer, responses: { 200: json(object({ items: { type: 'array', items: ref('OrderTemplate') } })), ...errors(401, 403) } },
    post: {
      tags: ['order templates'],
      summary: 'Save lines as a named template (names are unique within the dealer: 409)',
      security: anyDealer,
      requestBody: body(orderTemplateSchema, { name: 'Офис на 10 мест', lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 10 }] }),
      responses: { 201: json(object({ template: ref('OrderTemplate') }), 'Created'), ...errors(400, 401, 403, 409) },
    },
  },
  '/api/order-templates/{templateId}': {
    put: {
      tags: ['order templates'],
      summary: 'Replace a template’s name and lines',
      security: anyDealer,
      parameters: [templateIdParam],
      requestBody: body(orderTemplateSchema, { name: 'Офис на 12 мест', lines: [{ partNumber: EXAMPLE_PART_NUMBER, quantity: 12 }] }),
      responses: { 200: json(object({ template: ref('OrderTemplate') })), ...errors(400, 401, 403, 404, 409) },
    },
    delete: { tags: ['order templates'], summary: 'Delete a template', security: anyDealer, parameters: [templateIdParam], responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) } },
  },
});

export function openApiDocument(serverUrl = '/'): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SID dealer API',
      version: '1',
      description:
        'Orders, catalog and invoices for a dealer’s own systems and the SID web app. Money is in integer minor units ' +
        '(kopecks, cents). Errors are `{ error: { code, message, fields? } }` with messages in Russian. Authenticate with ' +
        '`Authorization: Bearer sid_…` (an API key a dealer admin creates: dealer-user rights, never user or key management) ' +
        'or with the session cookie from /api/auth/login, in which case every state-changing request carries X-CSRF-Token.\n\n' +
        '**Webhooks.** A dealer admin adds endpoints under /api/dealer/webhooks. When an order of the dealer changes status, SID POSTs a ' +
        '`WebhookEvent` (JSON, `type: order.status_changed`) to each endpoint, with headers `X-SID-Event` (the type), `X-SID-Delivery` ' +
        '(the delivery id, the same on every attempt: drop repeats) and `X-SID-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` ' +
        'under the endpoint’s secret; compare in constant time and refuse a `t` more than 5 minutes off. Answer 2xx within 10 s. ' +
        '5xx, 408, 429 (Retry-After is honoured), timeouts and refused connections are retried with back-off for 24 hours; any other ' +
        '4xx ends the delivery as failed. Deliveries may arrive out of order: `occurredAt` and `previousStatus` tell.',
    },
    servers: [{ url: serverUrl }],
    security: anyDealer,
    tags: [{ name: 'auth' }, { name: 'catalog' }, { name: 'orders' }, { name: 'invoices' }, { name: 'dealer admin', description: 'Dealer admins with a session only' }, { name: 'webhooks', description: 'Dealer admins with a session only; see the description for payload and signature' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'sid_<prefix>_<secret>', description: 'A dealer API key (dealer-user rights)' },
        session: { type: 'apiKey', in: 'cookie', name: 'sid_session', description: 'Set by POST /api/auth/login' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'Returned by login and /api/auth/me; required with the session cookie on POST/DELETE' },
      },
    },
  };
}
