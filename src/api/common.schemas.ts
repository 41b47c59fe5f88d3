import type { Readable } from 'node:stream';
import { z } from 'zod';
import { QUANTITY_FIX_REASONS } from '../domain/license-policy/check-policy';

/**
 * The pieces every route contract is built of. A route declares its request and response zod
 * schemas in its feature's `*.schemas.ts`; Fastify validates requests and serialises responses by
 * them (src/api/contracts.ts), GET /api/openapi.json is generated from them, and the web app takes
 * its types from them (`Wire<…>` below). Nothing about a response shape is written anywhere else.
 */

export const kopecks = z.number().int().meta({ description: 'Integer kopecks (RUB minor units)' });
export const cents = z.number().int().meta({ description: 'Integer cents (USD minor units)' });
/** A calendar date as PostgreSQL `date` columns give it: `YYYY-MM-DD`. */
export const isoDate = z.string().meta({ format: 'date' });
/** A moment: handlers pass the Date a timestamp column gives; the wire carries ISO 8601. */
export const timestamp = z.date();

/**
 * An e-mail address as mail servers take it: the shape zod checks, at most 254 characters, and a
 * local part of at most 64 (RFC 5321), which is also what the document's `format: email` means.
 */
export const emailAddress = (message?: string) =>
  z
    .email(message)
    .max(254, message)
    .refine((value) => value.split('@')[0]!.length <= 64, message ?? 'адрес электронной почты: не больше 64 символов до @');

/** A one-click fix of a licence-policy finding (src/domain/license-policy/check-policy.ts#PolicyFix). */
export const policyFixSchema = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('quantity.set'), quantity: z.number().int(), reason: z.enum(QUANTITY_FIX_REASONS).meta({ description: 'The rule that chose the quantity: min, max, band (nearest range), multiple' }) }),
    z.object({ code: z.literal('basePartNumber.set'), basePartNumber: z.string() }),
    z.object({ code: z.literal('line.remove') }),
  ])
  .meta({ id: 'PolicyFix' });

export const fieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'Path of the field, e.g. `lines.0.quantity`' }),
    message: z.string().meta({ description: 'In Russian, for people' }),
    ruleId: z.string().optional().meta({ description: 'The licence-policy rule the problem is in, where there is one' }),
    fixes: z.array(policyFixSchema).optional().meta({ description: 'One-click ways to put a licence-policy finding right (the cart offers them as buttons)' }),
  })
  .meta({ id: 'FieldError' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, for programs' }),
      message: z.string().meta({ description: 'In Russian, for people' }),
      fields: z.array(fieldErrorSchema).optional(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_MEANINGS = {
  400: 'The request is malformed; `fields` names each wrong field',
  401: 'No session, or an unknown or revoked API key',
  403: 'Not allowed for this principal (role, API key, or a missing/wrong X-CSRF-Token)',
  404: 'Not found, or another dealer’s',
  409: 'Conflicts with the current state; the message says why',
  410: 'Expired or already used',
  413: 'The upload is too large',
  415: 'The upload is of a type that is not read',
  422: 'Well-formed but refused by business rules (unknown PartNumber, licence policy, credit limit)',
  429: 'Too many requests; try again after Retry-After',
  503: 'A dependency (the workflow engine) is unavailable; nothing was stored',
} as const;
export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** The documented error answers of a route, each `{ error: { code, message, fields? } }`. */
export const errors = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorSchema.meta({ description: ERROR_MEANINGS[status] })])) as Record<ErrorStatus, typeof errorSchema>;

/** A JSON answer with a description of its own (a second 2xx of the same route, say). */
export const described = <T extends z.ZodType>(schema: T, description: string) => schema.meta({ description });

/** A file answer (PDF, ZIP, XLSX): documented by its media type; the route sends a buffer or stream. */
/** The media type of an Excel workbook (.xlsx). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const fileResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.custom<Buffer | Readable>().meta({ type: 'string', contentMediaType: mediaType }) } },
});

/** A page of items with its position. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** The answer of `itemsOf(schema)` for a type already taken from the schema. */
export type Items<T> = { items: T[] };

/** Who may call a dealer route, as OpenAPI security requirements. */
type SecurityRequirement = Record<string, string[]>;
export const anyDealer: SecurityRequirement[] = [{ bearer: [] }, { session: [], csrf: [] }];
/** Dealer admins with a session only: user, key and webhook management are never open to a key. */
export const adminOnly: SecurityRequirement[] = [{ session: [], csrf: [] }];
/** Open to anyone (login). */
export const noLogin: SecurityRequirement[] = [];

/**
 * What the browser receives for a response schema: its output with every Date as the ISO string
 * JSON makes of it. The web app's types are `Wire<z.output<typeof someResponseSchema>>`.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
export type WireOf<S extends z.ZodType> = Wire<z.output<S>>;

type SuccessStatus<R> = Extract<keyof R, 200 | 201 | 202>;
/** What a route contract answers on success (its 200, 201 or 202), as the browser receives it. */
export type AnswerOf<C extends { response: Record<number, z.ZodType> }> = WireOf<C['response'][SuccessStatus<C['response']>]>;
