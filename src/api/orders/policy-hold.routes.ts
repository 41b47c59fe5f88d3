import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/schema';
import { queueForStaff, resolveStaffTasks } from '../../usecases/staff-queue/staff-queue.usecases';
import { ru } from '../../locale/ru';
import { NOT_ON_POLICY_HOLD, orderWorkflowId, releasePolicyHoldUpdate } from '../../workflows/orders/order.contract';
import { errors } from '../common.schemas';
import { HttpError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { audit } from '../../usecases/audit/audit.usecases';

const decisionSchema = z.object({ decision: z.enum(['proceed', 'cancel'], { error: 'Выберите: продолжить или отменить заказ.' }) });

/** Staff's decision on an order held by the licence-policy re-check. */
export const policyHoldContract = {
  params: z.object({ orderNumber: z.string().max(40) }),
  body: decisionSchema,
  response: { 200: z.object({ orderNumber: z.string(), decision: decisionSchema.shape.decision }), ...errors(401, 403, 404, 409, 503) },
};

/**
 * Staff decide about an order the workflow held because it no longer passes the licence policy
 * check (src/activities/orders/order-policy.activities.ts): let it go to the vendors as it is, or cancel it.
 */
export function registerPolicyHoldRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/staff/orders/:orderNumber/policy-hold', { schema: policyHoldContract }, async (request) => {
    const principal = requireStaff(request);
    const { decision } = request.body;
    const { orderNumber } = request.params;
    const [order] = await db.select({ scheme: orders.settlementScheme }).from(orders).where(eq(orders.orderNumber, orderNumber));
    if (!order) throw new HttpError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
    try {
      await temporal.workflow
        .getHandle(orderWorkflowId(orderNumber))
        .executeUpdate(releasePolicyHoldUpdate, { args: [{ decision, decidedBy: { userId: principal.userId, login: principal.login } }] });
    } catch (err) {
      const refused = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === NOT_ON_POLICY_HOLD;
      if (refused || err instanceof WorkflowNotFoundError) throw new HttpError(409, 'NOT_ON_POLICY_HOLD', ru.policyHold.notOnHold(orderNumber));
      throw new HttpError(503, 'WORKFLOW_UNAVAILABLE', ru.orders.workflowUnavailable);
    }
    await db.transaction(async (tx) => {
      await resolveStaffTasks(tx, { kinds: ['order_policy_hold'], reference: orderNumber, resolvedByUserId: principal.userId });
      await audit(tx, { actorUserId: principal.userId, action: 'order.policy_hold_released', subjectType: 'order', subjectId: orderNumber, details: { decision }, ip: request.ip });
    });
    // A prepay order is held only after it was paid: cancelling it leaves money to return.
    if (decision === 'cancel' && order.scheme === 'prepay') {
      await queueForStaff(db, { kind: 'refund_due', reference: orderNumber, summary: ru.policyHold.paidCancelled(orderNumber), payload: { orderNumber } });
    }
    request.log.info({ decision }, 'policy hold released');
    return { orderNumber, decision };
  });
}
