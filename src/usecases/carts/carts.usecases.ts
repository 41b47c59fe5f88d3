/**
 * A dealer user's named carts (issue 17, point 10): create, rename, select, save what the cart page
 * holds, delete. Each user has at least one cart once it has any, and at most MAX_CARTS_PER_USER;
 * names are unique per user. The cart page saves its whole draft after each change (the page
 * answers at once and saves behind), so the last save wins.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client';
import { MAX_CART_LINES, MAX_CARTS_PER_USER, emptyEndUser, type CartEndUser, type CartLine } from '../../domain/cart';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { UseCaseError } from '../errors';
import { createCartRepository, type CartOwner, type CartRow, type CartSummaryRow } from './carts.repository';

const t = ru.carts;

export type { CartOwner } from './carts.repository';

export interface CartView extends CartRow {
  current: boolean;
}
export interface CartSummary extends CartSummaryRow {
  current: boolean;
}

const newRequestId = () => randomBytes(16).toString('hex');
const notFound = () => new UseCaseError(404, 'CART_NOT_FOUND', t.notFound);
const nameTaken = (err: unknown, name: string | undefined): never => {
  if (name !== undefined && isUniqueViolation(err)) throw new UseCaseError(409, 'CART_NAME_TAKEN', t.nameTaken(name), [{ field: 'name', message: t.nameTaken(name) }]);
  throw err;
};
const checkLines = (lines: CartLine[] | undefined) => {
  if (lines && lines.length > MAX_CART_LINES) throw new UseCaseError(422, 'CART_TOO_LONG', t.tooManyLines(MAX_CART_LINES), [{ field: 'lines', message: t.tooManyLines(MAX_CART_LINES) }]);
};

/** The user's carts by name, which one is current, and the current one in full (none before the first is made). */
export async function listCarts(db: Db, owner: CartOwner): Promise<{ items: CartSummary[]; current: CartView | null }> {
  const repo = createCartRepository(db);
  const [items, current] = await Promise.all([repo.list(owner), repo.current(owner)]);
  return {
    items: items.map((c) => ({ ...c, current: c.id === current?.id })),
    current: current ? { ...current, current: true } : null,
  };
}

export async function getCart(db: Db, owner: CartOwner, id: string): Promise<CartView> {
  const repo = createCartRepository(db);
  const [cart, current] = await Promise.all([repo.find(owner, id), repo.current(owner)]);
  if (!cart) throw notFound();
  return { ...cart, current: cart.id === current?.id };
}

export interface NewCart {
  name: string;
  lines?: CartLine[];
  endUser?: Partial<CartEndUser>;
  /** false: keep the current cart current (a browser's old cart brought over in the background). */
  select?: boolean;
}

export async function createCart(db: Db, owner: CartOwner, input: NewCart): Promise<CartView> {
  checkLines(input.lines);
  return db
    .transaction(async (tx) => {
      const repo = createCartRepository(tx);
      await repo.lockOwner(owner);
      const count = await repo.count(owner);
      if (count >= MAX_CARTS_PER_USER) throw new UseCaseError(409, 'CART_LIMIT', t.tooMany(MAX_CARTS_PER_USER));
      // The first cart is current whatever was asked: a user always has a current cart.
      const selected = input.select !== false || count === 0;
      const row = await repo.insert(owner, { name: input.name, lines: input.lines ?? [], endUser: { ...emptyEndUser(), ...input.endUser }, requestId: newRequestId(), selected });
      return { ...row, current: selected };
    })
    .catch((err: unknown) => nameTaken(err, input.name));
}

export interface CartChange {
  name?: string;
  lines?: CartLine[];
  endUser?: Partial<CartEndUser>;
  /** A new order attempt (after an order was placed from the cart, the page empties it and starts one). */
  requestId?: string;
}

/** Renames a cart or saves its content; the cart stays current or not as it was. */
export async function changeCart(db: Db, owner: CartOwner, id: string, change: CartChange): Promise<CartView> {
  checkLines(change.lines);
  const repo = createCartRepository(db);
  const row = await repo
    .update(owner, id, {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.lines !== undefined ? { lines: change.lines } : {}),
      ...(change.endUser !== undefined ? { endUser: { ...emptyEndUser(), ...change.endUser } } : {}),
      ...(change.requestId !== undefined ? { requestId: change.requestId } : {}),
    })
    .catch((err: unknown) => nameTaken(err, change.name));
  if (!row) throw notFound();
  const current = await repo.current(owner);
  return { ...row, current: row.id === current?.id };
}

/** Makes a cart the current one (the one the catalog adds to, in every browser). */
export async function selectCart(db: Db, owner: CartOwner, id: string): Promise<CartView> {
  const row = await createCartRepository(db).select(owner, id);
  if (!row) throw notFound();
  return { ...row, current: true };
}

/** Deletes a cart; the user's last one stays (it can be emptied). The cart selected before becomes current. */
export async function deleteCart(db: Db, owner: CartOwner, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const repo = createCartRepository(tx);
    await repo.lockOwner(owner);
    if (!(await repo.find(owner, id))) throw notFound();
    if ((await repo.count(owner)) <= 1) throw new UseCaseError(409, 'CART_LAST', t.lastCart);
    await repo.remove(owner, id);
  });
}
