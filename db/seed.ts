import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { EXAMPLE_POLICIES, parseLicensePolicy } from '../src/domain/license-policy';
import { normalizePartNumber } from '../src/domain/part-number';
import { serializeVendorApiSecrets } from '../src/infra/vendor-api-client';
import { createKeyCipher, type KeyCipher } from '../src/infra/key-cipher';
import { hashPassword } from '../src/infra/passwords';
import type { Db } from './client';
import { dealerGroups, dealers, exchangeRates, licenseKeys, onecClients, priceRules, products, users, vendors } from './schema';
import { buildCatalog } from './seed/catalog';
import { DEMO_BANK, DEMO_DEALERS, DEMO_PASSWORD, DEMO_STAFF } from './seed/demo-accounts';
import { demoVendorCallbackSecret } from '../src/vendor-sim/callback-secrets';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEd807 } from '../src/domain/bik-directory';
import { importBikDirectory } from '../src/usecases/requisites/bik-directory.usecases';
import { bikDirectory } from './schema';

/** The small BIK directory kept in the repo (data/bik, with its source), for development and tests. */
export const SAMPLE_BIK_DIRECTORY = fileURLToPath(new URL('../data/bik/ED807-sample.xml', import.meta.url));

/** Example license policies for three demo vendors, validated like a staff edit; others have none. */
function policyOf(vendorCode: string): object {
  const document = EXAMPLE_POLICIES[vendorCode as keyof typeof EXAMPLE_POLICIES];
  if (!document) return {};
  const parsed = parseLicensePolicy(document);
  if (!parsed.ok) throw new Error(`example policy of ${vendorCode}: ${parsed.message}`);
  return document;
}

/** Demo vendors without an API: staff obtain their keys and type them in. */
export const MANUAL_VENDORS = ['CONSU', 'PROMT'];
/**
 * Demo vendors that take orders by e-mail and reply with keys. Their order desks are mailboxes on
 * the development dovecot, so a developer can read the requests there and answer them.
 */
export const EMAIL_VENDORS = ['ABBYY', 'CYBER'];
const emailAdapter = (code: string) => {
  const domain = `${code.toLowerCase()}.vendor.local`;
  return { orderDesk: `orders@${domain}`, senders: [domain], slaHours: 48 };
};

export interface SeedOptions {
  /** Where api-adapter vendors are reached (the vendor simulator in development and tests). */
  vendorApiUrl: string;
  /** The token the simulator expects; stored encrypted per vendor. */
  vendorApiToken: string;
  /** The key the simulator signs its callbacks with; without it the demo vendors are polled only. */
  vendorCallbackSecret?: string;
  keyEncryptionKey: string;
  /** The USD rate to start with until the Central Bank schedule has fetched one. */
  usdRate?: { rate: string; date: string };
  /** A 1C exchange client to create (development and tests); production adds its own. */
  onecClient?: { id: string; secret: string };
}

/**
 * Refuses to touch a database whose secrets were encrypted under another key: re-encrypting the
 * vendor secrets would hide the problem until a stored license key fails to decrypt.
 */
export async function assertSameEncryptionKey(db: Db, cipher: KeyCipher): Promise<void> {
  const [sample] = await db
    .select({ secret: vendors.adapterSecretEncrypted })
    .from(vendors)
    .where(isNotNull(vendors.adapterSecretEncrypted))
    .limit(1);
  const [key] = await db.select({ secret: licenseKeys.keyEncrypted }).from(licenseKeys).limit(1);
  for (const stored of [sample?.secret, key?.secret]) {
    if (!stored) continue;
    try {
      cipher.decrypt(stored);
    } catch {
      throw new Error(
        'this database holds data encrypted with a different SID_KEY_ENCRYPTION_KEY: set the key it was created with, or use another database (DATABASE_URL)',
      );
    }
  }
}

