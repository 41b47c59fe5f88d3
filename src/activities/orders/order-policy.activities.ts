import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { dealers, orderLines, orders, products, users, vendors } from '../../../db/schema';
import { STAFF_ROLES } from '../../domain/accounts';
import type { PolicyHoldDecision } from '../../workflows/orders/order.contract';
import { checkOrderAgainstStoredPolicies, type EndUserDetails, type LicenseType, type PolicyLine } from '../../domain/license-policy';
import { orderLog } from '../../infra/order-log';
import { ru } from '../../locale/ru';
import type { ActivityDeps } from '../deps';
import { queueForStaff } from '../../usecases/staff-queue/staff-queue.usecases';
import { audit } from '../../usecases/audit/audit.usecases';
import { isUuid } from '../../domain/ids';
import { recordOrderProgress, type ProgressSnapshot } from '../../usecases/orders/order-status.usecases';

export interface PolicyRecheck {
  /** Empty when the order still passes; otherwise one Russian sentence per problem. */
  problems: string[];
}

/**
 * An order is checked against its vendors' licence policies when the dealer types and when it is
 * submitted; a prepay order may then wait days for payment, while staff change a policy or the
 * dealer's authorisation. So the workflow asks once more, just before anything goes to a vendor.
 * A failing order goes to staff, who decide whether it goes on.
 */
export function createOrderPolicyActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * A policy-hold decision may not have come through the staff API (anyone who reaches Temporal
     * can send the update): it stands only if it names an active staff member. A refused one is
     * audited, and the order keeps waiting for staff.
     */
    async confirmPolicyHoldDecision(input: { orderId: string; decision: PolicyHoldDecision }): Promise<{ confirmed: boolean }> {
      const userId = input.decision?.decidedBy?.userId;
      const uuid = typeof userId === 'string' && isUuid(userId);
      const [staff] = uuid ? await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt))) : [];
      if (staff) return { confirmed: true };
      const [order] = await db.select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, input.orderId));
      await audit(db, {
        action: 'workflow.input_refused',
        subjectType: 'order',
        subjectId: order?.orderNumber ?? input.orderId,
        details: { workflow: 'order', update: 'releasePolicyHold', refusal: 'decider_not_staff', claimedUserId: String(userId ?? ''), decision: input.decision?.decision },
      });
      if (order) orderLog(order.orderNumber).warn('policy-hold decision refused: not from staff', { claimedUserId: String(userId ?? '') });
      return { confirmed: false };
    },

    /** `snapshot`: the workflow's progress as it starts, for the order page (orders started before it was passed lack it). */
    async recheckOrderPolicy(input: { orderId: string; snapshot?: ProgressSnapshot }): Promise<PolicyRecheck> {
      if (input.snapshot) await recordOrderProgress(db, { orderId: input.orderId, ...input.snapshot });
      const [order] = await db
        .select({ orderNumber: orders.orderNumber, endUser: orders.endUser, dealer: dealers })
        .from(orders)
        .innerJoin(dealers, eq(dealers.id, orders.dealerId))
        .where(eq(orders.id, input.orderId));
      if (!order) throw new Error(`order ${input.orderId} not found`);
      const lines = await db
        .select({ line: orderLines, vendor: vendors, segment: products.segment })
        .from(orderLines)
        .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
        .innerJoin(products, eq(products.id, orderLines.productId))
        .where(eq(orderLines.orderId, input.orderId))
        .orderBy(asc(orderLines.lineNo));

      const problems: string[] = [];
      if (order.dealer.status !== 'approved') problems.push(ru.policyHold.dealerNotApproved(order.dealer.status));
      const policyLines: PolicyLine[] = lines.map(({ line, vendor, segment }) => ({
        partNumber: line.partNumber,
        vendorCode: vendor.code,
        segment: segment as PolicyLine['segment'],
        quantity: line.quantity,
        licenseType: line.licenseType as LicenseType,
        previousLicenseNumber: line.previousLicenseNumber,
        basePartNumber: line.basePartNumber,
      }));
      // The same check as the cart and the submit, an unreadable policy included.
      const checked = checkOrderAgainstStoredPolicies(lines.map(({ vendor }) => vendor), policyLines, {
        dealer: { authorizedVendors: order.dealer.authorizedVendors, segments: order.dealer.segments },
        endUser: order.endUser as EndUserDetails | null,
      });
      checked.lines.forEach((findings, i) => {
        for (const finding of findings) problems.push(`${policyLines[i]!.partNumber}: ${finding.message}`);
      });
      const unique = [...new Set(problems)];
      if (unique.length > 0) {
        orderLog(order.orderNumber).warn('order held: it no longer passes the licence policy check', { problems: unique });
        await queueForStaff(db, {
          kind: 'order_policy_hold',
          reference: order.orderNumber,
          summary: ru.staffQueue.policyHold(order.orderNumber, unique),
          payload: { orderNumber: order.orderNumber, problems: unique },
        });
        await audit(db, { action: 'order.policy_hold', subjectType: 'order', subjectId: order.orderNumber, details: { problems: unique } });
      }
      return { problems: unique };
    },
  };
}
