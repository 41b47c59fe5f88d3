import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { dealers } from '../../../db/schema';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { passwordResetWorkflowId, passwordResetWorkflowType, type PasswordResetWorkflow } from '../../workflows/accounts/password-reset.contract';
import { requireDealerAdmin } from '../auth';
import { managedDealerId } from '../dealer-scope';
import { HttpError, parseWith } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { changeRoleSchema, inviteUserSchema, uuidParam } from './account.schemas';
import { changeDealerUserRole, invitee, inviteDealerUser, listDealerUsers, recordInvitationMailed, setDealerUserDisabled, type Managing } from './dealer-users';

const t = ru.accounts;

/**
 * Where a dealer's users are managed from, and who may: a dealer admin its own dealer under
 * /api/dealer, staff any dealer under /api/staff/dealers/:dealerId. Both run the same handlers.
 */
export const USER_MANAGEMENT_BASES = ['/api/dealer', '/api/staff/dealers/:dealerId'] as const;

/** The dealer the request manages, or a refusal (403 for the wrong role, 404 for an unknown dealer). */
export function managingFrom(db: Db, base: (typeof USER_MANAGEMENT_BASES)[number]) {
  return async (request: FastifyRequest): Promise<Managing> => {
    if (base === '/api/dealer') {
      const principal = requireDealerAdmin(request);
      return { principal, dealerId: managedDealerId(principal)!, ip: request.ip };
    }
    const principal = requireStaff(request);
    const id = uuidParam.safeParse((request.params as { dealerId?: string }).dealerId);
    const [dealer] = id.success ? await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, id.data)) : [];
    const dealerId = dealer && managedDealerId(principal, dealer.id);
    if (!dealerId) throw new HttpError(404, 'DEALER_NOT_FOUND', t.dealerNotFound);
    return { principal, dealerId, ip: request.ip };
  };
}

const userIdOf = (request: FastifyRequest) => {
  const id = uuidParam.safeParse((request.params as { userId?: string }).userId);
  if (!id.success) throw new HttpError(404, 'USER_NOT_FOUND', t.userNotFound);
  return id.data;
};

export function registerDealerUserRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  /** The invitation is a password-reset link under other words, mailed by the same workflow. */
  async function mailInvitation(request: FastifyRequest, m: Managing, user: { id: string; login: string; email: string }) {
    const requestId = randomUUID();
    try {
      await temporal.workflow.start<PasswordResetWorkflow>(passwordResetWorkflowType, {
        taskQueue: ORDER_TASK_QUEUE,
        workflowId: passwordResetWorkflowId(requestId),
        args: [{ requestId, login: user.login, purpose: 'invitation' }],
      });
    } catch (err) {
      request.log.error({ err }, 'invitation workflow did not start');
      return { sent: false, message: t.invitationUnavailable };
    }
    await recordInvitationMailed(db, m, user.id, requestId);
    return { sent: true, message: t.invitationMailed(user.email) };
  }

  for (const base of USER_MANAGEMENT_BASES) {
    const managing = managingFrom(db, base);

    app.get(`${base}/users`, async (request) => ({ items: await listDealerUsers(db, await managing(request)) }));

    app.post(`${base}/users`, async (request, reply) => {
      const m = await managing(request);
      const body = parseWith(inviteUserSchema, request.body);
      const user = await inviteDealerUser(db, m, body);
      return reply.code(201).send({ user, invitation: await mailInvitation(request, m, user) });
    });

    app.post(`${base}/users/:userId/invitation`, async (request) => {
      const m = await managing(request);
      const user = await invitee(db, m, userIdOf(request));
      return { user, invitation: await mailInvitation(request, m, user) };
    });

    app.post(`${base}/users/:userId/role`, async (request) => {
      const m = await managing(request);
      const userId = userIdOf(request);
      const body = parseWith(changeRoleSchema, request.body);
      return { user: await changeDealerUserRole(db, m, userId, body.role) };
    });

    app.post(`${base}/users/:userId/disable`, async (request) => {
      const m = await managing(request);
      return { user: await setDealerUserDisabled(db, m, userIdOf(request), true) };
    });

    app.post(`${base}/users/:userId/enable`, async (request) => {
      const m = await managing(request);
      return { user: await setDealerUserDisabled(db, m, userIdOf(request), false) };
    });
  }
}
