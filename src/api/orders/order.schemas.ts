import { z } from 'zod';
import { decodeOrderCursor } from './order-cursor';
import { isoDateSchema } from '../iso-date';
import { ORDER_STATUSES, SETTLEMENT_SCHEMES } from '../../domain/order';
import { VAT_MODES } from '../../domain/vat';
import { DOCUMENT_KINDS, INVOICE_STATUSES } from '../../domain/invoice';
import { ORDER_WAITS } from '../../domain/order-waiting';
import { ORDER_TIMELINE_STEPS, POLICY_HOLD_DECISIONS } from '../../domain/order-timeline';
import { rateFreshnessFields } from '../catalog/catalog.schemas';
import { cents, emailAddress, fieldErrorSchema, isoDate, kopecks, pageOf, timestamp } from '../common.schemas';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { refuseBidiControls } from '../name-text';

export const placeOrderSchema = z.object({
  lines: z
    .array(
      z.object({
        partNumber: z.string().trim().min(1, 'укажите артикул').max(100),
        vendor: z.string().trim().min(1).max(20).optional(),
        quantity: z.number({ error: 'количество должно быть числом' }).int('количество должно быть целым').min(1, 'количество должно быть не меньше 1').max(100_000),
        licenseType: z.enum(LICENSE_TYPES).default('new'),
        previousLicenseNumber: z.string().trim().min(1).max(100).optional(),
        basePartNumber: z.string().trim().min(1).max(100).optional(),
      }),
    )
    .min(1, 'в заказе должна быть хотя бы одна строка')
    .max(200, 'в одном заказе не больше 200 строк'),
  endUser: z
    .object({
      name: refuseBidiControls(z.string().trim().min(1).max(300)),
      inn: z.string().regex(/^\d{10}(\d{2})?$/, 'ИНН конечного пользователя: 10 или 12 цифр').optional(),
      email: emailAddress().optional(),
      region: z.string().trim().min(1).max(100).optional(),
    })
    .optional(),
  /** The dealer's own id of this request: the same id twice returns the first order. */
  clientRequestId: z.string().trim().min(1).max(100).optional(),
});
export type PlaceOrderRequest = z.infer<typeof placeOrderSchema>;

/** The cart's live check: the lines and end user as typed so far; nothing is stored. */
export const checkOrderSchema = placeOrderSchema.pick({ lines: true, endUser: true });

export const listOrdersSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  from: isoDateSchema.optional().meta({ example: '2026-01-01' }),
  to: isoDateSchema.optional(),
  vendor: z.string().max(100).optional().meta({ example: 'DRWEB', description: 'A vendor code, or a part of its name' }),
  partNumber: z.string().max(100).optional().meta({ description: 'A PartNumber or its beginning, in any case, with or without dashes and spaces' }),
  invoiceNumber: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset paging: the `nextCursor` of the previous page. With it, `page` only labels the page. */
  after: z
    .string()
    .max(200)
    .refine((v) => decodeOrderCursor(v) !== null, 'неверная ссылка на следующую страницу: начните список сначала')
    .optional(),
});

// ---- Answers -------------------------------------------------------------------------------------

const orderStatus = z.enum(ORDER_STATUSES);
export const totalsSchema = z.object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks, grossCents: cents });
export const fullTotalsSchema = z.object({ netKopecks: kopecks, vatKopecks: kopecks, grossKopecks: kopecks, netCents: cents, vatCents: cents, grossCents: cents });
const orderRate = z.object({ rate: z.string(), date: isoDate });
const quotedRate = z.object({ rate: z.string(), date: isoDate, source: z.string(), ...rateFreshnessFields });
export const endUserSchema = z.object({ name: z.string(), inn: z.string().optional(), email: z.string().optional(), region: z.string().optional() });

export const orderCheckSchema = z.object({ ok: z.boolean(), errors: z.array(fieldErrorSchema) }).meta({ id: 'OrderCheck' });

