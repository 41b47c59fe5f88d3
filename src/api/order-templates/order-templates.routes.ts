/**
 * A dealer's saved order templates for repeat orders: the contracts over
 * src/usecases/order-templates/order-templates.usecases.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { createOrderTemplate, deleteOrderTemplate, listOrderTemplates, replaceOrderTemplate } from '../../usecases/order-templates/order-templates.usecases';
import { requireDealerUser } from '../auth';
import { orderTemplateContracts, type OrderTemplateRequest } from './order-templates.schemas';

const templateIdOf = (params: unknown) => (params as { templateId: string }).templateId;

export function registerOrderTemplateRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/api/order-templates', { schema: orderTemplateContracts.list }, async (request) => listOrderTemplates(db, requireDealerUser(request)));

  app.post('/api/order-templates', { schema: orderTemplateContracts.create }, async (request, reply) => {
    const created = await createOrderTemplate(db, requireDealerUser(request), request.body as OrderTemplateRequest, request.ip);
    return reply.code(201).send(created);
  });

  app.put('/api/order-templates/:templateId', { schema: orderTemplateContracts.replace }, async (request) =>
    replaceOrderTemplate(db, requireDealerUser(request), templateIdOf(request.params), request.body as OrderTemplateRequest, request.ip),
  );

  app.delete('/api/order-templates/:templateId', { schema: orderTemplateContracts.delete }, async (request, reply) => {
    await deleteOrderTemplate(db, requireDealerUser(request), templateIdOf(request.params), request.ip);
    return reply.code(204).send();
  });
}
