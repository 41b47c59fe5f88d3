/**
 * The dealer's carts, kept on the server per user (issue 17, point 10): another browser or computer
 * shows the same carts. A change shows at once (the state here changes first) and is saved behind
 * it, the whole draft of the current cart at a time, a quarter of a second after the last change.
 * A dealer keeps several named carts (e.g. one per end customer) and switches between them.
 * The server prices the cart on every change (`POST /api/orders/quote`), so nothing here computes money.
 */
import { useEffect, useState } from 'preact/hooks';
import type { cartAnswerSchema, cartContracts } from '../../api/carts/carts.schemas';
import type { AnswerOf, WireOf } from '../../api/common.schemas';
import { MAX_CART_LINES, emptyEndUser, type CartEndUser, type CartLine } from '../../domain/cart';
import { api, ApiError, asApiError, type Product } from './api';
import { t } from './locale-ru';

export type { CartLine } from '../../domain/cart';
export interface CartState {
  lines: CartLine[];
  endUser: CartEndUser;
  /** One id per order attempt: a repeated click or a retry after a lost answer cannot order twice. */
  requestId: string;
}
type ServerCart = WireOf<typeof cartAnswerSchema>;
type CartList = AnswerOf<typeof cartContracts.list>;
export type CartSummary = CartList['items'][number];

/** Which carts there are, which one is current, and how saving goes. */
export interface CartsState {
  phase: 'loading' | 'ready' | 'failed';
  items: CartSummary[];
  currentId: string | null;
  /** The last save of the current cart was refused or did not reach the server; it is tried again. */
  saveError: string | null;
}

// crypto.randomUUID exists only on HTTPS or localhost; getRandomValues works on any page.
const newRequestId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const fresh = (): CartState => ({ lines: [], endUser: emptyEndUser(), requestId: newRequestId() });
const fromServer = (c: ServerCart): CartState => ({ lines: c.lines, endUser: { ...emptyEndUser(), ...c.endUser }, requestId: c.requestId });

let owner = '';
/** Bumped on every login and switch: an answer for an earlier one is dropped. */
let generation = 0;
let state: CartState = fresh();
let meta: CartsState = { phase: 'loading', items: [], currentId: null, saveError: null };
/** Changes made while the carts load or switch: applied to the cart once it is known. */
let pending: Array<(s: CartState) => CartState> | null = [];
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

// ---- Saving -------------------------------------------------------------------------------------

const SAVE_DELAY_MS = 250;
const RETRY_DELAY_MS = 5_000;
let dirty = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> | null = null;

/** The draft as the server keeps it: a quantity being typed is clamped to what it stores. */
const contentOf = (s: CartState) => ({
  lines: s.lines.map((l) => ({ ...l, quantity: Math.min(100_000, Math.max(0, Math.trunc(Number(l.quantity) || 0))) })),
  endUser: { name: s.endUser.name.slice(0, 500), inn: s.endUser.inn.slice(0, 20), email: s.endUser.email.slice(0, 320), region: s.endUser.region.slice(0, 200) },
  requestId: s.requestId,
});

function scheduleSave(delay = SAVE_DELAY_MS): void {
  dirty = true;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void flush(), delay);
}

/** Saves the current cart now if it changed; resolves once the server has it (or refused it). */
export async function flush(): Promise<void> {
  clearTimeout(saveTimer);
  while (saving) await saving;
  if (!dirty || !meta.currentId) return;
  dirty = false;
  const id = meta.currentId;
  const body = contentOf(state);
  saving = (async () => {
    try {
      await api<{ cart: ServerCart }>('PUT', `/api/carts/${id}/content`, body);
      if (meta.saveError) meta = { ...meta, saveError: null };
      meta = { ...meta, items: meta.items.map((c) => (c.id === id ? { ...c, lineCount: body.lines.length } : c)) };
    } catch (err) {
      const refusal = asApiError(err);
      meta = { ...meta, saveError: refusal.status === 422 ? refusal.message : t.cart.saveFailed };
      // Not a refusal of this content (the network, the server): try again a little later.
      if (id === meta.currentId && refusal.status !== 400 && refusal.status !== 422 && refusal.status !== 404) scheduleSave(RETRY_DELAY_MS);
      else if (refusal.status === 400 || refusal.status === 422) dirty = false;
    } finally {
      saving = null;
      notify();
    }
  })();
  await saving;
}

