import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, type products } from '../../../db/schema';
import { convert } from '../../domain/money';
import { dealerPrice, type PricedFor, type PriceRule } from '../../domain/price-rules';
import { loadPriceRules } from './price-rules.repository';

/** A product as the catalog reads it (its search document left in the database). */
type Product = Omit<typeof products.$inferSelect, 'nameSearch'>;

export interface DealerUnitPrice {
  /** The dealer's price for one licence in kopecks at the rate given; null without a rate. */
  priceKopecks: number | null;
  /** The dealer's own unit price in the product's currency (USD products: cents, exact), without VAT. */
  price: { minor: number; currency: Product['currency'] };
  /** The price rule that gave it. */
  priceRule: string;
}

/**
 * What one licence of a product costs a dealer, after its own and its group's price rules: the
 * catalog and the dealer's price-list download both price through this (volume tiers apply in
 * the cart). Null dealer: staff, who have no price of their own.
 */
export async function dealerPricing(db: Db, dealerId: string | null, rubPerUsd: bigint | null): Promise<((p: Product) => DealerUnitPrice) | null> {
  if (!dealerId) return null;
  const [dealer] = await db.select({ groupId: dealers.priceGroupId }).from(dealers).where(eq(dealers.id, dealerId));
  const who = { dealerId, dealerGroupId: dealer?.groupId ?? null };
  return unitPricing(who, await loadPriceRules(db, who), rubPerUsd);
}

/** The same, for a dealer whose price rules (its own, its group's, everyone's) were read already. */
export function unitPricing(who: PricedFor, rules: readonly PriceRule[], rubPerUsd: bigint | null): (p: Product) => DealerUnitPrice {
  return (p) => {
    const price = dealerPrice(p, 1, who, rules);
    return {
      priceKopecks: rubPerUsd ? convert(price.unitPriceMinor, p.currency, 'RUB', rubPerUsd) : null,
      price: { minor: price.unitPriceMinor, currency: p.currency },
      priceRule: price.rule,
    };
  };
}
