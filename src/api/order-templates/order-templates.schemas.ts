import { z } from 'zod';
import { ru } from '../../locale/ru';
import { placeOrderSchema } from '../orders/order.schemas';
import { refuseBidiControls } from '../name-text';

const t = ru.orderTemplates;

/** A saved list of lines: the same lines an order takes, under a name unique within the dealer. */
export const orderTemplateSchema = z.object({
  name: refuseBidiControls(z.string({ error: t.name }).trim().min(1, t.name).max(200, t.name)),
  lines: placeOrderSchema.shape.lines,
});
export type OrderTemplateRequest = z.infer<typeof orderTemplateSchema>;
