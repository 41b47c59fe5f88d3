/** Quick order and key re-delivery as the web app calls them (src/api/orders/quick-order.routes.ts, key-redelivery.routes.ts). */
import { api, type FieldError, type Product, type Totals } from './api';
import { cart } from './cart';
import { fileToBase64 } from './pricing-api';

export type QuickLineStatus = 'ok' | 'policy' | 'unresolved' | 'merged';
export interface QuickOrderLine {
  lineNo: number;
  raw: string;
  status: QuickLineStatus;
  partNumber: string | null;
  quantity: number | null;
  product?: { partNumber: string; name: string; vendorCode: string; vendorName: string };
  price?: { unitPriceKopecks: number; netKopecks: number; vatBasisPoints: number; vatKopecks: number; grossKopecks: number; grossCents: number; priceRule: string | null } | null;
  findings?: FieldError[];
  problem?: { code: string; message: string; vendors?: Array<{ code: string; name: string }> };
  mergedInto?: number;
  mergedLineNos?: number[];
}
export interface QuickOrderResult {
  source: 'text' | 'csv' | 'xlsx';
  header: { lineNo: number; raw: string } | null;
  lines: QuickOrderLine[];
  summary: { ok: number; policy: number; unresolved: number; merged: number };
  totals: Pick<Totals, 'netKopecks' | 'vatKopecks' | 'grossKopecks' | 'grossCents'> | null;
  orderFindings: FieldError[];
  usdRate: { rate: string; date: string; source: string } | null;
}

export const checkQuickOrderText = (text: string) => api<QuickOrderResult>('POST', '/api/orders/quick', { text });
export const checkQuickOrderFile = async (file: File) => api<QuickOrderResult>('POST', '/api/orders/quick', { fileName: file.name, contentBase64: await fileToBase64(file) });

/**
 * Puts resolved lines into the cart with their quantities, through the cart's own `add` (which
 * adds one, or one more to a line already there) and `update` for the rest of the quantity.
 */
export function addLinesToCart(lines: QuickOrderLine[]): number {
  let added = 0;
  for (const line of lines) {
    if (!line.product || !line.quantity) continue;
    const { partNumber, name, vendorCode, vendorName } = line.product;
    // The cart keeps only these fields of a catalog product.
    const inCart = cart.add({ partNumber, name, vendor: { code: vendorCode, name: vendorName } } as Product);
    const index = cart.get().lines.findIndex((l) => l.partNumber === partNumber && l.vendorCode === vendorCode);
    cart.update(index, { quantity: inCart - 1 + line.quantity });
    added += 1;
  }
  return added;
}

export interface KeyDeliveries {
  orderNumber: string;
  downloads: Array<{ at: string; ip: string | null; user: { login: string; fullName: string } | null }>;
  letters: Array<{ kind: 'shipment' | 'resend'; to: string; status: 'queued' | 'sending' | 'sent'; createdAt: string; sentAt: string | null; requestedBy: { login: string; fullName: string } | null }>;
}
const orderPath = (orderNumber: string) => `/api/orders/${encodeURIComponent(orderNumber)}`;
export const keyDeliveries = (orderNumber: string) => api<KeyDeliveries>('GET', `${orderPath(orderNumber)}/key-deliveries`);
export const resendKeys = (orderNumber: string, userId: string) => api<{ message: string; requestId: string }>('POST', `${orderPath(orderNumber)}/resend-keys`, { userId });
/** The signed-in person's own id (the login answer does not carry it; /api/auth/me does). */
export const myUserId = () => api<{ user: { userId: string } }>('GET', '/api/auth/me').then((r) => r.user.userId);
