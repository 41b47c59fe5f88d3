import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { products, vendors } from '../../db/schema';
import { normalizePartNumber } from '../../src/domain/part-number';

/**
 * A vendor of the test's own, set up like a demo vendor (adapter, licence policy) and with copies
 * of its first `productCount` products under new PartNumbers. Tests that change a vendor's
 * catalog or settings use one: the demo vendors are shared by every file of the run.
 */
export async function freshVendorLike(db: Db, demoCode: string, productCount = 3) {
  const [demo] = await db.select().from(vendors).where(eq(vendors.code, demoCode));
  const { id: _id, ...settings } = demo!;
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const code = `T${suffix}`;
  const [vendor] = await db.insert(vendors).values({ ...settings, code, name: `${demo!.name} (тест ${suffix})` }).returning();
  const source = await db.select().from(products).where(eq(products.vendorId, demo!.id)).orderBy(asc(products.partNumber)).limit(productCount);
  const copies = await db
    .insert(products)
    .values(
      source.map(({ id: _productId, ...product }, i) => {
        const partNumber = `${code}-${i + 1}`;
        return { ...product, vendorId: vendor!.id, partNumber, partNumberNormalized: normalizePartNumber(partNumber), active: true };
      }),
    )
    .returning();
  return { vendor: vendor!, products: copies };
}
