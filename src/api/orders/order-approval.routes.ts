import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ru } from '../../locale/ru';
import { requireDealerAdmin } from '../auth';
import { managedDealerId } from '../../usecases/dealer-scope';
import { adminOnly, errors } from '../common.schemas';
import { dealerSettingsAnswerSchema, orderDecisionSchema, orderNumberParams } from './order.schemas';
import { tagRequestWithOrder } from '../order-logging';
import type { OrderStarter } from './order-starter';
import { workflowInputFor } from '../../usecases/orders/place-order.usecases';
import { alreadyDecided, dealerOrderingRules, orderAwaitingApproval, setApprovalThreshold } from '../../usecases/orders/order-approval.usecases';
import { approveOrder, declineOrder } from '../../usecases/orders/order-status.usecases';

const t = ru.orders;
const declineSchema = z.object({ reason: z.string({ error: t.declineReasonRequired }).trim().min(1, t.declineReasonRequired).max(1000) });
/** What a dealer admin sets for its dealer (documented in the OpenAPI description). */
export const dealerSettingsSchema = z.object({
  orderApprovalThresholdKopecks: z.number({ error: t.thresholdInvalid }).int(t.thresholdInvalid).min(0, t.thresholdInvalid).max(Number.MAX_SAFE_INTEGER, t.thresholdInvalid).nullable(),
});

/**
 * A dealer may require its admins to approve orders above an amount before they go anywhere:
 * a dealer user's (or an API key's) order over the threshold is recorded as awaiting approval,
 * holds its credit, and starts only when one of the dealer's admins approves it.
 */
export function registerOrderApprovalRoutes(
  app: FastifyInstance,
  deps: { db: Db; orderStarter: OrderStarter; prepayValidityBankingDays: number },
): void {
  const { db } = deps;

  const api = app.withTypeProvider<ZodTypeProvider>();
  const approve = {
    tags: ['orders'],
    summary: 'A dealer admin approves an order waiting for approval (above the dealer’s threshold); it starts at once',
    security: adminOnly,
    params: orderNumberParams,
    response: { 200: orderDecisionSchema, 202: orderDecisionSchema.meta({ description: 'Approved; it starts once Temporal answers' }), ...errors(401, 403, 404, 409) },
  };
  api.post('/api/orders/:orderNumber/approve', { schema: approve }, async (request, reply) => {
    const principal = requireDealerAdmin(request);
    const order = await orderAwaitingApproval(db, principal, request.params.orderNumber);
    tagRequestWithOrder(request, reply, order.orderNumber);
    const approved = await approveOrder(db, { orderId: order.id, orderNumber: order.orderNumber, grossKopecks: order.grossKopecks, actorUserId: principal.userId, ip: request.ip });
    // Two admins at once: the second finds it approved already.
    if (!approved) throw alreadyDecided(order.orderNumber);
    let started = true;
    try {
      await deps.orderStarter.start(await workflowInputFor(db, order.orderNumber, deps));
    } catch (err) {
      request.log.error({ err }, 'approved order did not start; the order starter will start it');
      started = false;
    }
    return reply.code(started ? 200 : 202).send({ orderNumber: order.orderNumber, status: 'submitted', ...(started ? {} : { message: t.startDeferred }) });
  });

  const decline = {
    tags: ['orders'],
    summary: 'A dealer admin declines an order waiting for approval; it is cancelled',
    security: adminOnly,
    params: orderNumberParams,
    body: declineSchema,
    response: { 200: orderDecisionSchema, ...errors(400, 401, 403, 404, 409) },
  };
  api.post('/api/orders/:orderNumber/decline', { schema: decline }, async (request, reply) => {
    const principal = requireDealerAdmin(request);
    const { reason } = request.body;
    const order = await orderAwaitingApproval(db, principal, request.params.orderNumber);
    tagRequestWithOrder(request, reply, order.orderNumber);
    const declined = await declineOrder(db, { orderId: order.id, orderNumber: order.orderNumber, reason, actorUserId: principal.userId, ip: request.ip });
    if (!declined) throw alreadyDecided(order.orderNumber);
    return { orderNumber: order.orderNumber, status: 'cancelled' as const };
  });

  /** The dealer's own ordering rules, set by its admins: for now, the approval threshold. */
  const settings = {
    tags: ['dealer admin'],
    summary: 'The dealer’s ordering rules: above which gross amount (kopecks) a dealer user’s order waits for an admin (null: never)',
    security: adminOnly,
    response: { 200: dealerSettingsAnswerSchema, ...errors(401, 403) },
  };
  api.get('/api/dealer/settings', { schema: settings }, async (request) => {
    return dealerOrderingRules(db, managedDealerId(requireDealerAdmin(request))!);
  });

  const changeSettings = {
    tags: ['dealer admin'],
    summary: 'Set the approval threshold',
    security: adminOnly,
    body: dealerSettingsSchema.meta({ example: { orderApprovalThresholdKopecks: 50_000_000 } }),
    response: { 200: dealerSettingsAnswerSchema, ...errors(400, 401, 403) },
  };
  api.put('/api/dealer/settings', { schema: changeSettings }, async (request) => {
    const principal = requireDealerAdmin(request);
    return setApprovalThreshold(db, principal, managedDealerId(principal)!, request.body.orderApprovalThresholdKopecks, request.ip);
  });
}
