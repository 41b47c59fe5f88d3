import { and, desc, eq, exists, ilike, or, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { dealers, orderLines, orders, products } from '../../../db/schema';
import { normalizePartNumber } from '../../domain/part-number';
import { escapeLike } from '../../infra/like-pattern';
import { requireStaff } from './require-staff';
import { STAFF_SEARCH_LIMIT, staffContracts } from './staff.schemas';
import { temporalLinks } from './temporal-links';

/**
 * Staff find things by the names the business uses: a dealer by its INN (or its beginning) or a
 * part of its name, an order by its number (or a part of it) or a PartNumber it holds (in any
 * shape, as the catalog matches it). Each result links to the Temporal UI.
 */
export function registerStaffSearchRoutes(app: FastifyInstance, { db, temporalUiUrl, namespace }: { db: Db; temporalUiUrl: string; namespace: string }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const links = temporalLinks(temporalUiUrl, namespace);
  api.get('/api/staff/search', { schema: staffContracts.search }, async (request) => {
    requireStaff(request);
    const q = request.query.q;
    const like = `%${escapeLike(q)}%`;
    const innDigits = q.replace(/\s+/g, '');
    const pn = normalizePartNumber(q);
    const [dealerRows, orderRows] = await Promise.all([
      db
        .select({ id: dealers.id, shortName: dealers.shortName, inn: dealers.inn, status: dealers.status })
        .from(dealers)
        .where(or(/^\d+$/.test(innDigits) ? sql`${dealers.inn} like ${escapeLike(innDigits) + '%'}` : undefined, ilike(dealers.shortName, like), ilike(dealers.fullName, like)))
        .orderBy(dealers.shortName)
        .limit(STAFF_SEARCH_LIMIT),
      db
        .select({
          orderNumber: orders.orderNumber,
          dealerName: dealers.shortName,
          status: orders.status,
          createdAt: orders.createdAt,
          partNumbers: sql<string[]>`coalesce((select array_agg(l.part_number order by l.line_no) from order_lines l where l.order_id = ${orders.id}), '{}')`,
        })
        .from(orders)
        .innerJoin(dealers, eq(dealers.id, orders.dealerId))
        .where(
          or(
            ilike(orders.orderNumber, like),
            pn.length >= 3
              ? exists(
                  db
                    .select({ one: sql`1` })
                    .from(orderLines)
                    .innerJoin(products, eq(products.id, orderLines.productId))
                    .where(and(eq(orderLines.orderId, orders.id), sql`${products.partNumberNormalized} like ${escapeLike(pn) + '%'}`)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(STAFF_SEARCH_LIMIT),
    ]);
    return {
      dealers: dealerRows.map((d) => ({ ...d, temporalUrl: links.dealer(d.id) })),
      orders: orderRows.map((o) => ({ ...o, temporalUrl: links.order(o.orderNumber) })),
    };
  });
}
