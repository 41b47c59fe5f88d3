/**
 * Staff decide about an order the workflow held because it no longer passes the licence-policy
 * check (src/activities/orders/order-policy.activities.ts): let it go to the vendors as it is, or
 * cancel it. The decision is the workflow's update; the staff task is resolved and the decision
 * audited once the workflow took it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { NOT_ON_POLICY_HOLD, orderWorkflowId, releasePolicyHoldUpdate } from '../../workflows/orders/order.contract';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';
import { queueForStaff, resolveStaffTasks } from '../staff-queue/staff-queue.usecases';

export const POLICY_HOLD_DECISIONS = ['proceed', 'cancel'] as const;
export type PolicyHoldDecision = (typeof POLICY_HOLD_DECISIONS)[number];

export async function decidePolicyHold(db: Db, temporal: Client, principal: Principal, orderNumber: string, decision: PolicyHoldDecision, ip: string) {
  const [order] = await db.select({ scheme: orders.settlementScheme }).from(orders).where(eq(orders.orderNumber, orderNumber));
  if (!order) throw new UseCaseError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
  try {
    await temporal.workflow
      .getHandle(orderWorkflowId(orderNumber))
      .executeUpdate(releasePolicyHoldUpdate, { args: [{ decision, decidedBy: { userId: principal.userId, login: principal.login } }] });
  } catch (err) {
    const refused = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === NOT_ON_POLICY_HOLD;
    if (refused || err instanceof WorkflowNotFoundError) throw new UseCaseError(409, 'NOT_ON_POLICY_HOLD', ru.policyHold.notOnHold(orderNumber));
    throw new UseCaseError(503, 'WORKFLOW_UNAVAILABLE', ru.orders.workflowUnavailable);
  }
  await db.transaction(async (tx) => {
    await resolveStaffTasks(tx, { kinds: ['order_policy_hold'], reference: orderNumber, resolvedByUserId: principal.userId });
    await audit(tx, { actorUserId: principal.userId, action: 'order.policy_hold_released', subjectType: 'order', subjectId: orderNumber, details: { decision }, ip });
  });
  // A prepay order is held only after it was paid: cancelling it leaves money to return.
  if (decision === 'cancel' && order.scheme === 'prepay') {
    await queueForStaff(db, { kind: 'refund_due', reference: orderNumber, summary: ru.policyHold.paidCancelled(orderNumber), payload: { orderNumber } });
  }
  return { orderNumber, decision };
}