export const orderQuoteSchema = z
  .object({
    ok: z.boolean(),
    errors: z.array(fieldErrorSchema),
    lines: z.array(
      z.object({
        index: z.number().int(),
        partNumber: z.string(),
        vendorCode: z.string(),
        quantity: z.number().int(),
        priceRule: z.string().nullable(),
        unitPriceKopecks: kopecks.optional(),
        netKopecks: kopecks.optional(),
        vatBasisPoints: z.number().int().optional(),
        vatMode: z.enum(VAT_MODES).optional(),
        vatKopecks: kopecks.optional(),
        grossKopecks: kopecks.optional(),
        grossCents: cents.optional(),
      }),
    ),
    totals: fullTotalsSchema.nullable(),
    usdRate: quotedRate.nullable(),
  })
  .meta({ id: 'Quote' });

export const placedOrderSchema = z
  .object({
    orderNumber: z.string(),
    status: orderStatus,
    message: z.string().optional().meta({ description: 'Why the order waits (approval, the workflow engine)' }),
    totals: totalsSchema,
    usdRate: orderRate,
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'PlacedOrder' });

export const orderListItemSchema = z
  .object({
    orderNumber: z.string(),
    status: orderStatus,
    settlementScheme: z.enum(SETTLEMENT_SCHEMES),
    grossKopecks: kopecks,
    grossCents: cents,
    createdAt: timestamp,
    shippedAt: timestamp.nullable(),
    dealerName: z.string(),
    invoiceNumbers: z.array(z.string()),
    workflowUrl: z.string().optional().meta({ description: 'Staff only' }),
  })
  .meta({ id: 'OrderListItem' });

export const orderPageSchema = pageOf(orderListItemSchema)
  .extend({ nextCursor: z.string().nullable().meta({ description: 'Where the next page starts (keyset paging, `after`); null on the last page' }) })
  .meta({ id: 'OrderPage' });

export const timelineReasonSchema = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('invoice_expired'), invoiceNumber: z.string() }),
    z.object({ code: z.enum(['policy_hold_cancelled', 'policy_hold_cancelled_after_payment']) }),
    z.object({ code: z.literal('staff_decision'), decision: z.enum(POLICY_HOLD_DECISIONS), login: z.string() }),
  ])
  .meta({ id: 'TimelineReason', description: 'Why the step came about, as a code with parameters: the cancel reason (cancelled), the staff decision and who made it (policy_hold_released)' });
export const timelineEntrySchema = z.object({
  step: z.string().meta({ description: `One of ${ORDER_TIMELINE_STEPS.join(', ')}` }),
  at: z.string(),
  detail: z.string().optional().meta({ description: 'A value the step concerns: a vendor code, an invoice or act number, the statement month, the policy findings' }),
  reason: timelineReasonSchema.optional(),
});
export const orderProgressSchema = z.object({
  status: z.string(),
  timeline: z.array(timelineEntrySchema),
  awaiting: z.enum(ORDER_WAITS).nullable().meta({ description: 'What the workflow says it waits for, as a code (`waiting` has the details); null when nothing' }),
});

export const orderDetailSchema = z
  .object({
    orderNumber: z.string(),
    status: orderStatus,
    settlementScheme: z.enum(SETTLEMENT_SCHEMES),
    createdAt: timestamp,
    shippedAt: timestamp.nullable(),
    usdRate: orderRate,
    totals: totalsSchema,
    endUser: endUserSchema.nullable(),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        partNumber: z.string(),
        productName: z.string(),
        vendor: z.string(),
        vendorName: z.string(),
        quantity: z.number().int(),
        unitPriceKopecks: kopecks,
        netKopecks: kopecks,
        vatBasisPoints: z.number().int().meta({ description: '2200 = 22%' }),
        vatMode: z.enum(VAT_MODES),
        vatKopecks: kopecks,
        grossKopecks: kopecks,
        grossCents: cents,
        priceRule: z.string(),
      }),
    ),
    documents: z.array(z.object({ kind: z.enum(DOCUMENT_KINDS), number: z.string().nullable(), documentDate: isoDate.nullable(), sizeBytes: z.number().int(), href: z.string() })),
    archive: z.object({ href: z.string() }).nullable(),
    progress: orderProgressSchema.nullable(),
    waiting: z
      .object({
        code: z.enum(ORDER_WAITS),
        vendors: z.array(z.string()).meta({ description: 'Vendor codes whose keys have not arrived (vendor_keys)' }),
        invoiceNumber: z.string().nullable(),
        dueDate: isoDate.nullable(),
        text: z.string().nullable().meta({ description: "The workflow's own words for a wait without a code (other)" }),
      })
      .nullable()
      .meta({ description: 'What the order waits for now, as a code with its details (the invoice decides between invoice_number and payment); null when nothing' }),
    invoice: z
      .object({ number: z.string().nullable(), status: z.enum(INVOICE_STATUSES), dueDate: isoDate.nullable() })
      .nullable()
      .meta({ description: 'The invoice of a prepay or postpay order (a monthly order is billed by its statement)' }),
    vendors: z.array(z.object({ code: z.string(), name: z.string() })).meta({ description: 'The order’s vendors: names for the codes in the timeline' }),
    workflowUrl: z.string().optional().meta({ description: 'Staff only' }),
  })
  .meta({ id: 'OrderDetail' });
