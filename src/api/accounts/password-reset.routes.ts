import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { passwordResetWorkflowId, passwordResetWorkflowType, type PasswordResetWorkflow } from '../../workflows/accounts/password-reset.contract';
import { HttpError } from '../errors';
import { passwordResetContracts } from './password-reset.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { resetPassword } from '../../usecases/accounts/password-reset.usecases';

const t = ru.passwordReset;

/** Forgotten passwords: a link by e-mail, valid for an hour and once. */
export function registerPasswordResetRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /**
   * Always 202 with the same words: whether the account exists is for its mailbox to learn. The
   * lookup and the letter happen in the workflow, so the answer also takes the same time either way.
   */
  api.post('/api/auth/password-reset', { schema: passwordResetContracts.request }, async (request, reply) => {
    const body = request.body;
    const requestId = randomUUID();
    // Stored first: a workflow is started only for a request on record, never for one the database refused.
    await audit(db, { action: 'auth.password_reset_requested', subjectType: 'user', subjectId: body.login, details: { requestId }, ip: request.ip });
    try {
      await temporal.workflow.start<PasswordResetWorkflow>(passwordResetWorkflowType, {
        taskQueue: ORDER_TASK_QUEUE,
        workflowId: passwordResetWorkflowId(requestId),
        args: [{ requestId, login: body.login }],
      });
    } catch (err) {
      request.log.error({ err }, 'password-reset workflow did not start');
      throw new HttpError(503, 'PASSWORD_RESET_UNAVAILABLE', t.unavailable);
    }
    return reply.code(202).send({ message: t.requested });
  });

  /** Sets the new password, spends the link (and any other open link of the account), and ends every session. */
  api.post('/api/auth/password-reset/confirm', { schema: passwordResetContracts.confirm }, async (request) => {
    const { login } = await resetPassword(db, request.body.token, request.body.password, request.ip);
    return { message: t.done, login };
  });
}
