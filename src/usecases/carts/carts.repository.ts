/**
 * The queries on a user's carts. Every one is narrowed by the owner's scope (the dealer-scope
 * rule the route passes in), so a cart of another user or dealer is never read or changed.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { carts } from '../../../db/schema';
import type { CartEndUser, CartLine } from '../../domain/cart';

/** Whose carts: the dealer and user they are created for, and the scope every query is narrowed by. */
export interface CartOwner {
  dealerId: string;
  userId: string;
  scope: SQL | undefined;
}

export interface CartRow {
  id: string;
  name: string;
  lines: CartLine[];
  endUser: CartEndUser;
  requestId: string;
  selectedAt: Date;
  updatedAt: Date;
}

export interface CartSummaryRow {
  id: string;
  name: string;
  lineCount: number;
  selectedAt: Date;
  updatedAt: Date;
}

const columns = {
  id: carts.id,
  name: carts.name,
  lines: sql<CartLine[]>`${carts.lines}`,
  endUser: sql<CartEndUser>`${carts.endUser}`,
  requestId: carts.requestId,
  selectedAt: carts.selectedAt,
  updatedAt: carts.updatedAt,
};

export function createCartRepository(db: DbOrTx) {
  const mine = (owner: CartOwner, id?: string) => and(owner.scope, eq(carts.userId, owner.userId), id === undefined ? undefined : eq(carts.id, id));
  return {
    async list(owner: CartOwner): Promise<CartSummaryRow[]> {
      return db
        .select({ id: carts.id, name: carts.name, lineCount: sql<number>`jsonb_array_length(${carts.lines})::int`, selectedAt: carts.selectedAt, updatedAt: carts.updatedAt })
        .from(carts)
        .where(mine(owner))
        .orderBy(asc(carts.name));
    },
    async find(owner: CartOwner, id: string): Promise<CartRow | undefined> {
      const [row] = await db.select(columns).from(carts).where(mine(owner, id));
      return row;
    },
    /** The cart selected last is the current one. */
    async current(owner: CartOwner): Promise<CartRow | undefined> {
      const [row] = await db.select(columns).from(carts).where(mine(owner)).orderBy(desc(carts.selectedAt), desc(carts.createdAt)).limit(1);
      return row;
    },
    async count(owner: CartOwner): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(carts).where(mine(owner));
      return row?.n ?? 0;
    },
    async insert(owner: CartOwner, values: { name: string; lines: CartLine[]; endUser: CartEndUser; requestId: string; selected: boolean }): Promise<CartRow> {
      const [row] = await db
        .insert(carts)
        .values({
          dealerId: owner.dealerId,
          userId: owner.userId,
          name: values.name,
          lines: values.lines,
          endUser: values.endUser,
          requestId: values.requestId,
          // A cart made in the background (a browser's old cart brought over) does not become the current one.
          selectedAt: values.selected ? sql`clock_timestamp()` : sql`'-infinity'::timestamptz`,
        })
        .returning(columns);
      return row!;
    },
    async update(owner: CartOwner, id: string, change: Partial<{ name: string; lines: CartLine[]; endUser: CartEndUser; requestId: string }>): Promise<CartRow | undefined> {
      const [row] = await db
        .update(carts)
        .set({ ...change, updatedAt: sql`clock_timestamp()` })
        .where(mine(owner, id))
        .returning(columns);
      return row;
    },
    async select(owner: CartOwner, id: string): Promise<CartRow | undefined> {
      const [row] = await db.update(carts).set({ selectedAt: sql`clock_timestamp()` }).where(mine(owner, id)).returning(columns);
      return row;
    },
    async remove(owner: CartOwner, id: string): Promise<boolean> {
      const rows = await db.delete(carts).where(mine(owner, id)).returning({ id: carts.id });
      return rows.length > 0;
    },
    /** One user's cart changes one at a time: the count limit and "never the last cart" hold under concurrent requests. */
    async lockOwner(owner: CartOwner): Promise<void> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`carts:${owner.userId}`}))`);
    },
  };
}
export type CartRepository = ReturnType<typeof createCartRepository>;
