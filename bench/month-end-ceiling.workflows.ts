/**
 * What the Temporal server allows for the month-end close: one workflow per statement that starts
 * one invoice child, the child registering its invoice with one activity and then waiting (for
 * 1C's number), as the real pair does, with activities that do nothing. Two shapes: the invoice's
 * registration as a (remote) activity, and as a local activity.
 */
import { executeChild, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';

export interface MonthEndCeilingActivities {
  registered(): Promise<void>;
}
const remote = proxyActivities<MonthEndCeilingActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<MonthEndCeilingActivities>({ startToCloseTimeout: '1 minute' });

export async function ceilingInvoice(localActivity: boolean): Promise<void> {
  await (localActivity ? local : remote).registered();
  await sleep('1 day');
}

export async function ceilingStatement(localActivity: boolean): Promise<void> {
  await executeChild(ceilingInvoice, { workflowId: `${workflowInfo().workflowId}-invoice`, args: [localActivity] });
}
