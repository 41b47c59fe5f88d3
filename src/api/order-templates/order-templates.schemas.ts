import { z } from 'zod';
import { ru } from '../../locale/ru';
import { placeOrderSchema } from '../orders/order.schemas';
import { LICENSE_TYPES } from '../../domain/license-policy/vocabulary';
import { anyDealer, errors, itemsOf, timestamp } from '../common.schemas';
import { refuseBidiControls } from '../name-text';

const t = ru.orderTemplates;

/** A saved list of lines: the same lines an order takes, under a name unique within the dealer. */
export const orderTemplateSchema = z.object({
  name: refuseBidiControls(z.string({ error: t.name }).trim().min(1, t.name).max(200, t.name)),
  lines: placeOrderSchema.shape.lines,
});
export type OrderTemplateRequest = z.infer<typeof orderTemplateSchema>;

// ---- Answers -------------------------------------------------------------------------------------

export const templateLineSchema = z.object({
  partNumber: z.string(),
  vendor: z.string().optional(),
  quantity: z.number().int(),
  licenseType: z.enum(LICENSE_TYPES),
  previousLicenseNumber: z.string().optional(),
  basePartNumber: z.string().optional(),
});

export const orderTemplateAnswerSchema = z
  .object({ id: z.uuid(), name: z.string(), lines: z.array(templateLineSchema), createdAt: timestamp, updatedAt: timestamp })
  .meta({ id: 'OrderTemplate' });

export const templateIdParams = z.object({ templateId: z.string().max(100).meta({ description: 'An order template of the dealer', example: '00000000-0000-4000-8000-000000000007' }) });
const templateAnswer = z.object({ template: orderTemplateAnswerSchema });
const EXAMPLE = 'DR6203A1Y-01';

export const orderTemplateContracts = {
  list: { tags: ['order templates'], summary: 'The dealer’s saved order templates, by name', security: anyDealer, response: { 200: itemsOf(orderTemplateAnswerSchema), ...errors(401, 403) } },
  create: {
    tags: ['order templates'],
    summary: 'Save lines as a named template (names are unique within the dealer: 409)',
    security: anyDealer,
    body: orderTemplateSchema.meta({ example: { name: 'Офис на 10 мест', lines: [{ partNumber: EXAMPLE, quantity: 10 }] } }),
    response: { 201: templateAnswer.meta({ description: 'Created' }), ...errors(400, 401, 403, 409) },
  },
  replace: {
    tags: ['order templates'],
    summary: 'Replace a template’s name and lines',
    security: anyDealer,
    params: templateIdParams,
    body: orderTemplateSchema.meta({ example: { name: 'Офис на 12 мест', lines: [{ partNumber: EXAMPLE, quantity: 12 }] } }),
    response: { 200: templateAnswer, ...errors(400, 401, 403, 404, 409) },
  },
  delete: { tags: ['order templates'], summary: 'Delete a template', security: anyDealer, params: templateIdParams, response: { 204: z.undefined().meta({ description: 'Deleted' }), ...errors(401, 403, 404) } },
};
