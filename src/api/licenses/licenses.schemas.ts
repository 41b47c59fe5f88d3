import { z } from 'zod';
import { LICENSE_STATUSES, RENEWAL_URGENCIES } from '../../domain/license-term';
import { anyDealer, errors, isoDate, pageOf } from '../common.schemas';
import { orderQuoteSchema } from '../orders/order.schemas';
import { isoDateSchema } from '../iso-date';

/** `GET /api/licenses`: the dealer's renewals list, soonest end first. */
export const listLicensesSchema = z.object({
  status: z.enum(LICENSE_STATUSES, { error: 'статус: active, renewed или lapsed' }).optional(),
  /** The end customer: part of its name, or its INN (whole or its first digits). */
  endUser: z.string().trim().max(300).optional().meta({ example: '7707083893' }),
  /** Licences whose last day is on or before this date. */
  expiresBefore: isoDateSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListLicensesQuery = z.output<typeof listLicensesSchema>;

// ---- Answers -------------------------------------------------------------------------------------

export const renewalLineSchema = z.object({
  partNumber: z.string().meta({ description: 'The same PartNumber as the licence (the catalog has no separate renewal SKUs)' }),
  vendor: z.string(),
  productName: z.string(),
  quantity: z.number().int(),
  licenseType: z.literal('renewal'),
  previousLicenseNumber: z.string(),
});
const cartEndUserSchema = z.object({ name: z.string(), inn: z.string().optional(), email: z.string().optional(), region: z.string().optional() });

export const licenseSchema = z
  .object({
    id: z.uuid(),
    licenseNumber: z.string().meta({ description: 'What a renewal quotes: the API vendor’s order id (plus `-<lineNo>` when the vendor order had several lines), else `<orderNumber>-<lineNo>`' }),
    partNumber: z.string(),
    productName: z.string(),
    vendor: z.object({ code: z.string(), name: z.string() }),
    quantity: z.number().int(),
    endUser: z.object({ name: z.string().nullable(), inn: z.string().nullable() }).nullable(),
    startsOn: isoDate,
    endsOn: isoDate.meta({ description: 'The last day of the term (Moscow)' }),
    daysLeft: z.number().int().meta({ description: 'Days from today (Moscow) to the last day; negative once ended' }),
    status: z.enum(LICENSE_STATUSES),
    urgency: z.enum(RENEWAL_URGENCIES),
    orderNumber: z.string(),
    renewedByOrderNumber: z.string().nullable(),
    renewal: z
      .object({ line: renewalLineSchema, endUser: cartEndUserSchema.nullable() })
      .nullable()
      .meta({ description: 'The cart that renews it (POST /api/orders takes it as `lines: [line], endUser`); null once renewed' }),
    dealerName: z.string().optional().meta({ description: 'Staff only' }),
  })
  .meta({ id: 'License' });

export const licenseIdParams = z.object({ id: z.string().max(100).meta({ description: 'A licence of the dealer', example: '00000000-0000-4000-8000-000000000005' }) });

export const licenseContracts = {
  list: {
    tags: ['licenses'],
    summary: 'The dealer’s delivered licences with a term, soonest end first',
    security: anyDealer,
    querystring: listLicensesSchema,
    response: { 200: pageOf(licenseSchema), ...errors(400, 401) },
  },
  renewalQuote: {
    tags: ['licenses'],
    summary: 'The cart that renews a licence, priced and checked against the vendor’s renewal policy; stores nothing',
    security: anyDealer,
    params: licenseIdParams,
    response: {
      200: z.object({ license: licenseSchema, cart: z.object({ lines: z.array(renewalLineSchema), endUser: cartEndUserSchema.optional() }), quote: orderQuoteSchema }),
      ...errors(401, 403, 404),
    },
  },
};
