import { eq, inArray, sql } from 'drizzle-orm';
import { licenseKeys, orderLines } from '../../../db/schema';
import type { FulfillmentLine } from '../../workflows/orders/order.contract';
import { ru } from '../../locale/ru';
import { queueForStaff } from '../../usecases/staff-queue/staff-queue.usecases';
import { vendorIdempotencyKey } from './vendor-api.activities';
import type { ActivityDeps } from '../deps';
import { openVendorOrder } from '../../usecases/fulfilment/vendor-orders.usecases';

interface ManualTask {
  orderId: string;
  orderNumber: string;
  vendorId: number;
  vendorCode: string;
  lines: FulfillmentLine[];
}

const describeLines = (lines: FulfillmentLine[]) => lines.map((l) => `${l.partNumber} × ${l.quantity}`).join(', ');

export function createManualVendorActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** A vendor without an API: staff get a task to obtain the keys and enter them. */
    async requestManualKeys(task: ManualTask & { reason?: string }): Promise<void> {
      // A vendor switched to manual by staff: its lines now take typed keys (the key-entry route checks this).
      if (task.reason) {
        await openVendorOrder(db, { orderId: task.orderId, vendorId: task.vendorId, idempotencyKey: vendorIdempotencyKey(task.orderNumber, task.vendorCode), status: 'manual' });
      }
      await queueForStaff(db, {
        kind: 'manual_keys',
        reference: `${task.orderNumber}/${task.vendorCode}`,
        summary: ru.staffQueue.manualKeys(task.orderNumber, task.vendorCode, describeLines(task.lines), task.reason),
        payload: { ...task },
      });
    },

    /** The SLA passed without keys: the task is raised as stuck, for staff to chase, switch or cancel. */
    async escalateStuckFulfillment(task: ManualTask & { slaHours: number }): Promise<void> {
      await queueForStaff(db, {
        kind: 'stuck_fulfilment',
        reference: `${task.orderNumber}/${task.vendorCode}`,
        summary: ru.staffQueue.stuck(task.orderNumber, task.vendorCode, task.slaHours),
        payload: { ...task },
      });
    },

    /** Whether every line has all its keys (staff may enter them over several visits). */
    async checkEnteredKeys(input: { lines: FulfillmentLine[] }): Promise<{ complete: boolean; keyCount: number }> {
      const counts = await db
        .select({ lineId: orderLines.id, quantity: orderLines.quantity, keys: sql<number>`count(${licenseKeys.id})::int` })
        .from(orderLines)
        .leftJoin(licenseKeys, eq(licenseKeys.orderLineId, orderLines.id))
        .where(inArray(orderLines.id, input.lines.map((l) => l.orderLineId)))
        .groupBy(orderLines.id);
      return {
        complete: counts.length === input.lines.length && counts.every((c) => c.keys >= c.quantity),
        keyCount: counts.reduce((sum, c) => sum + c.keys, 0),
      };
    },
  };
}
