import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { priceRules } from '../../../db/schema';
import type { PricedFor, PriceRule } from '../../domain/price-rules';

/** Every rule that could price for this dealer: its own, its group's, and the rules for everyone. */
export async function loadPriceRules(db: Db, who: PricedFor): Promise<PriceRule[]> {
  return db
    .select()
    .from(priceRules)
    .where(
      or(
        eq(priceRules.dealerId, who.dealerId),
        who.dealerGroupId === null ? undefined : eq(priceRules.dealerGroupId, who.dealerGroupId),
        and(isNull(priceRules.dealerId), isNull(priceRules.dealerGroupId)),
      ),
    );
}
