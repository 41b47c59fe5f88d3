import { ScheduleAlreadyRunning, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { VENDOR_MAILBOX_WATCH_WORKFLOW_ID, vendorMailboxWatchWorkflowType } from './vendor-mailbox-watch.contract';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../orders/order.contract';
import { vendorMailbox } from './vendor-mailbox';

export const VENDOR_MAILBOX_SCHEDULE_ID = 'vendor-mailbox';

/**
 * Reads the vendor mailbox every `everySeconds`; one reading at a time (a slow one is not
 * overtaken by the next). Visible and pausable in the Temporal UI; an existing schedule keeps
 * its interval, so staff may change it there.
 */
export async function ensureVendorMailboxSchedule(client: Client, everySeconds: number): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: VENDOR_MAILBOX_SCHEDULE_ID,
      spec: { intervals: [{ every: `${everySeconds} seconds` }] },
      action: { type: 'startWorkflow', workflowType: vendorMailbox, taskQueue: ORDER_TASK_QUEUE, args: [] },
      policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
      memo: { purpose: ru.schedules.vendorMailbox },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

/** Starts the IMAP IDLE watcher of the vendor mailbox unless it is running (one per deployment). */
export async function ensureVendorMailboxWatch(client: Client): Promise<void> {
  try {
    await client.workflow.start(vendorMailboxWatchWorkflowType, { workflowId: VENDOR_MAILBOX_WATCH_WORKFLOW_ID, taskQueue: ORDER_TASK_QUEUE, args: [] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
