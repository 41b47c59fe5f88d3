import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { staffQueue } from '../../../db/schema';
import type { StaffQueueKind, StaffQueueStatus } from '../../domain/staff-queue';
import { escapeLike } from '../../infra/like-pattern';

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

/**
 * The one way a task leaves the staff queue: every open task about `reference` (of the kinds
 * named, or of any kind) is resolved, by the person given or by the system. `reference` may be a
 * prefix ending in `/` for tasks about an order's vendors (`SID-0000001/`). Returns the references
 * it closed.
 */
export async function resolveStaffTasks(
  db: DbOrTx,
  which: { kinds?: readonly StaffQueueKind[]; reference: string; resolvedByUserId?: string | null },
): Promise<string[]> {
  const reference = which.reference.endsWith('/') ? like(staffQueue.reference, `${escapeLike(which.reference)}%`) : eq(staffQueue.reference, which.reference);
  const closed = await db
    .update(staffQueue)
    .set({ status: 'resolved', resolvedAt: sql`now()`, resolvedByUserId: which.resolvedByUserId ?? null })
    .where(and(which.kinds ? inArray(staffQueue.kind, [...which.kinds]) : undefined, reference, eq(staffQueue.status, 'open')))
    .returning({ reference: staffQueue.reference });
  return closed.map((c) => c.reference ?? '');
}


/** The staff queue's page: the newest 200 tasks of a status, of one kind or all. */
export async function listStaffTasks(db: Db, q: { status: StaffQueueStatus; kind?: StaffQueueKind | undefined }) {
  const items = await db
    .select()
    .from(staffQueue)
    .where(and(eq(staffQueue.status, q.status), q.kind ? eq(staffQueue.kind, q.kind) : undefined))
    .orderBy(desc(staffQueue.createdAt))
    .limit(200);
  return items.map((item) => ({ ...item, payload: item.payload as Record<string, unknown> }));
}
