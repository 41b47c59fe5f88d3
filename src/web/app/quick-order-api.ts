/** Quick order and key re-delivery as the web app calls them (src/api/orders/quick-order.routes.ts, key-redelivery.routes.ts). */
import type { principalSchema } from '../../api/accounts/account.schemas';
import type { WireOf } from '../../api/common.schemas';
import type { keyDeliveriesSchema, keysResentSchema, QUICK_ORDER_LINE_STATUSES, quickOrderAnswerSchema, quickOrderLineSchema } from '../../api/orders/order.schemas';
import { api, type Product } from './api';
import { cart } from './cart';
import { fileToBase64 } from './pricing-api';

export type QuickLineStatus = (typeof QUICK_ORDER_LINE_STATUSES)[number];
export type QuickOrderLine = WireOf<typeof quickOrderLineSchema>;
export type QuickOrderResult = WireOf<typeof quickOrderAnswerSchema>;

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

export type KeyDeliveries = WireOf<typeof keyDeliveriesSchema>;
const orderPath = (orderNumber: string) => `/api/orders/${encodeURIComponent(orderNumber)}`;
export const keyDeliveries = (orderNumber: string) => api<KeyDeliveries>('GET', `${orderPath(orderNumber)}/key-deliveries`);
export const resendKeys = (orderNumber: string, userId: string) => api<WireOf<typeof keysResentSchema>>('POST', `${orderPath(orderNumber)}/resend-keys`, { userId });
/** The signed-in person's own id (the login answer does not carry it; /api/auth/me does). */
export const myUserId = () => api<{ user: WireOf<typeof principalSchema> }>('GET', '/api/auth/me').then((r) => r.user.userId);