/** Applies a change at once; it is saved behind, or applied to the cart once it has loaded. */
function change(op: (s: CartState) => CartState): void {
  state = op(state);
  if (pending) pending.push(op);
  else {
    meta = { ...meta, items: meta.items.map((c) => (c.id === meta.currentId ? { ...c, lineCount: state.lines.length } : c)) };
    scheduleSave();
  }
  notify();
}

function show(answer: CartList | { current: ServerCart }, gen: number): void {
  if (gen !== generation) return;
  const current = answer.current!;
  const ops = pending ?? [];
  pending = null;
  state = ops.reduce((s, op) => op(s), fromServer(current));
  const items = 'items' in answer ? answer.items : meta.items;
  meta = { phase: 'ready', items: items.map((c) => ({ ...c, current: c.id === current.id, ...(c.id === current.id ? { lineCount: state.lines.length } : {}) })), currentId: current.id, saveError: null };
  if (ops.length) scheduleSave();
  notify();
}

// ---- Loading, and the one-time move of a browser's old cart ----------------------------------------

const legacyKey = (login: string) => `sid-cart:${login}`;
/** The cart an earlier SID kept in this browser only, if it holds anything. */
function legacyCart(login: string): CartState | null {
  try {
    const saved = JSON.parse(localStorage.getItem(legacyKey(login)) ?? 'null') as Partial<CartState> | null;
    if (!saved || !Array.isArray(saved.lines)) return null;
    const endUser = { ...emptyEndUser(), ...saved.endUser };
    const lines = saved.lines
      .filter((l) => l && typeof l.partNumber === 'string' && l.partNumber.trim() && typeof l.vendorCode === 'string' && l.vendorCode.trim())
      .map((l) => ({
        partNumber: l.partNumber,
        vendorCode: l.vendorCode,
        name: String(l.name ?? ''),
        quantity: Number(l.quantity) || 0,
        licenseType: l.licenseType ?? 'new',
        previousLicenseNumber: String(l.previousLicenseNumber ?? ''),
        basePartNumber: String(l.basePartNumber ?? ''),
      }))
      .slice(0, MAX_CART_LINES);
    if (lines.length === 0 && Object.values(endUser).every((v) => !String(v).trim())) return null;
    return { lines, endUser, requestId: newRequestId() };
  } catch {
    return null;
  }
}

async function load(login: string, gen: number): Promise<void> {
  try {
    let answer = await api<CartList>('GET', '/api/carts');
    const legacy = legacyCart(login);
    if (legacy || answer.items.length === 0) {
      const hasCarts = answer.items.length > 0;
      try {
        // A cart kept in this browser before carts lived on the server moves there once: as the
        // first cart, or beside the carts another browser made (not replacing the current one).
        const body = legacy ? { ...contentOf(legacy), name: hasCarts ? t.cart.fromThisBrowser : t.cart.defaultName, select: !hasCarts } : { name: t.cart.defaultName };
        await api('POST', '/api/carts', body);
      } catch (err) {
        // Another tab did the same a moment earlier: its cart is the one.
        if (asApiError(err).status !== 409) throw err;
      }
      localStorage.removeItem(legacyKey(login));
      answer = await api<CartList>('GET', '/api/carts');
    } else localStorage.removeItem(legacyKey(login));
    show(answer, gen);
  } catch (err) {
    if (gen !== generation) return;
    meta = { ...meta, phase: 'failed', saveError: asApiError(err).message };
    notify();
  }
}

