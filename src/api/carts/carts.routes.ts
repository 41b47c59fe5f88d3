/**
 * A dealer user's named carts (issue 17, point 10): thin adapters over src/usecases/carts, each
 * narrowed to the user's own carts of its dealer by dealer-scope.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { changeCart, createCart, deleteCart, getCart, listCarts, selectCart, type CartOwner } from '../../usecases/carts/carts.usecases';
import { requireDealerUser } from '../auth';
import { cartScope } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';
import { cartContracts, type CartContentRequest, type NewCartRequest, type RenameCartRequest } from './carts.schemas';

export function registerCartRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const ownerOf = (request: FastifyRequest): CartOwner => {
    const principal = requireDealerUser(request);
    return { dealerId: principal.dealerId, userId: principal.userId, scope: cartScope(principal) };
  };
  const cartId = (request: FastifyRequest) => {
    const id = z.uuid().safeParse((request.params as { cartId?: string }).cartId);
    if (!id.success) throw new HttpError(404, 'CART_NOT_FOUND', ru.carts.notFound);
    return id.data;
  };

  app.get('/api/carts', { schema: cartContracts.list }, async (request) => listCarts(db, ownerOf(request)));

  app.post('/api/carts', { schema: cartContracts.create }, async (request, reply) => {
    const cart = await createCart(db, ownerOf(request), request.body as NewCartRequest);
    return reply.code(201).send({ cart });
  });

  app.get('/api/carts/:cartId', { schema: cartContracts.get }, async (request) => {
    const owner = ownerOf(request);
    return { cart: await getCart(db, owner, cartId(request)) };
  });

  app.patch('/api/carts/:cartId', { schema: cartContracts.rename }, async (request) => {
    const owner = ownerOf(request);
    return { cart: await changeCart(db, owner, cartId(request), { name: (request.body as RenameCartRequest).name }) };
  });

  app.put('/api/carts/:cartId/content', { schema: cartContracts.saveContent }, async (request) => {
    const owner = ownerOf(request);
    const body = request.body as CartContentRequest;
    return { cart: await changeCart(db, owner, cartId(request), body) };
  });

  app.post('/api/carts/:cartId/select', { schema: cartContracts.select }, async (request) => {
    const owner = ownerOf(request);
    return { cart: await selectCart(db, owner, cartId(request)) };
  });

  app.delete('/api/carts/:cartId', { schema: cartContracts.delete }, async (request, reply) => {
    const owner = ownerOf(request);
    await deleteCart(db, owner, cartId(request));
    return reply.code(204).send();
  });
}