/** Loads the demo catalog and accounts. Safe to run again: existing rows are updated, not duplicated. */
export async function seed(db: Db, options: SeedOptions): Promise<{ vendors: number; products: number }> {
  const cipher = createKeyCipher(options.keyEncryptionKey);
  const catalog = buildCatalog();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await assertSameEncryptionKey(db, cipher);
  // Each API vendor its own callback secret (derived for the simulator, which signs for all of them).
  const apiSecrets = (vendorCode: string) =>
    serializeVendorApiSecrets({
      token: options.vendorApiToken,
      ...(options.vendorCallbackSecret ? { callbackSecret: demoVendorCallbackSecret(options.vendorCallbackSecret, vendorCode) } : {}),
    });

  return db.transaction(async (tx) => {
    const vendorRows = await tx
      .insert(vendors)
      .values(
        catalog.vendors.map((v) =>
          EMAIL_VENDORS.includes(v.code)
            ? { code: v.code, name: v.name, adapterKind: 'email' as const, adapterSettings: emailAdapter(v.code), adapterSecretEncrypted: null, licensePolicy: policyOf(v.code) }
            : MANUAL_VENDORS.includes(v.code)
            ? { code: v.code, name: v.name, adapterKind: 'manual' as const, adapterSettings: { slaHours: 24 }, adapterSecretEncrypted: null, licensePolicy: policyOf(v.code) }
            : {
                code: v.code,
                name: v.name,
                adapterKind: 'api' as const,
                adapterSettings: { baseUrl: options.vendorApiUrl },
                adapterSecretEncrypted: cipher.encrypt(apiSecrets(v.code)),
                licensePolicy: policyOf(v.code),
              },
        ),
      )
      .onConflictDoUpdate({
        target: vendors.code,
        set: {
          name: sql`excluded.name`,
          adapterKind: sql`excluded.adapter_kind`,
          licensePolicy: sql`excluded.license_policy`,
          adapterSettings: sql`excluded.adapter_settings`,
          adapterSecretEncrypted: sql`excluded.adapter_secret_encrypted`,
        },
      })
      .returning({ id: vendors.id, code: vendors.code });
    const vendorId = new Map(vendorRows.map((v) => [v.code, v.id]));

    const productValues = catalog.products.map((p) => ({
      vendorId: vendorId.get(p.vendorCode)!,
      partNumber: p.partNumber,
      partNumberNormalized: normalizePartNumber(p.partNumber),
      name: p.name,
      category: p.category,
      segment: p.segment,
      listPriceMinor: p.listPriceMinor,
      currency: p.currency,
      vatMode: p.vatMode,
      licenseTermMonths: p.licenseTermMonths,
    }));
    for (let i = 0; i < productValues.length; i += 500) {
      await tx
        .insert(products)
        .values(productValues.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [products.vendorId, products.partNumber],
          set: {
            name: sql`excluded.name`,
            listPriceMinor: sql`excluded.list_price_minor`,
            category: sql`excluded.category`,
            currency: sql`excluded.currency`,
            vatMode: sql`excluded.vat_mode`,
          },
        });
    }

    const [group] = await tx
      .insert(dealerGroups)
      .values({ code: 'BASE', name: 'Базовая группа' })
      .onConflictDoUpdate({ target: dealerGroups.code, set: { name: sql`excluded.name` } })
      .returning({ id: dealerGroups.id });

    // Demo discounts for the base group: 3% on everything, 10% on one vendor with a volume tier.
    const existingRules = await tx.select({ id: priceRules.id }).from(priceRules).where(eq(priceRules.dealerGroupId, group!.id)).limit(1);
    if (existingRules.length === 0) {
      const kasp = vendorId.get('KASP')!;
      await tx.insert(priceRules).values([
        { dealerGroupId: group!.id, discountBasisPoints: 300 },
        { dealerGroupId: group!.id, vendorId: kasp, discountBasisPoints: 1000 },
        { dealerGroupId: group!.id, vendorId: kasp, minQuantity: 50, discountBasisPoints: 1500 },
      ]);
    }

    for (const demo of DEMO_DEALERS) {
      const values = {
        legalForm: 'ООО',
        fullName: demo.fullName,
        shortName: demo.shortName,
        inn: demo.inn,
        kpp: demo.kpp,
        ogrn: demo.ogrn,
        legalAddress: demo.city,
        postalAddress: demo.city,
        ...DEMO_BANK,
        settlementAccount: demo.settlementAccount,
        director: 'Иванов Иван Иванович',
        email: demo.login,
        status: 'approved' as const,
        settlementScheme: demo.scheme,
        priceGroupId: group!.id,
        creditLimitKopecks: demo.creditLimitKopecks,
        authorizedVendors: catalog.vendors.map((v) => v.code),
      };
      // INN+KPP is unique through an expression index, which ON CONFLICT cannot name: look first.
      const [existing] = await tx.select({ id: dealers.id }).from(dealers).where(and(eq(dealers.inn, demo.inn), eq(dealers.kpp, demo.kpp)));
      const [dealer] = existing
        ? await tx.update(dealers).set(values).where(eq(dealers.id, existing.id)).returning({ id: dealers.id })
        : await tx.insert(dealers).values(values).returning({ id: dealers.id });
      await tx
        .insert(users)
        .values({ dealerId: dealer!.id, login: demo.login, passwordHash, role: 'dealer_admin', fullName: 'Иванов Иван Иванович', email: demo.login })
        .onConflictDoNothing({ target: users.login });
    }
    await tx
      .insert(users)
      .values({ login: DEMO_STAFF.login, passwordHash, role: 'staff', fullName: DEMO_STAFF.fullName, email: DEMO_STAFF.login })
      .onConflictDoNothing({ target: users.login });

    if (options.onecClient) {
      await tx
        .insert(onecClients)
        .values({ id: options.onecClient.id, name: '1С:Предприятие (демо)', secretEncrypted: cipher.encrypt(options.onecClient.secret) })
        .onConflictDoUpdate({ target: onecClients.id, set: { secretEncrypted: sql`excluded.secret_encrypted` } });
    }

    const usd = options.usdRate ?? { rate: '79.8452', date: '2026-11-27' };
    await tx
      .insert(exchangeRates)
      .values({ currency: 'USD', rate: usd.rate, rateDate: usd.date, source: 'cbr' })
      .onConflictDoNothing();

    // Until the `bik-directory` schedule loads the Bank's own, the sample directory; never over a real one.
    const [anyBik] = await tx.select({ bik: bikDirectory.bik }).from(bikDirectory).limit(1);
    if (!anyBik) await importBikDirectory(tx, parseEd807(readFileSync(SAMPLE_BIK_DIRECTORY)));

    return { vendors: vendorRows.length, products: productValues.length };
  });
}