export type OrderDetail = z.output<typeof orderDetailSchema>;

export const orderDecisionSchema = z.object({ orderNumber: z.string(), status: orderStatus, message: z.string().optional() });

const person = z.object({ login: z.string(), fullName: z.string().nullable() });
export const keyDeliveriesSchema = z
  .object({
    orderNumber: z.string(),
    downloads: z.array(z.object({ at: timestamp, ip: z.string().nullable(), user: person.nullable() })),
    letters: z.array(
      z.object({
        kind: z.enum(['shipment', 'resend']),
        to: z.string(),
        status: z.string(),
        createdAt: timestamp,
        sentAt: timestamp.nullable(),
        requestedBy: person.nullable(),
      }),
    ),
  })
  .meta({ id: 'KeyDeliveries' });

export const keysResentSchema = z.object({
  message: z.string(),
  requestId: z.uuid(),
  recipient: z.object({ userId: z.string(), login: z.string(), email: z.string(), fullName: z.string().nullable() }),
});

const priceSchema = z.object({
  unitPriceKopecks: kopecks,
  netKopecks: kopecks,
  vatBasisPoints: z.number().int(),
  vatMode: z.enum(VAT_MODES),
  vatKopecks: kopecks,
  grossKopecks: kopecks,
  grossCents: cents,
  priceRule: z.string().nullable(),
});
export const QUICK_ORDER_LINE_STATUSES = ['ok', 'policy', 'unresolved', 'merged'] as const;
export const quickOrderLineSchema = z
  .object({
    lineNo: z.number().int().meta({ description: 'The line as pasted, or the spreadsheet row' }),
    raw: z.string(),
    status: z.enum(QUICK_ORDER_LINE_STATUSES).meta({ description: '`policy`: found and priced, with licence-policy findings; `merged`: a repeat added to `mergedInto`' }),
    partNumber: z.string().nullable(),
    quantity: z.number().int().nullable(),
    product: z.object({ partNumber: z.string(), name: z.string(), vendorCode: z.string(), vendorName: z.string() }).optional(),
    price: priceSchema.nullable().optional(),
    findings: z.array(fieldErrorSchema).optional(),
    problem: z
      .object({
        code: z.string(),
        message: z.string().meta({ description: 'In Russian, for people' }),
        vendors: z.array(z.object({ code: z.string(), name: z.string() })).optional().meta({ description: 'The vendors an ambiguous PartNumber belongs to' }),
      })
      .optional(),
    mergedInto: z.number().int().optional(),
    mergedLineNos: z.array(z.number().int()).optional(),
  })
  .meta({ id: 'QuickOrderLine' });

export const quickOrderAnswerSchema = z
  .object({
    source: z.enum(['text', 'csv', 'xlsx']),
    header: z.object({ lineNo: z.number().int(), raw: z.string() }).nullable(),
    lines: z.array(quickOrderLineSchema),
    summary: z.object({ ok: z.number().int(), policy: z.number().int(), unresolved: z.number().int(), merged: z.number().int() }),
    totals: totalsSchema.nullable().meta({ description: 'Of the `ok` lines' }),
    orderFindings: z.array(fieldErrorSchema).meta({ description: 'Findings of the order as a whole (end-user data, filled in the cart)' }),
    usdRate: quotedRate.nullable(),
  })
  .meta({ id: 'QuickOrder' });

export const dealerSettingsAnswerSchema = z.object({ orderApprovalThresholdKopecks: z.number().int().nullable() });

export const orderNumberParams = z.object({ orderNumber: z.string().max(100).meta({ description: 'The order number', example: 'SID-2026-000001' }) });
