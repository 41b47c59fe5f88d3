import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../db/seed/catalog';

describe('the demo catalog', () => {
  it('has every combination of price currency and VAT mode, so each is exercised', () => {
    const { products } = buildCatalog();
    const combinations = new Set(products.map((p) => `${p.currency}/${p.vatMode}`));
    expect([...combinations].sort()).toEqual(['RUB/exempt', 'RUB/standard', 'USD/exempt', 'USD/standard']);
    // The vendors the other tests lean on keep their terms: Kaspersky and Dr.Web in roubles, exempt.
    for (const code of ['KASP', 'DRWEB']) {
      expect(new Set(products.filter((p) => p.vendorCode === code).map((p) => `${p.currency}/${p.vatMode}`))).toEqual(new Set(['RUB/exempt']));
    }
  });
});
