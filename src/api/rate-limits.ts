import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ru } from '../locale/ru';
import { HttpError } from './errors';
import type { RateLimits } from '../domain/edge-limits';

export { DEFAULT_RATE_LIMITS, type RateLimits } from '../domain/edge-limits';

// Counted per client address (`request.ip`: behind a proxy, set SID_TRUST_PROXY) and route, in
// this process's memory (@fastify/rate-limit's store; one API process, as compose runs it). Wrong passwords are also throttled per login and address, in the database
// (src/usecases/accounts/login-throttle.usecases.ts).

type Group = keyof RateLimits;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const windows: Record<Group, number> = { loginPerMinute: MINUTE, formsPerHour: HOUR, requisiteChecksPerMinute: MINUTE, machinePerMinute: MINUTE };

/** Which limit a route takes; routes not named here take none. */
export function rateLimitGroup(method: string, url: string): Group | undefined {
  if (method === 'POST' && (url === '/api/auth/login' || url === '/api/registrations/previous')) return 'loginPerMinute';
  if (method === 'POST' && ['/api/registrations', '/api/auth/password-reset', '/api/auth/password-reset/confirm'].includes(url)) return 'formsPerHour';
  if (method === 'POST' && url === '/api/requisites/check') return 'requisiteChecksPerMinute';
  if (url.startsWith('/api/1c/') || url.startsWith('/api/vendor-callbacks/')) return 'machinePerMinute';
  return undefined;
}

/**
 * One root onRequest hook, registered before every other hook: a flood is answered 429 before a
 * session is looked up, a 1C signature is checked or anything is logged. Each route of a group is
 * counted on its own per client address.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, { global: false });
  const limiters = Object.fromEntries(
    (Object.keys(windows) as Group[]).map((group) => [
      group,
      app.createRateLimit({ max: limits[group], timeWindow: windows[group], keyGenerator: (request) => `${request.ip}|${request.method} ${request.routeOptions.url}` }),
    ]),
  ) as Record<Group, ReturnType<FastifyInstance['createRateLimit']>>;
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    const group = url === undefined ? undefined : rateLimitGroup(request.method, url);
    if (!group) return;
    const result = await limiters[group](request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    reply.header('retry-after', String(seconds));
    throw new HttpError(429, 'RATE_LIMITED', ru.rateLimit.tooMany(seconds));
  });
}
