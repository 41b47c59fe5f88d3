import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
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

/**
 * An e-mail vendor of the test's own (a copy of the demo ABBYY) whose replies are trusted from
 * `senders` only, as a staff member would configure it; `keyPatterns` when the test needs them.
 */
export async function emailVendorWithSenders(db: Db, senders: string[], options: { keyPatterns?: string[] } = {}) {
  const { vendor, products } = await freshVendorLike(db, 'ABBYY', 2);
  const code = vendor.code;
  const adapterSettings = { orderDesk: `orders@${code.toLowerCase()}.vendor.local`, senders, slaHours: 48, ...(options.keyPatterns ? { keyPatterns: options.keyPatterns } : {}) };
  await db.update(vendors).set({ adapterKind: 'email', adapterSettings }).where(eq(vendors.id, vendor.id));
  return { vendor: { ...vendor, adapterSettings }, products };
}

/**
 * PartNumbers of a vendor's active commercial products, at most `count`: the first by PartNumber
 * when `sorted`, otherwise as the database lists them.
 */
export async function commercialPartNumbers(db: Db, vendorCode: string, { count = 1, sorted = false } = {}): Promise<string[]> {
  const query = db
    .select({ partNumber: products.partNumber })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(and(eq(vendors.code, vendorCode), eq(products.segment, 'commercial'), eq(products.active, true)));
  const rows = await (sorted ? query.orderBy(products.partNumber) : query).limit(count);
  return rows.map((row) => row.partNumber);
}
