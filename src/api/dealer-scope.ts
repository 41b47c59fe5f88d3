import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { invoices, orders } from '../../db/schema';
import type { Principal } from './auth';

export const isStaff = (principal: Principal) => principal.role === 'staff' || principal.role === 'admin';

/**
 * The one place that decides which dealer's rows a principal may see: a dealer's users see their
 * dealer's, staff see all. Every dealer-scoped query goes through this.
 */
function scopeToDealer(principal: Principal, dealerColumn: PgColumn): SQL | undefined {
  if (isStaff(principal)) return undefined;
  // A dealer user without a dealer sees nothing, never everything.
  return eq(dealerColumn, principal.dealerId ?? '00000000-0000-0000-0000-000000000000');
}

export const orderScope = (principal: Principal) => scopeToDealer(principal, orders.dealerId);
export const invoiceScope = (principal: Principal) => scopeToDealer(principal, invoices.dealerId);
