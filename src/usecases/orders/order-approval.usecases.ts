/**
 * A dealer may require its admins to approve orders above an amount before they go anywhere: a
 * dealer user's (or an API key's) order over the threshold is recorded as awaiting approval, holds
 * its credit, and starts only when one of the dealer's admins approves it. The decisions
 * themselves are order status changes (`approveOrder`, `declineOrder` in order-status.usecases.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, orders } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { audit } from '../audit/audit.usecases';
import { orderScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';

const t = ru.orders;

/** The principal's dealer's order waiting for approval; another dealer's is not found, a decided one is refused. */
export async function orderAwaitingApproval(db: Db, principal: Principal, orderNumber: string) {
  const [order] = await db.select().from(orders).where(and(eq(orders.orderNumber, orderNumber), orderScope(principal)));
  if (!order) throw new UseCaseError(404, 'ORDER_NOT_FOUND', t.notFound(orderNumber));
  if (order.status !== 'awaiting_approval') throw new UseCaseError(409, 'NOT_AWAITING_APPROVAL', t.notAwaitingApproval(orderNumber));
  return order;
}

/** Two admins at once: the second finds the order decided already. */
export const alreadyDecided = (orderNumber: string) => new UseCaseError(409, 'NOT_AWAITING_APPROVAL', t.notAwaitingApproval(orderNumber));

/** The dealer's own ordering rules: for now, the approval threshold (null: never). */
export async function dealerOrderingRules(db: Db, dealerId: string): Promise<{ orderApprovalThresholdKopecks: number | null }> {
  const [dealer] = await db.select({ orderApprovalThresholdKopecks: dealers.orderApprovalThresholdKopecks }).from(dealers).where(eq(dealers.id, dealerId));
  return { orderApprovalThresholdKopecks: dealer!.orderApprovalThresholdKopecks };
}

/** A dealer admin sets the threshold; the change is audited with its value before. */
export async function setApprovalThreshold(db: Db, principal: Principal, dealerId: string, threshold: number | null, ip: string): Promise<{ orderApprovalThresholdKopecks: number | null }> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ threshold: dealers.orderApprovalThresholdKopecks }).from(dealers).where(eq(dealers.id, dealerId)).for('update');
    await tx.update(dealers).set({ orderApprovalThresholdKopecks: threshold }).where(eq(dealers.id, dealerId));
    await audit(tx, {
      actorUserId: principal.userId,
      action: 'dealer.approval_threshold_changed',
      subjectType: 'dealer',
      subjectId: dealerId,
      details: { before: before!.threshold, after: threshold },
      ip,
    });
  });
  return { orderApprovalThresholdKopecks: threshold };
}
