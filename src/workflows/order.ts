import {
  ApplicationFailure,
  executeChild,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OrderStatus } from '../domain/order';
import {
  orderProgressQuery,
  vendorFulfillmentWorkflowId,
  type OrderProgress,
  type OrderResult,
  type OrderWorkflowInput,
  type TimelineStep,
} from './order.contract';
import { OrderStatusKey } from './search-attributes';
import { vendorFulfillment } from './vendor-fulfillment';

/** The innermost message of a failure chain: "vendor rejected …", not "Child Workflow execution failed". */
function rootCause(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

const { recordOrderStatus } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
const { buildOrderArchive } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes' });

/**
 * One dealer order, from submit to keys in the dealer's hands. Postpay: order from every vendor,
 * ship one archive. (Prepay and monthly settlement arrive with the settlement issue; the API
 * refuses those orders until then.)
 */
export async function order(input: OrderWorkflowInput): Promise<OrderResult> {
  const progress: OrderProgress = { status: 'submitted', timeline: [], awaiting: null };
  setHandler(orderProgressQuery, () => progress);

  const note = (step: TimelineStep, detail?: string) =>
    progress.timeline.push({ step, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
  const advance = async (status: OrderStatus, awaiting: string | null) => {
    progress.status = status;
    progress.awaiting = awaiting;
    upsertSearchAttributes([{ key: OrderStatusKey, value: status }]);
    await recordOrderStatus({ orderId: input.orderId, status });
  };

  note('submitted');
  if (input.scheme !== 'postpay') {
    throw ApplicationFailure.nonRetryable(`settlement scheme ${input.scheme} is not handled by this workflow version`, 'SchemeUnavailable');
  }

  try {
    await advance('fulfilling', `ключи от ${input.vendors.map((v) => v.vendorCode).join(', ')}`);
    const results = await Promise.all(
      input.vendors.map(async (vendor) => {
        note('sent_to_vendor', vendor.vendorCode);
        const result = await executeChild(vendorFulfillment, {
          workflowId: vendorFulfillmentWorkflowId(input.orderNumber, vendor.vendorCode),
          args: [{ orderId: input.orderId, orderNumber: input.orderNumber, vendor }],
          typedSearchAttributes: workflowInfo().typedSearchAttributes,
        });
        note('keys_received', vendor.vendorCode);
        return result;
      }),
    );
    await advance('keys_received', null);

    const archive = await buildOrderArchive({ orderId: input.orderId, orderNumber: input.orderNumber });
    note('shipped');
    await advance('shipped', null);
    const keyCount = results.reduce((sum, r) => sum + r.keyCount, 0);
    return { status: 'shipped', archiveDocumentId: archive.documentId, keyCount };
  } catch (err) {
    note('failed', rootCause(err));
    await advance('failed', 'разбор сотрудником');
    throw err;
  }
}
