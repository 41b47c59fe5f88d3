import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { auditLogPage } from '../../usecases/audit/audit-log.repository';
import { requireStaff } from '../staff/require-staff';
import { auditContracts } from './audit.schemas';

/**
 * Who did what, for staff: every login, decision, price and policy change and key download the
 * audit log holds, newest first, paged by id (src/usecases/audit/audit-log.repository.ts).
 */
export function registerAuditRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/staff/audit', { schema: auditContracts.list }, async (request) => {
    requireStaff(request);
    return auditLogPage(db, request.query);
  });
}
