import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import type { Principal } from '../usecases/principal';
import { dealers, sessions, users } from '../../db/schema';
import { ru } from '../locale/ru';
import { apiKeyPrincipal, bearerKey, recordApiKeyRequest } from '../usecases/accounts/api-keys.usecases';
import { checkCredentials } from '../usecases/accounts/credentials.usecases';
import { credentialsSchema, lockedOut } from './credentials';
import type { LoginThrottleLimits } from '../usecases/accounts/login-throttle.usecases';
import { adminOnly, anyDealer, errors, noLogin } from './common.schemas';
import { principalSchema } from './accounts/account.schemas';
import { HttpError } from './errors';
import { z } from 'zod';
import { audit } from '../usecases/audit/audit.usecases';

export const SESSION_COOKIE = 'sid_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type { Principal, Role } from '../usecases/principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const authContracts = {
  login: {
    tags: ['auth'],
    summary: 'Log in: sets the session cookie and returns the CSRF token for X-CSRF-Token',
    security: noLogin,
    body: credentialsSchema.meta({ example: { login: 'postpay@demo.sid', password: 'demo-password' } }),
    response: {
      200: z.object({ user: z.object({ login: z.string(), role: principalSchema.shape.role, fullName: z.string().nullable(), dealerId: z.uuid().nullable() }), csrfToken: z.string() }),
      ...errors(400, 401, 403, 429),
    },
  },
  logout: { tags: ['auth'], summary: 'End the session', security: adminOnly, response: { 200: z.object({ ok: z.boolean() }), ...errors(403) } },
  me: {
    tags: ['auth'],
    summary: 'Who is calling; with a session, also its CSRF token',
    security: anyDealer,
    response: { 200: z.object({ user: principalSchema, csrfToken: z.string().optional() }), ...errors(401) },
  },
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The session's CSRF token (synchronizer pattern without storage): derived from the httpOnly
 * session token, which a foreign site can neither read nor compute, under a prefix of its own so
 * that it is never the session's own hash.
 */
export const csrfTokenOf = (sessionToken: string) => createHash('sha256').update(`sid-csrf-v1:${sessionToken}`).digest('base64url');
export const CSRF_HEADER = 'x-csrf-token';
/** Routes a session's authority plays no part in: public forms, and callers that sign each request. */
const CSRF_EXEMPT_ROUTES = new Set(['/api/auth/login', '/api/registrations', '/api/auth/password-reset', '/api/auth/password-reset/confirm', '/api/requisites/check']);
const CSRF_EXEMPT_PREFIXES = ['/api/1c/', '/api/vendor-callbacks/', '/api/registrations/'];
const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';



export function registerAuth(
  app: FastifyInstance,
  { db, secureCookies, loginThrottle }: { db: Db; secureCookies: boolean; loginThrottle?: LoginThrottleLimits },
): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    // A dealer's system with an API key: the key alone decides, a wrong one is refused outright.
    const key = bearerKey(request.headers.authorization);
    if (key !== undefined) {
      request.principal = await apiKeyPrincipal(db, key);
      if (!request.principal) throw new HttpError(401, 'API_KEY_INVALID', ru.accounts.apiKeyInvalid);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const [row] = await db
      .select({ userId: users.id, login: users.login, role: users.role, dealerId: users.dealerId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
    request.principal = row ?? null;
  });

  // A state change made on a session's authority must show the session's CSRF token, which only
  // our own pages learn (from login and /api/auth/me). API keys and signed callers carry no cookie.
  app.addHook('onRequest', async (request) => {
    if (isSafeMethod(request.method) || !request.principal || request.principal.apiKeyId) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0]!;
    if (CSRF_EXEMPT_ROUTES.has(route) || CSRF_EXEMPT_PREFIXES.some((prefix) => route.startsWith(prefix))) return;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || given === '') throw new HttpError(403, 'CSRF_TOKEN_MISSING', ru.accounts.csrfMissing);
    const expected = Buffer.from(csrfTokenOf(request.cookies[SESSION_COOKIE]!));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new HttpError(403, 'CSRF_TOKEN_INVALID', ru.accounts.csrfWrong);
  });

  // What a key changed is on record with the key's id, whichever route it called.
  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    if (!principal?.apiKeyId || isSafeMethod(request.method)) return;
    await recordApiKeyRequest(db, principal, { method: request.method, route: request.routeOptions.url ?? request.url, statusCode: reply.statusCode, ip: request.ip }).catch((err) =>
      request.log.error({ err }, 'api key request not audited'),
    );
  });

  // SameSite cookies stop most cross-site requests; an explicit Origin check stops the rest.
  app.addHook('onRequest', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    const origin = request.headers.origin;
    if (!origin) return;
    // "null" (sandboxed frames, file://) and anything unparsable count as foreign too.
    const host = URL.canParse(origin) ? new URL(origin).host : null;
    if (host !== request.headers.host) throw new HttpError(403, 'FOREIGN_ORIGIN', ru.auth.foreignOrigin);
  });

  app.post('/api/auth/login', { schema: authContracts.login }, async (request, reply) => {
    const body = request.body as z.output<typeof credentialsSchema>;
    const check = await checkCredentials(db, body.login, body.password, { address: request.ip, limits: loginThrottle });
    if (check.outcome === 'locked') throw lockedOut(check);
    if (check.outcome === 'invalid') {
      await audit(db, { actorUserId: check.user?.id ?? null, action: 'auth.login_failed', subjectType: 'user', subjectId: body.login, ip: request.ip });
      throw new HttpError(401, 'INVALID_CREDENTIALS', ru.auth.invalid);
    }
    const { user } = check;
    if (user.disabledAt) {
      // Like a dealer's status below: said only to someone who knows the password.
      await audit(db, { actorUserId: user.id, action: 'auth.login_refused', subjectType: 'user', subjectId: user.id, details: { disabled: true }, ip: request.ip });
      throw new HttpError(403, 'USER_DISABLED', ru.accounts.disabled);
    }
    if (user.dealerId) {
      // Told only to someone who knows the password: the status of an application is nobody else's business.
      const [dealer] = await db.select({ status: dealers.status, rejectionReason: dealers.rejectionReason }).from(dealers).where(eq(dealers.id, user.dealerId));
      if (dealer && dealer.status !== 'approved') {
        await audit(db, { actorUserId: user.id, action: 'auth.login_refused', subjectType: 'user', subjectId: user.id, details: { dealerStatus: dealer.status }, ip: request.ip });
        const message =
          dealer.status === 'pending' ? ru.registration.pending : dealer.status === 'rejected' ? ru.registration.rejected(dealer.rejectionReason) : ru.registration.suspended;
        throw new HttpError(403, `DEALER_${dealer.status.toUpperCase()}`, message);
      }
    }
    const token = randomBytes(32).toString('base64url');
    await db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
    await audit(db, { actorUserId: user.id, action: 'auth.login', subjectType: 'user', subjectId: user.id, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: SESSION_TTL_MS / 1000 });
    return { user: { login: user.login, role: user.role, fullName: user.fullName, dealerId: user.dealerId }, csrfToken: csrfTokenOf(token) };
  });

  app.post('/api/auth/logout', { schema: authContracts.logout }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: authContracts.me }, async (request) => {
    const user = requireUser(request);
    const token = request.cookies[SESSION_COOKIE];
    return { user, ...(user.apiKeyId || !token ? {} : { csrfToken: csrfTokenOf(token) }) };
  });
}

export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError(401, 'UNAUTHENTICATED', ru.auth.required);
  return request.principal;
}

/** A dealer's user: the dealer id every dealer-scoped query is filtered by. */
export function requireDealerUser(request: FastifyRequest): Principal & { dealerId: string } {
  const principal = requireUser(request);
  if (!principal.dealerId) throw new HttpError(403, 'DEALER_ONLY', ru.auth.dealerOnly);
  return principal as Principal & { dealerId: string };
}

/** A dealer admin with a session: managing users and API keys is never open to an API key. */
export function requireDealerAdmin(request: FastifyRequest): Principal & { dealerId: string } {
  const principal = requireDealerUser(request);
  if (principal.apiKeyId) throw new HttpError(403, 'SESSION_ONLY', ru.accounts.sessionOnly);
  if (principal.role !== 'dealer_admin') throw new HttpError(403, 'DEALER_ADMIN_ONLY', ru.accounts.adminOnly);
  return principal;
}

