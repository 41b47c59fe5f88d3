import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, orders } from '../../../db/schema';
import type { InnNote } from '../../domain/dealers/inn-notes';

/** At most this many other dealers are named per kind of note. */
const NAMED = 10;

/** The notes on a dealer's INN for the staff's review page (InnNote). */
export async function innNotes(db: Db, dealer: { id: string; inn: string }, distributorInn: string): Promise<InnNote[]> {
  const notes: InnNote[] = dealer.inn === distributorInn ? [{ kind: 'distributor' }] : [];
  const [sameInn, customerOf] = await Promise.all([
    db
      .select({ dealerId: dealers.id, shortName: dealers.shortName, kpp: dealers.kpp, status: dealers.status })
      .from(dealers)
      .where(and(eq(dealers.inn, dealer.inn), ne(dealers.id, dealer.id)))
      .orderBy(dealers.createdAt)
      .limit(NAMED),
    db
      .select({ dealerId: dealers.id, shortName: dealers.shortName, orders: count() })
      .from(orders)
      .innerJoin(dealers, eq(dealers.id, orders.dealerId))
      .where(and(eq(sql`${orders.endUser}->>'inn'`, dealer.inn), ne(orders.dealerId, dealer.id)))
      .groupBy(dealers.id, dealers.shortName)
      .orderBy(sql`count(*) desc`)
      .limit(NAMED),
  ]);
  for (const d of sameInn) notes.push({ kind: 'otherDealer', ...d });
  for (const d of customerOf) notes.push({ kind: 'endUserOfOtherDealer', ...d });
  return notes;
}
