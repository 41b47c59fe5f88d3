import { z } from 'zod';
import { errors } from '../common.schemas';

const at = z.string().meta({ description: 'When, ISO 8601 (UTC)' });
const inWorkflow = { at, workflowId: z.string() };

/** One entry of an order's process in business terms (src/domain/order-history.ts#OrderHistoryEntry). */
export const orderHistoryEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('started'), ...inWorkflow, workflow: z.string() }),
  z.object({ kind: z.literal('step'), ...inWorkflow, activity: z.string(), attempts: z.number().int(), lastFailure: z.string().nullable(), outcome: z.enum(['done', 'failed', 'running']) }),
  z.object({ kind: z.literal('wait'), ...inWorkflow, seconds: z.number(), fired: z.boolean() }),
  z.object({ kind: z.literal('signal'), ...inWorkflow, name: z.string() }),
  z.object({ kind: z.literal('update'), ...inWorkflow, name: z.string() }),
  z.object({ kind: z.literal('child'), ...inWorkflow, childWorkflow: z.string(), childWorkflowId: z.string() }),
  z.object({ kind: z.literal('finished'), ...inWorkflow, outcome: z.string() }),
  z.object({ kind: z.literal('decision'), at, action: z.string(), actor: z.string().nullable(), details: z.record(z.string(), z.unknown()) }),
]);

export const orderHistorySchema = z.object({
  orderNumber: z.string(),
  /** ok: the workflows' histories are in; not_found: Temporal no longer (or not yet) has them; unavailable: Temporal did not answer. */
  temporal: z.enum(['ok', 'not_found', 'unavailable']),
  entries: z.array(orderHistoryEntrySchema),
});

export const staffOrderHistoryContract = {
  params: z.object({ orderNumber: z.string().max(40) }),
  response: { 200: orderHistorySchema, ...errors(401, 403, 404) },
};
