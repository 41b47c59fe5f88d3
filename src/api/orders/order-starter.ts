import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../../db/client';
import { ORDER_TASK_QUEUE, orderWorkflowId, type OrderWorkflowInput, orderWorkflowType, type OrderWorkflow } from '../../workflows/orders/order.contract';
import { DealerIdKey, OrderNumberKey, OrderStatusKey, SettlementSchemeKey, VendorCodesKey } from '../../workflows/search-attributes';
import { workflowInputFor } from '../../usecases/orders/place-order.usecases';
import { markWorkflowStarted } from '../../usecases/orders/order-status.usecases';
import { strandedOrderNumbers } from '../../usecases/orders/stranded-orders.usecases';

export interface OrderStarterDeps {
  db: Db;
  temporal: Client;
  prepayValidityBankingDays: number;
  /** How long a submit waits for Temporal before it answers that the order will start later. */
  startTimeoutMs?: number;
}

export type OrderStarter = ReturnType<typeof createOrderStarter>;

/**
 * Starts order workflows, and makes sure every recorded order gets one. A submit records the order
 * first; if Temporal cannot be reached then, the order is kept (nothing the dealer sent is lost)
 * and `startStranded`, run every few seconds by the API, starts it once Temporal is back. Starting
 * is idempotent: the workflow id is the order number and a second start is refused by Temporal.
 */
export function createOrderStarter({ db, temporal, prepayValidityBankingDays, startTimeoutMs = 5_000 }: OrderStarterDeps) {
  async function start(input: OrderWorkflowInput): Promise<void> {
    try {
      await temporal.withDeadline(Date.now() + startTimeoutMs, () =>
        temporal.workflow.start<OrderWorkflow>(orderWorkflowType, {
          taskQueue: ORDER_TASK_QUEUE,
          workflowId: orderWorkflowId(input.orderNumber),
          // Never a second run for an order, even after the first one's history is gone.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [input],
          typedSearchAttributes: [
            { key: DealerIdKey, value: input.dealerId },
            { key: OrderNumberKey, value: input.orderNumber },
            { key: SettlementSchemeKey, value: input.scheme },
            { key: OrderStatusKey, value: 'submitted' },
            { key: VendorCodesKey, value: input.vendors.map((v) => v.vendorCode) },
          ],
        }),
      );
    } catch (err) {
      // Started before (a repeated request, or a start whose answer was lost): that is the goal reached.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await markWorkflowStarted(db, input.orderId);
  }

  /** Starts the workflows of orders recorded at least `olderThanMs` ago that have none yet. */
  async function startStranded({ olderThanMs = 10_000, limit = 50 } = {}): Promise<{ started: string[] }> {
    const stranded = await strandedOrderNumbers(db, { olderThanMs, limit });
    const started: string[] = [];
    for (const orderNumber of stranded) {
      // Still unreachable: the next round tries again, oldest first.
      await start(await workflowInputFor(db, orderNumber, { prepayValidityBankingDays }));
      started.push(orderNumber);
    }
    return { started };
  }

  return { start, startStranded };
}
