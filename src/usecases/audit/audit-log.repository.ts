import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import type { AuditQuery } from '../../api/audit/audit.schemas';
import type { AuditAction } from '../../domain/audit';
import { escapeLike } from '../../infra/like-pattern';

/**
 * Who did what, for staff: the audit log's entries matching the filters, newest first, with the
 * actor's login. Paged by id rather than by offset, so the thousandth page of a log of millions is
 * as quick as the first.
 */
export async function auditLogPage(db: Db, q: AuditQuery) {
  const filters: Array<SQL | undefined> = [
    q.action ? (q.action.endsWith('.') ? like(auditLog.action, `${escapeLike(q.action)}%`) : eq(auditLog.action, q.action as AuditAction)) : undefined,
    q.subjectType ? eq(auditLog.subjectType, q.subjectType) : undefined,
    q.subjectId ? eq(auditLog.subjectId, q.subjectId) : undefined,
    q.actor ? eq(users.login, q.actor.toLowerCase()) : undefined,
    q.from ? gte(auditLog.createdAt, sql`(${q.from}::date)::timestamp at time zone 'Europe/Moscow'`) : undefined,
    q.to ? lt(auditLog.createdAt, sql`(${q.to}::date + 1)::timestamp at time zone 'Europe/Moscow'`) : undefined,
    q.before ? lt(auditLog.id, q.before) : undefined,
  ];
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      action: auditLog.action,
      actor: users.login,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize + 1);
  const more = rows.length > q.pageSize;
  const items = more ? rows.slice(0, q.pageSize) : rows;
  return { items: items.map((item) => ({ ...item, details: item.details as Record<string, unknown> })), nextBefore: more ? items[items.length - 1]!.id : null };
}
