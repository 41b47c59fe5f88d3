import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connectDb } from '../../db/client';
import { dealers, products, users, vendors } from '../../db/schema';
import { seed } from '../../db/seed';
import { buildCatalog } from '../../db/seed/catalog';

// The set-up re-runs the seed on every `npm run setup`: it must change nothing the second time,
// and must refuse a database whose secrets belong to another key.
const handle = connectDb(inject('databaseUrl'), { max: 2 });
afterAll(() => handle.close());

const counts = async () => ({
  vendors: (await handle.db.select({ n: count() }).from(vendors))[0]!.n,
  products: (await handle.db.select({ n: count() }).from(products))[0]!.n,
  dealers: (await handle.db.select({ n: count() }).from(dealers))[0]!.n,
  users: (await handle.db.select({ n: count() }).from(users))[0]!.n,
});

describe('demo seed', () => {
  it('is idempotent with the same key', async () => {
    const before = await counts();
    // Every vendor of the demo catalog is there; other test files may add vendors of their own.
    const seeded = buildCatalog().vendors.map((v) => v.code);
    expect(seeded).toHaveLength(110);
    const present = new Set((await handle.db.select({ code: vendors.code }).from(vendors)).map((v) => v.code));
    expect(seeded.filter((code) => !present.has(code))).toEqual([]);
    expect(before.products).toBeGreaterThanOrEqual(1000);
    await seed(handle.db, { vendorApiUrl: 'http://127.0.0.1:9', vendorApiToken: inject('vendorApiToken'), keyEncryptionKey: inject('keyEncryptionKey') });
    const after = await counts();
    // Other test files may add users of their own; the seed adds none the second time.
    expect({ ...after, users: 0 }).toEqual({ ...before, users: 0 });
    expect(after.users).toBeGreaterThanOrEqual(before.users);
  });

  it('refuses a database whose secrets were encrypted under another key', async () => {
    await expect(
      seed(handle.db, { vendorApiUrl: 'http://127.0.0.1:9', vendorApiToken: 'x', keyEncryptionKey: randomBytes(32).toString('base64') }),
    ).rejects.toThrow(/different SID_KEY_ENCRYPTION_KEY/);
  });
});
