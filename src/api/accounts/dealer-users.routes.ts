import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { passwordResetWorkflowId, passwordResetWorkflowType, type PasswordResetWorkflow } from '../../workflows/accounts/password-reset.contract';
import { requireDealerAdmin } from '../auth';
import { managedDealerId } from '../../usecases/dealer-scope';
import { adminOnly, errors, itemsOf } from '../common.schemas';
import { HttpError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { changeRoleSchema, dealerUserSchema, type InviteUserRequest, invitedUserSchema, inviteUserSchema, userAnswerSchema, userIdParams as userOnly, uuidParam } from './account.schemas';
import { changeDealerUserRole, invitee, inviteDealerUser, listDealerUsers, managingForStaff, recordInvitationMailed, setDealerUserDisabled, type Managing } from '../../usecases/accounts/dealer-users.usecases';

const t = ru.accounts;

/**
 * Where a dealer's users are managed from, and who may: a dealer admin its own dealer under
 * /api/dealer, staff any dealer under /api/staff/dealers/:dealerId. Both run the same handlers.
 */
export const USER_MANAGEMENT_BASES = ['/api/dealer', '/api/staff/dealers/:dealerId'] as const;

/** A route's path parameters under either base: staff's also name the dealer. */
export const paramsFor = <T extends z.ZodObject>(base: (typeof USER_MANAGEMENT_BASES)[number], params: T) =>
  base === '/api/dealer' ? params : params.extend({ dealerId: z.string().max(100) });

/** The dealer the request manages, or a refusal (403 for the wrong role, 404 for an unknown dealer). */
export function managingFrom(db: Db, base: (typeof USER_MANAGEMENT_BASES)[number]) {
  return async (request: FastifyRequest): Promise<Managing> => {
    if (base === '/api/dealer') {
      const principal = requireDealerAdmin(request);
      return { principal, dealerId: managedDealerId(principal)!, ip: request.ip };
    }
    const principal = requireStaff(request);
    const id = uuidParam.safeParse((request.params as { dealerId?: string }).dealerId);
    return managingForStaff(db, principal, id.success ? id.data : null, request.ip);
  };
}

const userIdOf = (request: FastifyRequest) => {
  const id = uuidParam.safeParse((request.params as { userId?: string }).userId);
  if (!id.success) throw new HttpError(404, 'USER_NOT_FOUND', t.userNotFound);
  return id.data;
};

/** The same contracts serve a dealer admin (`/api/dealer/…`) and staff (`/api/staff/dealers/:dealerId/…`). */
const userContractsOf = (base: (typeof USER_MANAGEMENT_BASES)[number]) => {
  const userIdParams = paramsFor(base, userOnly);
  return {
  list: { tags: ['dealer admin'], summary: 'The dealer’s users (dealer admins only)', security: adminOnly, response: { 200: itemsOf(dealerUserSchema), ...errors(401, 403) } },
  invite: {
    tags: ['dealer admin'],
    summary: 'Invite a user: created without a password and mailed a link to set one',
    security: adminOnly,
    body: inviteUserSchema.meta({ example: { login: 'ivanova', fullName: 'Иванова Мария Петровна', email: 'ivanova@example.ru', role: 'dealer_user' } }),
    response: { 201: invitedUserSchema.meta({ description: 'Created' }), ...errors(400, 401, 403, 409) },
  },
  invitation: {
    tags: ['dealer admin'],
    summary: 'Mail the invitation again (while no password is set)',
    security: adminOnly,
    params: userIdParams,
    response: { 200: invitedUserSchema, ...errors(401, 403, 404, 409) },
  },
  role: {
    tags: ['dealer admin'],
    summary: 'Change a user’s role; never one’s own, never the last active admin',
    security: adminOnly,
    params: userIdParams,
    body: changeRoleSchema.meta({ example: { role: 'dealer_admin' } }),
    response: { 200: userAnswerSchema, ...errors(400, 401, 403, 404, 409) },
  },
  disable: { tags: ['dealer admin'], summary: 'Switch a user off: no login, sessions ended', security: adminOnly, params: userIdParams, response: { 200: userAnswerSchema, ...errors(401, 403, 404, 409) } },
  enable: { tags: ['dealer admin'], summary: 'Switch a user on again', security: adminOnly, params: userIdParams, response: { 200: userAnswerSchema, ...errors(401, 403, 404) } },
  };
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
    // Each route its own contract objects: Fastify and swagger keep per-route state in them.
    const userContracts = userContractsOf(base);

    app.get(`${base}/users`, { schema: userContracts.list }, async (request) => ({ items: await listDealerUsers(db, await managing(request)) }));

    app.post(`${base}/users`, { schema: userContracts.invite }, async (request, reply) => {
      const m = await managing(request);
      const body = request.body as InviteUserRequest;
      const user = await inviteDealerUser(db, m, body);
      return reply.code(201).send({ user, invitation: await mailInvitation(request, m, user) });
    });

    app.post(`${base}/users/:userId/invitation`, { schema: userContracts.invitation }, async (request) => {
      const m = await managing(request);
      const user = await invitee(db, m, userIdOf(request));
      return { user, invitation: await mailInvitation(request, m, user) };
    });

    app.post(`${base}/users/:userId/role`, { schema: userContracts.role }, async (request) => {
      const m = await managing(request);
      const userId = userIdOf(request);
      const body = request.body as { role: 'dealer_user' | 'dealer_admin' };
      return { user: await changeDealerUserRole(db, m, userId, body.role) };
    });

    app.post(`${base}/users/:userId/disable`, { schema: userContracts.disable }, async (request) => {
      const m = await managing(request);
      return { user: await setDealerUserDisabled(db, m, userIdOf(request), true) };
    });

    app.post(`${base}/users/:userId/enable`, { schema: userContracts.enable }, async (request) => {
      const m = await managing(request);
      return { user: await setDealerUserDisabled(db, m, userIdOf(request), false) };
    });
  }
}
