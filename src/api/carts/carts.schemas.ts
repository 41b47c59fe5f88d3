import { z } from 'zod';
import { MAX_CART_LINES } from '../../domain/cart';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { ru } from '../../locale/ru';
import { anyDealer, errors, timestamp } from '../common.schemas';
import { refuseBidiControls } from '../name-text';

const t = ru.carts;
const EXAMPLE = 'DR6203A1Y-01';

const text = (max: number) => z.string().max(max);

/** A cart line as the cart page holds it: a draft, checked only when the cart is quoted or ordered. */
export const cartLineSchema = z.object({
  partNumber: z.string().trim().min(1).max(100),
  vendorCode: z.string().trim().min(1).max(20),
  name: text(500).default(''),
  quantity: z.number({ error: t.quantity }).int(t.quantity).min(0, t.quantity).max(100_000, t.quantity),
  licenseType: z.enum(LICENSE_TYPES).default('new'),
  previousLicenseNumber: text(100).default(''),
  basePartNumber: text(100).default(''),
});

export const cartEndUserSchema = z.object({ name: text(500).default(''), inn: text(20).default(''), email: text(320).default(''), region: text(200).default('') });

/**
 * A cart's name as the dealer typed it: at most 100 characters as sent (so the length the OpenAPI
 * document states is the length checked), then trimmed, and no control characters.
 */
const cartName = refuseBidiControls(
  z
    .string({ error: t.name })
    .max(100, t.name)
    .trim()
    .min(1, t.name)
    .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), { message: t.name }),
);
// One more than the limit passes the schema so the use case can say the limit in words.
const cartLines = z.array(cartLineSchema).max(MAX_CART_LINES + 1, t.tooManyLines(MAX_CART_LINES));

export const newCartSchema = z.object({
  name: cartName,
  lines: cartLines.optional(),
  endUser: cartEndUserSchema.partial().optional(),
  select: z.boolean().optional().meta({ description: 'false: create without making it the current cart (default true)' }),
});
export type NewCartRequest = z.infer<typeof newCartSchema>;

export const renameCartSchema = z.object({ name: cartName });
export type RenameCartRequest = z.infer<typeof renameCartSchema>;

export const cartContentSchema = z.object({
  lines: cartLines,
  endUser: cartEndUserSchema,
  requestId: z
    .string({ error: t.requestId })
    .regex(/^[A-Za-z0-9_-]{8,100}$/, t.requestId)
    .optional()
    .meta({ description: 'A new order attempt id, given after an order was placed from this cart and it was emptied' }),
});
export type CartContentRequest = z.infer<typeof cartContentSchema>;

// ---- Answers -------------------------------------------------------------------------------------

export const cartAnswerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    current: z.boolean().meta({ description: 'The cart the catalog adds to (the one selected last)' }),
    lines: z.array(cartLineSchema.extend({ name: z.string(), previousLicenseNumber: z.string(), basePartNumber: z.string(), licenseType: z.enum(LICENSE_TYPES) })),
    endUser: z.object({ name: z.string(), inn: z.string(), email: z.string(), region: z.string() }),
    requestId: z.string().meta({ description: 'The clientRequestId for POST /api/orders from this cart' }),
    updatedAt: timestamp,
  })
  .meta({ id: 'Cart' });

export const cartSummarySchema = z
  .object({ id: z.uuid(), name: z.string(), current: z.boolean(), lineCount: z.number().int(), updatedAt: timestamp })
  .meta({ id: 'CartSummary' });

export const cartIdParams = z.object({ cartId: z.string().max(100).meta({ description: 'One of the user’s carts', example: '00000000-0000-4000-8000-000000000017' }) });
const cartAnswer = z.object({ cart: cartAnswerSchema });
const tags = ['carts'];

export const cartContracts = {
  list: {
    tags,
    summary: 'The user’s carts by name, and the current one in full (null before the first is created)',
    security: anyDealer,
    response: { 200: z.object({ items: z.array(cartSummarySchema), current: cartAnswerSchema.nullable() }), ...errors(401, 403) },
  },
  create: {
    tags,
    summary: 'Create a named cart (names are unique per user: 409), by default the current one',
    security: anyDealer,
    body: newCartSchema.meta({ example: { name: 'ООО «Ромашка»', lines: [{ partNumber: EXAMPLE, vendorCode: 'DRWEB', quantity: 5 }], endUser: { name: 'ООО «Ромашка»' } } }),
    response: { 201: cartAnswer.meta({ description: 'Created' }), ...errors(400, 401, 403, 409, 422) },
  },
  get: { tags, summary: 'One cart in full', security: anyDealer, params: cartIdParams, response: { 200: cartAnswer, ...errors(401, 403, 404) } },
  rename: {
    tags,
    summary: 'Rename a cart',
    security: anyDealer,
    params: cartIdParams,
    body: renameCartSchema.meta({ example: { name: 'ООО «Ромашка», офис 2' } }),
    response: { 200: cartAnswer, ...errors(400, 401, 403, 404, 409) },
  },
  saveContent: {
    tags,
    summary: 'Replace a cart’s lines and end customer (the cart page saves its whole draft after each change)',
    security: anyDealer,
    params: cartIdParams,
    body: cartContentSchema.meta({ example: { lines: [{ partNumber: EXAMPLE, vendorCode: 'DRWEB', name: 'Dr.Web Desktop Security Suite', quantity: 7 }], endUser: { name: 'ООО «Ромашка»', inn: '', email: '', region: '' } } }),
    response: { 200: cartAnswer, ...errors(400, 401, 403, 404, 422) },
  },
  select: { tags, summary: 'Make a cart the current one', security: anyDealer, params: cartIdParams, response: { 200: cartAnswer, ...errors(401, 403, 404) } },
  delete: {
    tags,
    summary: 'Delete a cart (not the user’s last one: 409)',
    security: anyDealer,
    params: cartIdParams,
    response: { 204: z.undefined().meta({ description: 'Deleted' }), ...errors(401, 403, 404, 409) },
  },
};
