import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES } from '../../domain/audit';
import { errors, timestamp } from '../common.schemas';
import { isoDateSchema } from '../iso-date';

const PAGE_SIZE_MAX = 200;

/** The start of a group of actions: `dealer.`. */
const AUDIT_ACTION_GROUP = /^[a-z_]+\.$/;

export const auditQuerySchema = z.object({
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

export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestamp,
  action: z.string(),
  /** The login of who did it; null for the system and for deleted users. */
  actor: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});

export const auditContracts = {
  list: {
    querystring: auditQuerySchema,
    response: { 200: z.object({ items: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() }), ...errors(401, 403) },
  },
};
