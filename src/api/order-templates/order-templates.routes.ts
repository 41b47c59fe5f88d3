/**
 * A dealer's saved order templates for repeat orders: a name and the lines (PartNumber, vendor,
 * quantity, licence type). A template stores no prices: the quick-order page loads its lines and
 * checks them as usual, so today's prices and policies apply.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { orderTemplates } from '../../../db/schema';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { requireDealerUser } from '../auth';
import { orderTemplateScope } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';
import { orderTemplateContracts, type OrderTemplateRequest } from './order-templates.schemas';
import { audit } from '../../usecases/audit/audit.usecases';

const t = ru.orderTemplates;

const columns = { id: orderTemplates.id, name: orderTemplates.name, lines: orderTemplates.lines, createdAt: orderTemplates.createdAt, updatedAt: orderTemplates.updatedAt };

export function registerOrderTemplateRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const templateId = (request: FastifyRequest) => {
    const id = z.uuid().safeParse((request.params as { templateId?: string }).templateId);
    if (!id.success) throw new HttpError(404, 'ORDER_TEMPLATE_NOT_FOUND', t.notFound);
    return id.data;
  };
  /** The unique index (dealer, name) decides; two saves of one name at once cannot both win. */
  const nameTaken = (err: unknown, body: OrderTemplateRequest) => {
    if (isUniqueViolation(err)) throw new HttpError(409, 'ORDER_TEMPLATE_NAME_TAKEN', t.nameTaken(body.name), [{ field: 'name', message: t.nameTaken(body.name) }]);
    throw err;
  };

  app.get('/api/order-templates', { schema: orderTemplateContracts.list }, async (request) => {
    const principal = requireDealerUser(request);
    return { items: await db.select(columns).from(orderTemplates).where(orderTemplateScope(principal)).orderBy(asc(orderTemplates.name)) };
  });

  app.post('/api/order-templates', { schema: orderTemplateContracts.create }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const body = request.body as OrderTemplateRequest;
    const created = await db
      .transaction(async (tx) => {
        const [row] = await tx.insert(orderTemplates).values({ dealerId: principal.dealerId, name: body.name, lines: body.lines, createdByUserId: principal.userId }).returning(columns);
        await audit(tx, { actorUserId: principal.userId, action: 'order_template.created', subjectType: 'order_template', subjectId: row!.id, details: { name: body.name, lines: body.lines.length }, ip: request.ip });
        return row!;
      })
      .catch((err: unknown) => nameTaken(err, body));
    return reply.code(201).send({ template: created });
  });

  app.put('/api/order-templates/:templateId', { schema: orderTemplateContracts.replace }, async (request) => {
    const principal = requireDealerUser(request);
    const id = templateId(request);
    const body = request.body as OrderTemplateRequest;
    const updated = await db
      .transaction(async (tx) => {
        const [row] = await tx
          .update(orderTemplates)
          .set({ name: body.name, lines: body.lines, updatedAt: new Date() })
          .where(and(eq(orderTemplates.id, id), orderTemplateScope(principal)))
          .returning(columns);
        if (!row) throw new HttpError(404, 'ORDER_TEMPLATE_NOT_FOUND', t.notFound);
        await audit(tx, { actorUserId: principal.userId, action: 'order_template.updated', subjectType: 'order_template', subjectId: id, details: { name: body.name, lines: body.lines.length }, ip: request.ip });
        return row;
      })
      .catch((err: unknown) => nameTaken(err, body));
    return { template: updated };
  });

  app.delete('/api/order-templates/:templateId', { schema: orderTemplateContracts.delete }, async (request, reply) => {
    const principal = requireDealerUser(request);
    const id = templateId(request);
    await db.transaction(async (tx) => {
      const [row] = await tx.delete(orderTemplates).where(and(eq(orderTemplates.id, id), orderTemplateScope(principal))).returning({ name: orderTemplates.name });
      if (!row) throw new HttpError(404, 'ORDER_TEMPLATE_NOT_FOUND', t.notFound);
      await audit(tx, { actorUserId: principal.userId, action: 'order_template.deleted', subjectType: 'order_template', subjectId: id, details: { name: row.name }, ip: request.ip });
    });
    return reply.code(204).send();
  });
}
