import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../orders/order.contract';
import { refreshExchangeRates } from './exchange-rates';

export const CBR_RATES_SCHEDULE_ID = 'cbr-rates';

/**
 * The Central Bank publishes tomorrow's rates in the afternoon (Moscow); fetching at 15:30 and
 * again at 08:00 picks up each day's rate early and survives one missed run. Visible and
 * pausable in the Temporal UI; created once, left alone when it exists.
 */
export async function ensureCbrRatesSchedule(client: Client): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: CBR_RATES_SCHEDULE_ID,
      spec: { calendars: [{ hour: [8, 15], minute: 30 }], timezone: 'Europe/Moscow' },
      action: { type: 'startWorkflow', workflowType: refreshExchangeRates, taskQueue: ORDER_TASK_QUEUE, args: [] },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
      memo: { purpose: ru.schedules.cbrRates },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
