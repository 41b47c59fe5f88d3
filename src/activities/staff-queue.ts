import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { staffQueue } from '../../db/schema';

/**
 * Puts a task on the staff queue unless an open one of the same kind and reference is there:
 * a retried activity or a re-read message adds nothing twice.
 */
export async function queueForStaff(db: Db, item: { kind: string; reference: string; summary: string; payload: Record<string, unknown> }): Promise<void> {
  const [existing] = await db
    .select({ id: staffQueue.id })
    .from(staffQueue)
    .where(sql`${staffQueue.kind} = ${item.kind} and ${staffQueue.reference} = ${item.reference} and ${staffQueue.status} = 'open'`);
  if (!existing) await db.insert(staffQueue).values(item);
}
