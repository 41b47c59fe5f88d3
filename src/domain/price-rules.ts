/**
 * Dealer prices: discount rules by dealer group or by dealer, on all products, a vendor's products
 * or one product, from a quantity up. The most specific rule wins — the dealer's own over its
 * group's, a product rule over a vendor rule over an all-products rule — and among rules equally
 * specific the highest volume tier reached. The line records which rule gave its price.
 */
import { percentOf, type Minor } from './money';

export interface PriceRule {
  id: number;
  dealerGroupId: number | null;
  dealerId: string | null;
  vendorId: number | null;
  productId: number | null;
  minQuantity: number;
  /** 1250 = 12.5% off the list price. */
  discountBasisPoints: number;
}

export interface PricedFor {
  dealerId: string;
  dealerGroupId: number | null;
}

export interface ListedProduct {
  id: number;
  vendorId: number;
  listPriceMinor: Minor;
}

export interface DealerPrice {
  /** Unit price in the price list's currency, after the discount, rounded half-up. */
  unitPriceMinor: Minor;
  discountBasisPoints: number;
  /** "list" or "rule:<id>": what the order line records. */
  rule: string;
}

/** Higher is more specific: who the rule is for counts before what it covers. */
function specificity(rule: PriceRule): number {
  const owner = rule.dealerId !== null ? 2 : rule.dealerGroupId !== null ? 1 : 0;
  const target = rule.productId !== null ? 2 : rule.vendorId !== null ? 1 : 0;
  return owner * 3 + target;
}

function applies(rule: PriceRule, product: ListedProduct, quantity: number, who: PricedFor): boolean {
  return (
    (rule.dealerId === null || rule.dealerId === who.dealerId) &&
    (rule.dealerGroupId === null || rule.dealerGroupId === who.dealerGroupId) &&
    (rule.vendorId === null || rule.vendorId === product.vendorId) &&
    (rule.productId === null || rule.productId === product.id) &&
    quantity >= rule.minQuantity
  );
}

export function dealerPrice(product: ListedProduct, quantity: number, who: PricedFor, rules: readonly PriceRule[]): DealerPrice {
  let best: PriceRule | null = null;
  for (const rule of rules) {
    if (!applies(rule, product, quantity, who)) continue;
    if (
      best === null ||
      specificity(rule) > specificity(best) ||
      (specificity(rule) === specificity(best) && (rule.minQuantity > best.minQuantity || (rule.minQuantity === best.minQuantity && rule.id < best.id)))
    ) {
      best = rule;
    }
  }
  if (!best) return { unitPriceMinor: product.listPriceMinor, discountBasisPoints: 0, rule: 'list' };
  return {
    unitPriceMinor: product.listPriceMinor - percentOf(product.listPriceMinor, best.discountBasisPoints),
    discountBasisPoints: best.discountBasisPoints,
    rule: `rule:${best.id}`,
  };
}

/** Refuses a rule that could never be right, before it is stored. */
export function validatePriceRule(rule: Omit<PriceRule, 'id'>): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rule.discountBasisPoints) || rule.discountBasisPoints < 0 || rule.discountBasisPoints >= 10_000) {
    problems.push('скидка должна быть от 0 до 99,99% (в сотых долях процента)');
  }
  if (!Number.isInteger(rule.minQuantity) || rule.minQuantity < 1) problems.push('порог количества — целое число от 1');
  if (rule.dealerId !== null && rule.dealerGroupId !== null) problems.push('правило задаётся либо для дилера, либо для группы, не для обоих');
  return problems;
}
