import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import type { Principal } from '../auth';
import { tagRequestWithOrder } from '../order-logging';
import type { OrderStarter } from './order-starter';
import { recordOrder } from '../../usecases/orders/place-order.usecases';
import type { PlaceOrderRequest } from './order.schemas';

export interface SubmitOrderDeps {
  db: Db;
  orderStarter: OrderStarter;
  prepayValidityBankingDays: number;
  usdMarkupBasisPoints: number;
  maxRateAgeBankingDays?: number;
}

/**
 * A dealer's order, from whatever placed it (the cart, a quote): recorded with its prices locked,
 * then started, unless it waits for its dealer's approval. An order that cannot start because
 * Temporal is unreachable stays recorded and the order starter starts it later. Answers the
 * status code and message every caller gives: 201 new, 200 a repeat, 202 waiting or deferred.
 */
export async function submitOrder(deps: SubmitOrderDeps, request: FastifyRequest, reply: FastifyReply, principal: Principal & { dealerId: string }, body: PlaceOrderRequest) {
  const placed = await recordOrder(deps.db, principal.dealerId, principal.userId, body, {
    prepayValidityBankingDays: deps.prepayValidityBankingDays,
    usdMarkupBasisPoints: deps.usdMarkupBasisPoints,
    maxRateAgeBankingDays: deps.maxRateAgeBankingDays,
    // A dealer admin's own orders need no approval; a user's or an API key's above the threshold do.
    mayApprove: principal.role === 'dealer_admin' && !principal.apiKeyId,
  });
  tagRequestWithOrder(request, reply, placed.orderNumber);
  let started = !placed.awaitingApproval;
  if (started) {
    try {
      await deps.orderStarter.start(placed.workflowInput);
    } catch (err) {
      request.log.error({ err }, 'order workflow did not start; it will be started later');
      started = false;
    }
  }
  const statusCode = placed.awaitingApproval || !started ? 202 : placed.created ? 201 : 200;
  const message = placed.awaitingApproval ? ru.orders.awaitingApproval : started ? undefined : ru.orders.startDeferred;
  return { placed, statusCode, ...(message ? { message } : {}) };
}
