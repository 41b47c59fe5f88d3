import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import type { OrderHistoryEntry } from '../../domain/order-history';

/**
 * Who decided what about an order: its audit log entries (submit, approval, policy-hold decisions,
 * retries and cancellations of fulfilment, keys entered, downloads), with the person's login.
 */
export async function orderDecisions(db: DbOrTx, orderNumber: string): Promise<OrderHistoryEntry[]> {
  const rows = await db
    .select({ at: auditLog.createdAt, action: auditLog.action, actor: users.login, details: auditLog.details })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.subjectType, 'order'), eq(auditLog.subjectId, orderNumber)))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
  return rows.map((r) => ({ kind: 'decision', at: r.at.toISOString(), action: r.action, actor: r.actor ?? null, details: (r.details ?? {}) as Record<string, unknown> }));
}
