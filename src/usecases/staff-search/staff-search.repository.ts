/**
 * Staff search's queries: dealers by INN (or its beginning) or a part of their name; orders by
 * their number (or a part of it) or a PartNumber they hold, normalised as the catalog matches it.
 * Staff see every dealer's rows, so nothing here is scoped.
 */
import { and, desc, eq, exists, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, orderLines, orders, products } from '../../../db/schema';
import { escapeLike } from '../../infra/like-pattern';

/** Dealers whose INN starts with `innDigits` (when it is all digits) or whose short or full name contains `q`. */
export function dealersMatching(db: Db, { q, innDigits }: { q: string; innDigits: string }, limit: number) {
  const like = `%${escapeLike(q)}%`;
  return db
    .select({ id: dealers.id, shortName: dealers.shortName, inn: dealers.inn, status: dealers.status })
    .from(dealers)
    .where(or(/^\d+$/.test(innDigits) ? sql`${dealers.inn} like ${escapeLike(innDigits) + '%'}` : undefined, ilike(dealers.shortName, like), ilike(dealers.fullName, like)))
    .orderBy(dealers.shortName)
    .limit(limit);
}

/**
 * Orders whose number contains `q`, or (for a normalised PartNumber of 3 characters or more) that
 * hold a product whose PartNumber starts with it; newest first, with their lines' PartNumbers.
 */
export function ordersMatching(db: Db, { q, partNumber }: { q: string; partNumber: string }, limit: number) {
  const like = `%${escapeLike(q)}%`;
  return db
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
        partNumber.length >= 3
          ? exists(
              db
                .select({ one: sql`1` })
                .from(orderLines)
                .innerJoin(products, eq(products.id, orderLines.productId))
                .where(and(eq(orderLines.orderId, orders.id), sql`${products.partNumberNormalized} like ${escapeLike(partNumber) + '%'}`)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}
