import { eq, type SQL } from 'drizzle-orm';
import { orders } from '../../db/schema';
import type { Principal } from './auth';

/**
 * The one place that decides which orders a principal may see: a dealer's users see their
 * dealer's orders, staff see all. Every order query goes through this.
 */
export function orderScope(principal: Principal): SQL | undefined {
  if (principal.role === 'staff' || principal.role === 'admin') return undefined;
  // A dealer user without a dealer sees nothing, never everything.
  return eq(orders.dealerId, principal.dealerId ?? '00000000-0000-0000-0000-000000000000');
}
