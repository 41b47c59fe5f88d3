import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

const routesOf = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered after this (HEAD twins of GET left out), so tests can hold the description against them. */
export const registeredRoutes = (app: FastifyInstance): RegisteredRoute[] => routesOf.get(app) ?? [];

/**
 * Serves the dealer API's OpenAPI description at GET /api/openapi.json (public: it describes, it
 * grants nothing). The description is generated from the routes' own zod contracts
 * (src/api/contracts.ts). Register it before the other routes: it also records them as they come.
 */
export function registerOpenApi(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  routesOf.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  let document: unknown;
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send((document ??= app.swagger())));
}
