import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import { parseWith } from '../errors';
import { isoDateSchema } from '../iso-date';
import { requireStaff } from '../staff/require-staff';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, type AuditAction } from '../../domain/audit';
import { escapeLike } from '../../infra/like-pattern';

const PAGE_SIZE_MAX = 200;

/** The start of a group of actions: `dealer.`. */
const AUDIT_ACTION_GROUP = /^[a-z_]+\.$/;

const auditQuerySchema = z.object({
  /** An action, or the start of one: `dealer.` finds every dealer action. */
  action: z.union([z.enum(AUDIT_ACTIONS), z.string().regex(AUDIT_ACTION_GROUP, 'действие: код действия или его начало с точкой, например «dealer.»')]).optional(),
  subjectType: z.enum(AUDIT_SUBJECT_TYPES).optional(),
  /** An order number, a dealer id, a login: as the action recorded it. */
  subjectId: z.string().trim().max(200).optional(),
  /** Who did it, by login. */
  actor: z.string().trim().max(200).optional(),
  /** Moscow calendar days, both included. */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** Keyset paging: the `nextBefore` of the previous page; entries older than it. */
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});


/**
 * Who did what, for staff: every login, decision, price and policy change and key download the
 * audit log holds, newest first. Paged by id rather than by offset, so the thousandth page of a
 * log of millions is as quick as the first.
 */
export function registerAuditRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/api/staff/audit', async (request) => {
    requireStaff(request);
    const q = parseWith(auditQuerySchema, request.query, 'query');
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
    return { items, nextBefore: more ? items[items.length - 1]!.id : null };
  });
}
