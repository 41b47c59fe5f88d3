import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { auditLog, dealers, sessions, users } from '../../db/schema';
import { hashPassword, verifyPassword } from '../infra/passwords';
import { ru } from '../locale/ru';
import { HttpError, parseWith } from './errors';

export const SESSION_COOKIE = 'sid_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const LOCKOUT_AFTER = 5;
const LOCKOUT_MS = 15 * 60 * 1000;

export type Role = 'dealer_user' | 'dealer_admin' | 'staff' | 'admin';
export interface Principal {
  userId: string;
  login: string;
  role: Role;
  dealerId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const loginSchema = z.object({ login: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) });

// Verifying against a fixed hash when the login is unknown keeps response times alike.
const unknownUserHash = hashPassword(randomBytes(16).toString('hex'));

export function registerAuth(app: FastifyInstance, { db, secureCookies }: { db: Db; secureCookies: boolean }): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const [row] = await db
      .select({ userId: users.id, login: users.login, role: users.role, dealerId: users.dealerId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, sql`now()`)));
    request.principal = row ?? null;
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

  app.post('/api/auth/login', async (request, reply) => {
    const body = parseWith(loginSchema, request.body);
    const [user] = await db.select().from(users).where(eq(users.login, body.login.toLowerCase()));
    if (user?.lockedUntil && user.lockedUntil > new Date()) {
      const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
      throw new HttpError(429, 'LOCKED_OUT', ru.auth.locked(minutes));
    }
    const ok = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), body.password);
    if (!user || !ok) {
      if (user) {
        const failed = user.failedLogins + 1;
        await db
          .update(users)
          .set({ failedLogins: failed, lockedUntil: failed >= LOCKOUT_AFTER ? new Date(Date.now() + LOCKOUT_MS) : null })
          .where(eq(users.id, user.id));
      }
      await db.insert(auditLog).values({ actorUserId: user?.id ?? null, action: 'auth.login_failed', subjectType: 'user', subjectId: body.login, ip: request.ip });
      throw new HttpError(401, 'INVALID_CREDENTIALS', ru.auth.invalid);
    }
    if (user.dealerId) {
      // Told only to someone who knows the password: the status of an application is nobody else's business.
      const [dealer] = await db.select({ status: dealers.status, rejectionReason: dealers.rejectionReason }).from(dealers).where(eq(dealers.id, user.dealerId));
      if (dealer && dealer.status !== 'approved') {
        await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
        await db.insert(auditLog).values({ actorUserId: user.id, action: 'auth.login_refused', subjectType: 'user', subjectId: user.id, details: { dealerStatus: dealer.status }, ip: request.ip });
        const message =
          dealer.status === 'pending' ? ru.registration.pending : dealer.status === 'rejected' ? ru.registration.rejected(dealer.rejectionReason) : ru.registration.suspended;
        throw new HttpError(403, `DEALER_${dealer.status.toUpperCase()}`, message);
      }
    }
    const token = randomBytes(32).toString('base64url');
    await db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
    await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await db.insert(auditLog).values({ actorUserId: user.id, action: 'auth.login', subjectType: 'user', subjectId: user.id, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: SESSION_TTL_MS / 1000 });
    return { user: { login: user.login, role: user.role, fullName: user.fullName, dealerId: user.dealerId } };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', async (request) => ({ user: requireUser(request) }));
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

