import { describe, expect, it } from 'vitest';
import { dealerPrice, validatePriceRule, type PriceRule } from '../../src/domain/price-rules';

const who = { dealerId: 'd-1', dealerGroupId: 7 };
const kaspProduct = { id: 100, vendorId: 1, listPriceMinor: 10_000 };
const otherProduct = { id: 200, vendorId: 2, listPriceMinor: 10_000 };

let nextId = 1;
const rule = (over: Partial<PriceRule>): PriceRule => ({
  id: nextId++,
  dealerGroupId: null,
  dealerId: null,
  vendorId: null,
  productId: null,
  minQuantity: 1,
  discountBasisPoints: 0,
  ...over,
});

const groupAll = rule({ dealerGroupId: 7, discountBasisPoints: 500 });
const groupVendor = rule({ dealerGroupId: 7, vendorId: 1, discountBasisPoints: 1000 });
const groupVendorTier50 = rule({ dealerGroupId: 7, vendorId: 1, minQuantity: 50, discountBasisPoints: 1500 });
const groupVendorTier10 = rule({ dealerGroupId: 7, vendorId: 1, minQuantity: 10, discountBasisPoints: 1200 });
const groupProduct = rule({ dealerGroupId: 7, productId: 100, discountBasisPoints: 300 });
const dealerAll = rule({ dealerId: 'd-1', discountBasisPoints: 200 });
const otherGroup = rule({ dealerGroupId: 8, discountBasisPoints: 9000 });
const otherDealer = rule({ dealerId: 'd-2', productId: 100, discountBasisPoints: 9000 });

describe('dealer price rules', () => {
  it('pays list price when no rule applies', () => {
    expect(dealerPrice(kaspProduct, 1, who, [otherGroup, otherDealer])).toEqual({ unitPriceMinor: 10_000, discountBasisPoints: 0, rule: 'list' });
  });

  it('prefers a vendor rule to an all-products rule, and a product rule to a vendor rule', () => {
    expect(dealerPrice(otherProduct, 1, who, [groupAll, groupVendor]).rule).toBe(`rule:${groupAll.id}`);
    expect(dealerPrice(kaspProduct, 1, who, [groupAll, groupVendor])).toMatchObject({ rule: `rule:${groupVendor.id}`, unitPriceMinor: 9_000 });
    // The product rule wins although its discount is smaller: specific beats generous.
    expect(dealerPrice(kaspProduct, 1, who, [groupAll, groupVendor, groupProduct])).toMatchObject({ rule: `rule:${groupProduct.id}`, unitPriceMinor: 9_700 });
  });

  it("prefers the dealer's own rule to any group rule", () => {
    expect(dealerPrice(kaspProduct, 100, who, [groupProduct, groupVendorTier50, dealerAll])).toMatchObject({ rule: `rule:${dealerAll.id}`, unitPriceMinor: 9_800 });
  });

  it('takes the highest volume tier reached among equally specific rules', () => {
    const rules = [groupVendor, groupVendorTier10, groupVendorTier50];
    expect(dealerPrice(kaspProduct, 9, who, rules).rule).toBe(`rule:${groupVendor.id}`);
    expect(dealerPrice(kaspProduct, 10, who, rules).rule).toBe(`rule:${groupVendorTier10.id}`);
    expect(dealerPrice(kaspProduct, 49, who, rules).rule).toBe(`rule:${groupVendorTier10.id}`);
    expect(dealerPrice(kaspProduct, 50, who, rules)).toMatchObject({ rule: `rule:${groupVendorTier50.id}`, unitPriceMinor: 8_500 });
  });

  it("ignores other dealers' and other groups' rules", () => {
    expect(dealerPrice(kaspProduct, 1, who, [otherGroup, otherDealer, groupAll]).rule).toBe(`rule:${groupAll.id}`);
  });

  it('rounds the discounted unit price half-up to the minor unit', () => {
    const odd = { id: 300, vendorId: 3, listPriceMinor: 999 };
    expect(dealerPrice(odd, 1, who, [rule({ dealerGroupId: 7, discountBasisPoints: 1250 })]).unitPriceMinor).toBe(874); // 999 − 124.875 → 999 − 125
  });

  it('refuses rules that could never be right', () => {
    expect(validatePriceRule({ dealerGroupId: 1, dealerId: null, vendorId: null, productId: null, minQuantity: 1, discountBasisPoints: 10_000 })).toHaveLength(1);
    expect(validatePriceRule({ dealerGroupId: 1, dealerId: 'd', vendorId: null, productId: null, minQuantity: 0, discountBasisPoints: 100 })).toHaveLength(2);
    expect(validatePriceRule({ dealerGroupId: 1, dealerId: null, vendorId: 1, productId: null, minQuantity: 5, discountBasisPoints: 1500 })).toEqual([]);
  });
});
