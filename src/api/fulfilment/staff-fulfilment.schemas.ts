import { z } from 'zod';
import { ru } from '../../locale/ru';
import { errors } from '../common.schemas';

/** Keys staff type in for one line of an order. */
export const enterKeysSchema = z.object({
  lineNo: z.number().int().min(1),
  keys: z.array(z.string().trim().min(1, 'пустой ключ').max(4000)).min(1, 'нужен хотя бы один ключ').max(10_000),
});
/** Why staff cancel a vendor's part, or take it over by hand. */
export const decisionReasonSchema = z.object({ reason: z.string().trim().min(1, ru.staff.reasonRequired).max(500) });

const orderParams = z.object({ orderNumber: z.string().max(40) });
const vendorParams = orderParams.extend({ vendorCode: z.string().max(40) });

const decided = <S extends string>(status: S) => z.object({ orderNumber: z.string(), vendorCode: z.string(), status: z.literal(status) });

/** The staff fulfilment routes' contracts: keys entered by hand and decisions on a vendor's part of an order. */
export const staffFulfilmentContracts = {
  enterKeys: {
    params: orderParams,
    body: enterKeysSchema,
    response: {
      200: z.object({ lineNo: z.number().int(), added: z.number().int(), duplicates: z.number().int(), stored: z.number().int(), quantity: z.number().int() }),
      ...errors(401, 403, 404, 409, 422),
    },
  },
  cancel: { params: vendorParams, body: decisionReasonSchema, response: { 200: decided('cancel_requested'), ...errors(401, 403, 404) } },
  retry: { params: vendorParams, response: { 200: decided('retry_requested'), ...errors(401, 403, 404) } },
  switchToManual: { params: vendorParams, body: decisionReasonSchema, response: { 200: decided('switched_to_manual'), ...errors(401, 403, 404) } },
};
