import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { invoices, orders } from '../../../db/schema';
import { moscowMonthOf } from '../../domain/moscow-time';
import { monthInWords } from '../../locale/shared.ru';
import { orderLog } from '../../infra/order-log';
import { dealerStatementWorkflowId, orderJoinedStatementSignal, dealerStatementWorkflowType, type DealerStatementWorkflow } from '../../workflows/billing/dealer-statement.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { DealerIdKey } from '../../workflows/search-attributes';
import type { ActivityDeps } from '../deps';
import { queueForStaff } from '../../usecases/staff-queue/staff-queue.usecases';
import { completeStatementOrders, recordOrderProgress, withStep, type ProgressSnapshot } from '../../usecases/orders/order-status.usecases';

/** Signals the month's statement workflow, starting it for the month's first order. */
export function joinStatementWorkflow(temporal: Client, taskQueue: string, join: { dealerId: string; month: string; orderNumber: string }) {
  return temporal.workflow.signalWithStart<DealerStatementWorkflow, [{ orderNumber: string }]>(dealerStatementWorkflowType, {
    taskQueue,
    workflowId: dealerStatementWorkflowId(join.dealerId, join.month),
    // A closed month must not start a second statement (and a second invoice).
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [{ dealerId: join.dealerId, month: join.month }],
    signal: orderJoinedStatementSignal,
    signalArgs: [{ orderNumber: join.orderNumber }],
    typedSearchAttributes: [{ key: DealerIdKey, value: join.dealerId }],
  });
}

export function createStatementActivities({ db, temporal }: Pick<ActivityDeps, 'db' | 'temporal'>) {
  async function queueLateOrder(input: { orderNumber: string; dealerId: string }, month: string) {
    orderLog(input.orderNumber).warn('order shipped after its month was invoiced: put before staff to bill by hand', { month });
    await queueForStaff(db, {
      kind: 'late_statement_order',
      reference: input.orderNumber,
      summary: `Заказ ${input.orderNumber} отгружен в ${monthInWords(month, 'prepositional')}, но счёт за этот месяц уже выставлен: выставите счёт вручную.`,
      payload: { orderNumber: input.orderNumber, dealerId: input.dealerId, month },
    });
  }

  return {
    /**
     * Puts a shipped monthly order on the statement of the Moscow month it shipped in (23:59:59
     * on the last day is still that month) and wakes that month's statement workflow.
     */
    /** `snapshot`: the order workflow's progress, recorded here with the statement joined, for the order page. */
    async joinMonthlyStatement(input: { orderId: string; orderNumber: string; dealerId: string; snapshot?: ProgressSnapshot }): Promise<{ month: string }> {
      const [order] = await db.select({ shippedAt: orders.shippedAt, statementMonth: orders.statementMonth }).from(orders).where(eq(orders.id, input.orderId));
      if (!order?.shippedAt) throw ApplicationFailure.nonRetryable(`order ${input.orderNumber} has not shipped`);
      const month = order.statementMonth ?? moscowMonthOf(order.shippedAt);
      // Whichever way it joins (a sealed month goes to staff), the workflow notes the step with this month.
      if (input.snapshot) await recordOrderProgress(db, { orderId: input.orderId, ...withStep(input.snapshot, 'joined_statement', month) });
      // Once the month's consolidated invoice exists its amount is sealed: a late order is not
      // slipped into it (nor marked complete with it) but put before staff to bill by hand.
      const [sealed] = await db
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.dealerId, input.dealerId), eq(invoices.statementMonth, month)));
      if (sealed && order.statementMonth !== month) {
        await queueLateOrder(input, month);
        return { month };
      }
      await db.update(orders).set({ statementMonth: month }).where(eq(orders.id, input.orderId));
      try {
        await joinStatementWorkflow(temporal, ORDER_TASK_QUEUE, { dealerId: input.dealerId, month, orderNumber: input.orderNumber });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        await db.update(orders).set({ statementMonth: null }).where(eq(orders.id, input.orderId));
        await queueLateOrder(input, month);
        return { month };
      }
      orderLog(input.orderNumber).info('order joined the monthly statement', { month });
      return { month };
    },

    /** The month's consolidated invoice is paid: its orders are complete. */
    async completeStatementOrders(input: { dealerId: string; month: string }): Promise<void> {
      await completeStatementOrders(db, input);
    },
  };
}
