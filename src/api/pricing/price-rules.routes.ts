/**
 * Staff manage dealer groups and discount rules: the contracts over the use cases in
 * src/usecases/pricing/price-rules-admin.usecases.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import {
  createDealerGroup,
  createPriceRule,
  deletePriceRule,
  priceRuleAsInput,
  priceRulesOverview,
  renameDealerGroup,
  updatePriceRule,
} from '../../usecases/pricing/price-rules-admin.usecases';
import { parseWith } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { pricingContracts as contracts, priceRuleSchema } from './pricing.schemas';

export function registerStaffPricingRuleRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const actorOf = (request: Parameters<typeof requireStaff>[0]) => ({ userId: requireStaff(request).userId, ip: request.ip });

  api.get('/api/staff/price-rules', { schema: contracts.rules }, async (request) => {
    requireStaff(request);
    return priceRulesOverview(db);
  });

  api.post('/api/staff/price-rules', { schema: contracts.createRule }, async (request, reply) => {
    const created = await createPriceRule(db, actorOf(request), request.body);
    return reply.code(201).send(created);
  });

  api.patch('/api/staff/price-rules/:id', { schema: contracts.updateRule }, async (request) => {
    const actor = actorOf(request);
    // The stored rule with the change applied is checked as a whole rule, by the same contract.
    const whole = parseWith(priceRuleSchema, await priceRuleAsInput(db, request.params.id, request.body));
    return updatePriceRule(db, actor, request.params.id, whole);
  });

  api.delete('/api/staff/price-rules/:id', { schema: contracts.deleteRule }, async (request) => deletePriceRule(db, actorOf(request), request.params.id));

  // The list of groups is GET /api/staff/dealer-groups (staff-dealers.routes.ts), and with counts, GET /api/staff/price-rules.
  api.post('/api/staff/dealer-groups', { schema: contracts.createGroup }, async (request, reply) => {
    const created = await createDealerGroup(db, actorOf(request), request.body);
    return reply.code(201).send(created);
  });

  api.patch('/api/staff/dealer-groups/:id', { schema: contracts.renameGroup }, async (request) => renameDealerGroup(db, actorOf(request), request.params.id, request.body.name));
}
