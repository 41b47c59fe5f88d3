import { eq, inArray, sql } from 'drizzle-orm';
import { licenseKeys, orderLines, staffQueue } from '../../../db/schema';
import type { FulfillmentLine } from '../../workflows/order.contract';
import type { ActivityDeps } from '../index';

interface ManualTask {
  orderId: string;
  orderNumber: string;
  vendorId: number;
  vendorCode: string;
  lines: FulfillmentLine[];
}

const describeLines = (lines: FulfillmentLine[]) => lines.map((l) => `${l.partNumber} × ${l.quantity}`).join(', ');

export function createManualVendorActivities({ db }: Pick<ActivityDeps, 'db'>) {
  /** Staff-queue items are keyed by kind and reference: a retried activity adds nothing twice. */
  async function queueOnce(kind: string, reference: string, summary: string, payload: Record<string, unknown>) {
    const [existing] = await db
      .select({ id: staffQueue.id })
      .from(staffQueue)
      .where(sql`${staffQueue.kind} = ${kind} and ${staffQueue.reference} = ${reference} and ${staffQueue.status} = 'open'`);
    if (!existing) await db.insert(staffQueue).values({ kind, reference, summary, payload });
  }

  return {
    /** A vendor without an API: staff get a task to obtain the keys and enter them. */
    async requestManualKeys(task: ManualTask): Promise<void> {
      await queueOnce(
        'manual_keys',
        `${task.orderNumber}/${task.vendorCode}`,
        `Заказ ${task.orderNumber}: получите у ${task.vendorCode} и введите ключи (${describeLines(task.lines)})`,
        { ...task },
      );
    },

    /** The SLA passed without keys: the task is raised as stuck, for staff to chase, switch or cancel. */
    async escalateStuckFulfillment(task: ManualTask & { slaHours: number }): Promise<void> {
      await queueOnce(
        'stuck_fulfilment',
        `${task.orderNumber}/${task.vendorCode}`,
        `Заказ ${task.orderNumber}: ключи от ${task.vendorCode} не получены за ${task.slaHours} ч`,
        { ...task },
      );
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
