/**
 * The 1C exchange log as staff read it: every request 1C made and what SID answered, newest first,
 * found by what 1C speaks of.
 */
import { desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { acts, invoices, onecExchangeLog, orders } from '../../../db/schema';
import type { OnecDirection } from '../../api/billing/onec.schemas';
import { escapeLike } from '../../infra/like-pattern';

/** How many entries staff see at once. */
const LOG_PAGE = 200;

/**
 * The newest entries, or those whose endpoint or body mention `search`. 1C speaks of an order's
 * documents, not of the order: by SID's id when it numbers them, by number when it pays them. So
 * an order number brings in its invoices' and act's ids and numbers.
 */
export async function onecExchangeLogFor(db: Db, search: string | undefined) {
  let where: SQL | undefined;
  if (search) {
    const ofOrder = inArray(orders.orderNumber, [...new Set([search, search.toUpperCase()])]);
    const [orderInvoices, orderActs] = await Promise.all([
      db.select({ id: invoices.id, number: invoices.number }).from(invoices).innerJoin(orders, eq(orders.id, invoices.orderId)).where(ofOrder),
      db.select({ id: acts.id, number: acts.number }).from(acts).innerJoin(orders, eq(orders.id, acts.orderId)).where(ofOrder),
    ]);
    const needles = [...new Set([search, ...[...orderInvoices, ...orderActs].flatMap((d) => (d.number ? [d.id, d.number] : [d.id]))])];
    where = or(...needles.flatMap((n) => [ilike(onecExchangeLog.requestBody, `%${escapeLike(n)}%`), ilike(onecExchangeLog.endpoint, `%${escapeLike(n)}%`)]));
  }
  const items = await db.select().from(onecExchangeLog).where(where).orderBy(desc(onecExchangeLog.id)).limit(LOG_PAGE);
  return { items: items.map((item) => ({ ...item, direction: item.direction as OnecDirection })) };
}
