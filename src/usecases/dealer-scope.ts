import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { apiKeys, carts, dealers, invoices, licenses, orderTemplates, orders, quotes, users, webhookEndpoints } from '../../db/schema';
import type { Principal } from './principal';

export const isStaff = (principal: Principal) => principal.role === 'staff' || principal.role === 'admin';

/**
 * The one place that decides which dealer's rows a principal may see: a dealer's users see their
 * dealer's, staff see all. Every dealer-scoped query goes through this.
 */
function scopeToDealer(principal: Principal, dealerColumn: PgColumn): SQL | undefined {
  if (isStaff(principal)) return undefined;
  // A dealer user without a dealer sees nothing, never everything.
  return eq(dealerColumn, principal.dealerId ?? NO_DEALER);
}

const NO_DEALER = '00000000-0000-0000-0000-000000000000';

/**
 * The principal's own dealer row (what it may sell, its price group, its name): a dealer user's
 * dealer; staff, who act for no dealer, and anyone without one, none.
 */
export const ownDealerScope = (principal: Principal) => eq(dealers.id, principal.dealerId ?? NO_DEALER);

export const orderScope = (principal: Principal) => scopeToDealer(principal, orders.dealerId);
export const invoiceScope = (principal: Principal) => scopeToDealer(principal, invoices.dealerId);
export const licenseScope = (principal: Principal) => scopeToDealer(principal, licenses.dealerId);
/** A dealer's commercial offers and saved order templates: its own, never another dealer's. */
export const quoteScope = (principal: Principal) => scopeToDealer(principal, quotes.dealerId);
export const orderTemplateScope = (principal: Principal) => scopeToDealer(principal, orderTemplates.dealerId);
/**
 * A user's carts: its dealer's, and of those only the user's own (a cart is a person's draft, not
 * the dealer's shared list).
 */
export const cartScope = (principal: Principal) => and(scopeToDealer(principal, carts.dealerId), eq(carts.userId, principal.userId));

/**
 * The dealer whose users and API keys a principal manages: a dealer admin its own dealer, staff
 * the dealer they name. Anyone else manages none.
 */
export function managedDealerId(principal: Principal, requestedDealerId?: string): string | null {
  if (isStaff(principal)) return requestedDealerId ?? null;
  if (principal.role !== 'dealer_admin' || principal.apiKeyId) return null;
  return principal.dealerId;
}

/**
 * A dealer's users (and keys) as one principal may see them: scoped like orders, and further
 * narrowed to the dealer being managed, so that staff never reach staff accounts through a dealer.
 */
export const userScope = (principal: Principal, dealerId: string) => and(scopeToDealer(principal, users.dealerId), eq(users.dealerId, dealerId));
export const apiKeyScope = (principal: Principal, dealerId: string) => and(scopeToDealer(principal, apiKeys.dealerId), eq(apiKeys.dealerId, dealerId));

/** A dealer's webhook endpoints (and through them their deliveries), scoped like its API keys. */
export const webhookEndpointScope = (principal: Principal, dealerId: string) => and(scopeToDealer(principal, webhookEndpoints.dealerId), eq(webhookEndpoints.dealerId, dealerId));
