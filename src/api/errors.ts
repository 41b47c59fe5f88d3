import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/client';
import { ru } from '../locale/ru';

import { UseCaseError, type FieldError } from '../usecases/errors';

export type { FieldError };

/** An error meant for the caller: status, a stable code for programs, a message for people. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    /** Headers the answer carries (e.g. Retry-After with a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' = 'body'): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || where, message: issue.message }));
  throw new HttpError(400, 'INVALID_REQUEST', where === 'body' ? ru.validation.invalidBody : ru.validation.invalidQuery, fields);
}

/** One place turns every error into `{ error: { code, message, fields? } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | UseCaseError, request, reply) => {
    // A route's own refusal, or a use case's rule: the same answer.
    if (error instanceof HttpError || error instanceof UseCaseError) {
      if (error instanceof HttpError && error.headers) reply.headers(error.headers);
      return reply
        .code(error.statusCode)
        .send({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
    }
    // PostgreSQL down or restarting: a passing condition to retry after, not an "internal error".
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.code(503).header('retry-after', '10').send({ error: { code: 'DATABASE_UNAVAILABLE', message: ru.availability.database } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({
      error: {
        code: status >= 500 ? 'INTERNAL' : (error.code ?? 'BAD_REQUEST'),
        message: status >= 500 ? 'Внутренняя ошибка сервера. Мы уже разбираемся.' : error.message,
      },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `Адрес ${request.method} ${request.url} не найден.` } }),
  );
}
