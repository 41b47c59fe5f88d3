import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { decidePolicyHold, POLICY_HOLD_DECISIONS } from '../../usecases/orders/policy-hold.usecases';
import { errors } from '../common.schemas';
import { requireStaff } from '../staff/require-staff';

const decisionSchema = z.object({ decision: z.enum(POLICY_HOLD_DECISIONS, { error: ru.policyHold.chooseDecision }) });

/** Staff's decision on an order held by the licence-policy re-check. */
export const policyHoldContract = {
  params: z.object({ orderNumber: z.string().max(40) }),
  body: decisionSchema,
  response: { 200: z.object({ orderNumber: z.string(), decision: decisionSchema.shape.decision }), ...errors(401, 403, 404, 409, 503) },
};

/** Staff decide about an order held by the licence-policy re-check (src/usecases/orders/policy-hold.usecases.ts). */
export function registerPolicyHoldRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/staff/orders/:orderNumber/policy-hold', { schema: policyHoldContract }, async (request) => {
    const principal = requireStaff(request);
    const decided = await decidePolicyHold(db, temporal, principal, request.params.orderNumber, request.body.decision, request.ip);
    request.log.info({ decision: decided.decision }, 'policy hold released');
    return decided;
  });
}
