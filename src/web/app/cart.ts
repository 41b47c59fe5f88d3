/**
 * The dealer's cart, kept in the browser (per login, across reloads) until it becomes an order.
 * The server prices it on every change (`POST /api/orders/quote`), so nothing here computes money.
 */
import { useEffect, useState } from 'preact/hooks';
import type { EndUser, LicenseType, Product } from './api';

export interface CartLine {
  partNumber: string;
  vendorCode: string;
  name: string;
  quantity: number;
  licenseType: LicenseType;
  previousLicenseNumber: string;
  basePartNumber: string;
}
export interface CartState {
  lines: CartLine[];
  endUser: Required<EndUser>;
  /** One id per order attempt: a repeated click or a retry after a lost answer cannot order twice. */
  requestId: string;
}

const emptyEndUser = (): Required<EndUser> => ({ name: '', inn: '', email: '', region: '' });
// crypto.randomUUID exists only on HTTPS or localhost; getRandomValues works on any page.
const newRequestId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const fresh = (): CartState => ({ lines: [], endUser: emptyEndUser(), requestId: newRequestId() });

let owner = '';
let state: CartState = fresh();
const listeners = new Set<(s: CartState) => void>();

function commit(next: CartState): void {
  state = next;
  if (owner) localStorage.setItem(`sid-cart:${owner}`, JSON.stringify(state));
  for (const listener of listeners) listener(state);
}

/** Loads the cart of this login (each user on a shared computer has their own). */
export function openCart(login: string): void {
  owner = login;
  try {
    const saved = JSON.parse(localStorage.getItem(`sid-cart:${login}`) ?? 'null') as CartState | null;
    state = saved && Array.isArray(saved.lines) ? { ...fresh(), ...saved, endUser: { ...emptyEndUser(), ...saved.endUser } } : fresh();
  } catch {
    state = fresh();
  }
  for (const listener of listeners) listener(state);
}

export const cart = {
  get: () => state,
  add(product: Product): number {
    const existing = state.lines.find((l) => l.partNumber === product.partNumber && l.vendorCode === product.vendor.code);
    if (existing) {
      commit({ ...state, lines: state.lines.map((l) => (l === existing ? { ...l, quantity: l.quantity + 1 } : l)) });
      return existing.quantity + 1;
    }
    const line: CartLine = { partNumber: product.partNumber, vendorCode: product.vendor.code, name: product.name, quantity: 1, licenseType: 'new', previousLicenseNumber: '', basePartNumber: '' };
    commit({ ...state, lines: [...state.lines, line] });
    return 1;
  },
  update(index: number, change: Partial<CartLine>): void {
    commit({ ...state, lines: state.lines.map((l, i) => (i === index ? { ...l, ...change } : l)) });
  },
  remove(index: number): void {
    commit({ ...state, lines: state.lines.filter((_, i) => i !== index) });
  },
  setEndUser(change: Partial<EndUser>): void {
    commit({ ...state, endUser: { ...state.endUser, ...change } });
  },
  /** After an order: an empty cart and a new request id. */
  clear(): void {
    commit(fresh());
  },
  quantityOf(partNumber: string, vendorCode: string): number {
    return state.lines.find((l) => l.partNumber === partNumber && l.vendorCode === vendorCode)?.quantity ?? 0;
  },
};

export function useCart(): CartState {
  const [value, setValue] = useState(state);
  useEffect(() => {
    listeners.add(setValue);
    setValue(state);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}
