import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../orders/order.contract';
import { refreshBikDirectoryWorkflow } from './bik-directory';

export const BIK_DIRECTORY_SCHEDULE_ID = 'bik-directory';

/**
 * The Bank publishes the directory each banking day before the day's payments; loading it at
 * 07:00 Moscow time every day is enough for a registration form. Visible and pausable in the
 * Temporal UI; created once, left alone when it exists.
 */
export async function ensureBikDirectorySchedule(client: Client): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: BIK_DIRECTORY_SCHEDULE_ID,
      spec: { calendars: [{ hour: 7, minute: 0 }], timezone: 'Europe/Moscow' },
      action: { type: 'startWorkflow', workflowType: refreshBikDirectoryWorkflow, taskQueue: ORDER_TASK_QUEUE, args: [] },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
      memo: { purpose: ru.schedules.bikDirectory },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
