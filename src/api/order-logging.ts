import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orderLogAttributes } from '../infra/order-log';

/** Puts the order number on every later line of this request's log, "request completed" included. */
export function tagRequestWithOrder(request: FastifyRequest, reply: FastifyReply, orderNumber: string): void {
  request.log = request.log.child(orderLogAttributes(orderNumber));
  reply.log = request.log;
}

/** Requests to a route with an `:orderNumber` are about that order: their log lines say which. */
export function registerOrderLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const { orderNumber } = (request.params ?? {}) as { orderNumber?: unknown };
    if (typeof orderNumber === 'string' && orderNumber.length > 0) tagRequestWithOrder(request, reply, orderNumber);
  });
}
