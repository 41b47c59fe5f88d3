import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import type { OrderHistoryEntry } from '../../domain/order-history';
import { ru } from '../../locale/ru';
import { UseCaseError } from '../errors';
import { findOrderByNumber } from './order-queries.repository';

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

/** The decisions about an order for staff's history page; an unknown order is "not found". */
export async function orderDecisionsForStaff(db: Db, orderNumber: string): Promise<OrderHistoryEntry[]> {
  if (!(await findOrderByNumber(db, orderNumber))) throw new UseCaseError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
  return orderDecisions(db, orderNumber);
}
