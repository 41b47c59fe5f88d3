import type { DbOrTx } from '../../../db/client';
import { auditLog } from '../../../db/schema';
import type { AuditAction, AuditSubjectType } from '../../domain/audit';

export interface AuditEntry {
  action: AuditAction;
  subjectType: AuditSubjectType;
  subjectId?: string | number | null;
  /** The person who acted; none for the system (a workflow's own step). */
  actorUserId?: string | null;
  details?: object;
  /** The client's address, where a request carried the action. */
  ip?: string | null;
}

/**
 * The one way anything is written to the audit log. Pass the transaction that makes the change,
 * so the entry and the change commit together or not at all.
 */
export async function audit(db: DbOrTx, entry: AuditEntry): Promise<{ id: number }> {
  const [row] = await db.insert(auditLog).values({
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId == null ? null : String(entry.subjectId),
    actorUserId: entry.actorUserId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  }).returning({ id: auditLog.id });
  return row!;
}