/** Loads the carts of this login (each user on a shared computer has their own). */
export function openCart(login: string): void {
  owner = login;
  const gen = ++generation;
  clearTimeout(saveTimer);
  dirty = false;
  state = fresh();
  pending = [];
  meta = { phase: 'loading', items: [], currentId: null, saveError: null };
  notify();
  void load(login, gen);
}

// ---- The current cart's lines --------------------------------------------------------------------

export const cart = {
  get: () => state,
  add(product: Product): number {
    const match = (l: CartLine) => l.partNumber === product.partNumber && l.vendorCode === product.vendor.code;
    change((s) => {
      const existing = s.lines.find(match);
      if (existing) return { ...s, lines: s.lines.map((l) => (l === existing ? { ...l, quantity: l.quantity + 1 } : l)) };
      const line: CartLine = { partNumber: product.partNumber, vendorCode: product.vendor.code, name: product.name, quantity: 1, licenseType: 'new', previousLicenseNumber: '', basePartNumber: '' };
      return { ...s, lines: [...s.lines, line] };
    });
    return state.lines.find(match)?.quantity ?? 1;
  },
  update(index: number, patch: Partial<CartLine>): void {
    change((s) => ({ ...s, lines: s.lines.map((l, i) => (i === index ? { ...l, ...patch } : l)) }));
  },
  remove(index: number): void {
    change((s) => ({ ...s, lines: s.lines.filter((_, i) => i !== index) }));
  },
  setEndUser(patch: Partial<CartEndUser>): void {
    change((s) => ({ ...s, endUser: { ...s.endUser, ...patch } }));
  },
  /** After an order: an empty cart and a new request id. */
  clear(): void {
    const next = fresh();
    change(() => next);
  },
  quantityOf(partNumber: string, vendorCode: string): number {
    return state.lines.find((l) => l.partNumber === partNumber && l.vendorCode === vendorCode)?.quantity ?? 0;
  },
};

// ---- The carts themselves ------------------------------------------------------------------------

/** Runs a switch of the current cart: changes made meanwhile go into the cart switched to. */
async function switching(run: () => Promise<ServerCart | null>): Promise<void> {
  await flush();
  const gen = ++generation;
  pending = [];
  try {
    const current = await run();
    const list = await api<CartList>('GET', '/api/carts');
    show(current ? { ...list, current } : list, gen);
  } catch (err) {
    if (gen === generation) {
      // The cart stays the one it was; changes made meanwhile stay and are saved.
      const ops = pending ?? [];
      pending = null;
      if (ops.length) scheduleSave();
      notify();
    }
    throw err;
  }
}

export const carts = {
  get: () => meta,
  /** Creates a cart and makes it current; refuses (ApiError, e.g. a name in use) without changing anything. */
  create: (name: string) => switching(async () => (await api<{ cart: ServerCart }>('POST', '/api/carts', { name })).cart),
  select: (id: string) => (id === meta.currentId ? Promise.resolve() : switching(async () => (await api<{ cart: ServerCart }>('POST', `/api/carts/${id}/select`)).cart)),
  async rename(id: string, name: string): Promise<void> {
    const { cart: renamed } = await api<{ cart: ServerCart }>('PATCH', `/api/carts/${id}`, { name });
    meta = { ...meta, items: meta.items.map((c) => (c.id === id ? { ...c, name: renamed.name } : c)).sort((a, b) => a.name.localeCompare(b.name, 'ru')) };
    notify();
  },
  /** Deletes a cart; the one used before it becomes current. */
  remove: (id: string) =>
    switching(async () => {
      if (id === meta.currentId) dirty = false;
      await api('DELETE', `/api/carts/${id}`);
      return null;
    }),
  /** Tries the first load again after it failed. */
  retry: () => openCart(owner),
};

function useStore<T>(read: () => T): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const listener = () => setValue(read);
    listeners.add(listener);
    listener();
    return () => void listeners.delete(listener);
  }, []);
  return value;
}

export const useCart = (): CartState => useStore(() => state);
export const useCarts = (): CartsState => useStore(() => meta);
export { ApiError };
