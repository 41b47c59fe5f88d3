import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { passwordResets, sessions, users } from '../../../db/schema';
import { passwordProblem } from '../../domain/dealers/password-policy';
import { passwordProblemText } from '../../locale/shared.ru';
import { hashPassword } from '../../infra/passwords';
import { tokenHash } from '../../infra/tokens';
import { ru } from '../../locale/ru';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { passwordResetWorkflowId, passwordResetWorkflowType, type PasswordResetWorkflow } from '../../workflows/accounts/password-reset.contract';
import { HttpError } from '../errors';
import { passwordResetContracts } from './password-reset.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { forgetLoginFailures } from '../../usecases/accounts/login-throttle.usecases';

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
    const body = request.body;
    const [found] = await db
      .select({ reset: passwordResets, login: users.login, email: users.email })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(eq(passwordResets.tokenHash, tokenHash(body.token)));
    if (!found) throw new HttpError(400, 'RESET_TOKEN_INVALID', t.invalidToken, [{ field: 'token', message: t.invalidToken }]);
    const spent = () => new HttpError(410, 'RESET_TOKEN_USED', t.usedToken, [{ field: 'token', message: t.usedToken }]);
    const expired = () => new HttpError(410, 'RESET_TOKEN_EXPIRED', t.expiredToken, [{ field: 'token', message: t.expiredToken }]);
    if (found.reset.usedAt) throw spent();
    if (found.reset.expiresAt <= new Date()) throw expired();
    const weak = passwordProblem(body.password, { login: found.login, email: found.email });
    if (weak) {
      const problem = passwordProblemText(weak);
      throw new HttpError(422, 'PASSWORD_WEAK', problem, [{ field: 'password', message: problem }]);
    }

    const passwordHash = await hashPassword(body.password);
    const userId = found.reset.userId;
    await db.transaction(async (tx) => {
      // The link is spent in the same statement that checks it: two clicks at once change the password once.
      const [taken] = await tx
        .update(passwordResets)
        .set({ usedAt: sql`now()` })
        .where(and(eq(passwordResets.id, found.reset.id), isNull(passwordResets.usedAt), sql`${passwordResets.expiresAt} > now()`))
        .returning({ id: passwordResets.id });
      if (!taken) throw found.reset.expiresAt <= new Date() ? expired() : spent();
      await tx.update(passwordResets).set({ usedAt: sql`now()` }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), ne(passwordResets.id, found.reset.id)));
      // Whoever knew the old password is logged out, and a lockout no longer applies: the mailbox proved who this is.
      await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
      await forgetLoginFailures(tx, found.login, request.ip);
      await tx.delete(sessions).where(eq(sessions.userId, userId));
      await audit(tx, { actorUserId: userId, action: 'auth.password_reset', subjectType: 'user', subjectId: userId, ip: request.ip });
    });
    return { message: t.done, login: found.login };
  });
}
