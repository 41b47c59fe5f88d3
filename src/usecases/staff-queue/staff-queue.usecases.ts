import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { staffQueue } from '../../../db/schema';
import type { StaffQueueKind } from '../../domain/staff-queue';

export interface StaffTask {
  kind: StaffQueueKind;
  reference: string;
  summary: string;
  payload?: Record<string, unknown>;
}

/**
 * The one way a task reaches the staff queue: added unless an open one of the same kind and
 * reference is there, so a retried activity or a re-read message adds nothing twice. A task about
 * one event of many (a payment: the caller already records each payment once) is `perEvent` and
 * always added. Returns whether it added one.
 */
export async function queueForStaff(db: DbOrTx, task: StaffTask, options: { perEvent?: boolean } = {}): Promise<boolean> {
  if (!options.perEvent) {
    const [existing] = await db
      .select({ id: staffQueue.id })
      .from(staffQueue)
      .where(and(eq(staffQueue.kind, task.kind), eq(staffQueue.reference, task.reference), eq(staffQueue.status, 'open')));
    if (existing) return false;
  }
  await db.insert(staffQueue).values({ ...task, payload: task.payload ?? {} });
  return true;
}
