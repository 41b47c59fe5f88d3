/**
 * A dealer's saved order templates for repeat orders: a name and the lines (PartNumber, vendor,
 * quantity, licence type). A template stores no prices: the quick-order page loads its lines and
 * checks them as usual, so today's prices and policies apply. Every read and change goes through
 * `orderTemplateScope`; the unique index (dealer, name) decides between two saves of one name.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orderTemplates } from '../../../db/schema';
import type { OrderTemplateRequest } from '../../api/order-templates/order-templates.schemas';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { audit } from '../audit/audit.usecases';
import { orderTemplateScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';
import { isUuid } from '../../domain/ids';

const t = ru.orderTemplates;
type DealerPrincipal = Principal & { dealerId: string };

const columns = { id: orderTemplates.id, name: orderTemplates.name, lines: orderTemplates.lines, createdAt: orderTemplates.createdAt, updatedAt: orderTemplates.updatedAt };

const notFound = () => new UseCaseError(404, 'ORDER_TEMPLATE_NOT_FOUND', t.notFound);
const existingId = (id: string) => {
  if (!isUuid(id)) throw notFound();
  return id;
};
const nameTaken = (body: OrderTemplateRequest) => (err: unknown): never => {
  if (isUniqueViolation(err)) throw new UseCaseError(409, 'ORDER_TEMPLATE_NAME_TAKEN', t.nameTaken(body.name), [{ field: 'name', message: t.nameTaken(body.name) }]);
  throw err;
};

export async function listOrderTemplates(db: Db, principal: DealerPrincipal) {
  return { items: await db.select(columns).from(orderTemplates).where(orderTemplateScope(principal)).orderBy(asc(orderTemplates.name)) };
}

export async function createOrderTemplate(db: Db, principal: DealerPrincipal, body: OrderTemplateRequest, ip: string) {
  const template = await db
    .transaction(async (tx) => {
      const [row] = await tx.insert(orderTemplates).values({ dealerId: principal.dealerId, name: body.name, lines: body.lines, createdByUserId: principal.userId }).returning(columns);
      await audit(tx, { actorUserId: principal.userId, action: 'order_template.created', subjectType: 'order_template', subjectId: row!.id, details: { name: body.name, lines: body.lines.length }, ip });
      return row!;
    })
    .catch(nameTaken(body));
  return { template };
}

export async function replaceOrderTemplate(db: Db, principal: DealerPrincipal, templateId: string, body: OrderTemplateRequest, ip: string) {
  const id = existingId(templateId);
  const template = await db
    .transaction(async (tx) => {
      const [row] = await tx
        .update(orderTemplates)
        .set({ name: body.name, lines: body.lines, updatedAt: new Date() })
        .where(and(eq(orderTemplates.id, id), orderTemplateScope(principal)))
        .returning(columns);
      if (!row) throw notFound();
      await audit(tx, { actorUserId: principal.userId, action: 'order_template.updated', subjectType: 'order_template', subjectId: id, details: { name: body.name, lines: body.lines.length }, ip });
      return row;
    })
    .catch(nameTaken(body));
  return { template };
}

export async function deleteOrderTemplate(db: Db, principal: DealerPrincipal, templateId: string, ip: string): Promise<void> {
  const id = existingId(templateId);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(orderTemplates).where(and(eq(orderTemplates.id, id), orderTemplateScope(principal))).returning({ name: orderTemplates.name });
    if (!row) throw notFound();
    await audit(tx, { actorUserId: principal.userId, action: 'order_template.deleted', subjectType: 'order_template', subjectId: id, details: { name: row.name }, ip });
  });
}
