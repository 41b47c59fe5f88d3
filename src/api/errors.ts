import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/client';
import { ru } from '../locale/ru';

import { inRussian } from '../locale/zod.ru';
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

/** A refused request: 400 with each wrong field named, worded for the part of the request it was. */
export function invalidRequest(error: z.ZodError, where: 'body' | 'query' | 'params'): HttpError {
  const fields = error.issues.map((issue) => ({ field: issue.path.join('.') || where, message: issue.message }));
  const message = where === 'body' ? ru.validation.invalidBody : where === 'query' ? ru.validation.invalidQuery : ru.validation.invalidPath;
  return new HttpError(400, 'INVALID_REQUEST', message, fields);
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' = 'body'): z.infer<T> {
  const parsed = schema.safeParse(value ?? {}, inRussian);
  if (parsed.success) return parsed.data;
  throw invalidRequest(parsed.error, where);
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

/**
 * Fastify's router refuses some URLs before any hook or handler (a path that is not valid UTF-8
 * once decoded, a path parameter over its length limit): the same error shape as everything else.
 * Passed as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  // 400 rather than 414: a path parameter too long is a parameter its route's schema refuses, and
  // every route documents 400 (src/api/contracts.ts), none 414.
  void reply
    .code(400)
    .send({ error: { code: tooLong ? 'URL_PARAMETER_TOO_LONG' : 'INVALID_URL', message: tooLong ? ru.edgeErrors.parameterTooLong : ru.edgeErrors.invalidUrl } });
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers too large, a request
 * timed out, a malformed request): answered on the socket in the API's error shape, then closed.
 * Passed as Fastify's `clientErrorHandler` option.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', ru.edgeErrors.requestTimeout]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', ru.edgeErrors.headersTooLarge]
        : [400, 'MALFORMED_REQUEST', ru.edgeErrors.malformedRequest];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
