import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orderLines, orders, products, vendorOrders, vendors } from '../../../db/schema';
import { adapterSettingsSchemas } from './adapter-settings';
import { parseVendorApiSecrets, type VendorApiSecrets } from '../../infra/vendor-api-client';
import { parseLicensePolicy, requiresDealerAuthorisation } from '../../domain/license-policy';
import type { AdapterKind } from '../../domain/order';
import type { KeyCipher } from '../../infra/key-cipher';

export type VendorRow = typeof vendors.$inferSelect;

const likePattern = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;

/** What the list shows of a policy: whether it still validates, how many rules and of which kinds. */
export function policySummary(document: unknown) {
  const parsed = parseLicensePolicy(document);
  if (!parsed.ok) return { valid: false, ruleCount: null, ruleKinds: [] as string[], dealerAuthorisation: false };
  return {
    valid: true,
    ruleCount: parsed.policy.rules.length,
    ruleKinds: [...new Set(parsed.policy.rules.map((r) => r.kind))],
    dealerAuthorisation: requiresDealerAuthorisation(document),
  };
}

/** The one value that tells vendors of a kind apart: the API's host, the order-desk address. */
function settingsSummary(kind: AdapterKind, settings: unknown): { target: string | null; slaHours: number | null } {
  const parsed = adapterSettingsSchemas[kind].safeParse(settings);
  if (!parsed.success) return { target: null, slaHours: null };
  const data = parsed.data as { baseUrl?: string; orderDesk?: string; slaHours?: number };
  const target = kind === 'api' ? new URL(data.baseUrl!).host : kind === 'email' ? data.orderDesk! : null;
  return { target, slaHours: data.slaHours ?? null };
}

export async function listVendors(db: Db, filter: { q?: string | undefined; kind?: AdapterKind | undefined }) {
  const q = filter.q?.trim();
  const rows = await db
    .select({
      code: vendors.code,
      name: vendors.name,
      adapterKind: vendors.adapterKind,
      adapterSettings: vendors.adapterSettings,
      secretsSet: sql<boolean>`${vendors.adapterSecretEncrypted} is not null`,
      licensePolicy: vendors.licensePolicy,
      // Written out: inside a select list drizzle leaves columns unqualified, and "id" would be the product's.
      products: sql<number>`(select count(*)::int from products p where p.vendor_id = "vendors"."id")`,
    })
    .from(vendors)
    .where(and(q ? or(ilike(vendors.code, likePattern(q)), ilike(vendors.name, likePattern(q))) : undefined, filter.kind ? eq(vendors.adapterKind, filter.kind) : undefined))
    .orderBy(asc(vendors.code));
  return rows.map(({ adapterSettings, licensePolicy, ...row }) => ({
    ...row,
    settings: settingsSummary(row.adapterKind, adapterSettings),
    policy: policySummary(licensePolicy),
  }));
}

export async function findVendor(db: Db, code: string): Promise<VendorRow | undefined> {
  const [row] = await db.select().from(vendors).where(eq(vendors.code, code.toUpperCase()));
  return row;
}

/** The stored API secrets, decrypted; null when none are stored. Never leaves the server. */
export function storedSecrets(keyCipher: KeyCipher, vendor: Pick<VendorRow, 'adapterSecretEncrypted'>): VendorApiSecrets | null {
  return vendor.adapterSecretEncrypted ? parseVendorApiSecrets(keyCipher.decrypt(vendor.adapterSecretEncrypted)) : null;
}

/** Which secrets are set: all that staff ever see of them. */
export const secretFlags = (secrets: VendorApiSecrets | null) => ({ token: Boolean(secrets?.token), callbackSecret: Boolean(secrets?.callbackSecret) });

export async function vendorDetail(db: Db, keyCipher: KeyCipher, vendor: VendorRow) {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(products).where(eq(products.vendorId, vendor.id))) as [{ n: number }];
  const parsed = parseLicensePolicy(vendor.licensePolicy);
  return {
    code: vendor.code,
    name: vendor.name,
    products: n,
    adapter: { kind: vendor.adapterKind, settings: (vendor.adapterSettings ?? {}) as Record<string, unknown>, secrets: secretFlags(storedSecrets(keyCipher, vendor)) },
    policy: { document: vendor.licensePolicy, ...(parsed.ok ? { valid: true, issues: [] } : { valid: false, issues: parsed.issues }) },
  };
}

/**
 * Orders of the vendor whose fulfilment will still run, or runs, through the adapter they were
 * submitted with: not yet finished, and the vendor's part not completed nor taken over by staff.
 */
export async function openFulfilments(db: Db, vendorId: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ orderNumber: orders.orderNumber })
    .from(orders)
    .innerJoin(orderLines, and(eq(orderLines.orderId, orders.id), eq(orderLines.vendorId, vendorId)))
    .leftJoin(vendorOrders, and(eq(vendorOrders.orderId, orders.id), eq(vendorOrders.vendorId, vendorId)))
    .where(
      and(
        inArray(orders.status, ['submitted', 'awaiting_payment', 'fulfilling']),
        sql`(${vendorOrders.status} is null or ${vendorOrders.status} not in ('completed', 'manual'))`,
      ),
    )
    .orderBy(asc(orders.orderNumber));
  return rows.map((r) => r.orderNumber);
}
