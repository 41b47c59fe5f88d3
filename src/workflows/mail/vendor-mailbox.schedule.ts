import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
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
      memo: { purpose: 'Почта вендоров: ключи из ответов на заказы' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
