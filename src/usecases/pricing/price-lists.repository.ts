/**
 * Price-list imports in the database: the vendor's catalog as the checks need it, the stored
 * previews, and applying one to the catalog in a single transaction.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client';
import { priceListImports, products, users, vendors } from '../../../db/schema';
import { normalizePartNumber } from '../../domain/part-number';
import type { CatalogProduct, PriceListRow, PriceListSummary, RejectedRow } from '../../domain/price-list';

/** The database or a transaction on it. */
type Queryable = Db | Parameters<Parameters<Db['transaction']>[0]>[0];
export type VendorRow = typeof vendors.$inferSelect;

/** What the summary column holds: the comparison, and how the file was read. */
export interface StoredSummary extends PriceListSummary {
  format: 'csv' | 'xlsx';
  headerRowNumber: number;
  ignoredColumns: string[];
  accepted: number;
  /** The vendor's last applied import when the preview was made: applying checks it is still the last. */
  baseImportId: string | null;
  deactivateMissing?: boolean;
  deactivated?: number;
}

/** The vendor's most recently applied import. Read before the catalog, so a preview never looks newer than it is. */
export async function lastAppliedImport(db: Queryable, vendorId: number): Promise<{ id: string; fileName: string } | undefined> {
  const [row] = await db
    .select({ id: priceListImports.id, fileName: priceListImports.fileName })
    .from(priceListImports)
    .where(and(eq(priceListImports.vendorId, vendorId), eq(priceListImports.status, 'applied')))
    .orderBy(desc(priceListImports.appliedAt))
    .limit(1);
  return row;
}

export async function findVendorByCode(db: Db, code: string): Promise<VendorRow | undefined> {
  const [vendor] = await db.select().from(vendors).where(eq(vendors.code, code.trim().toUpperCase()));
  return vendor;
}

export async function vendorCatalog(db: Db, vendorId: number): Promise<CatalogProduct[]> {
  return db
    .select({
      partNumber: products.partNumber,
      name: products.name,
      category: products.category,
      segment: products.segment,
      listPriceMinor: products.listPriceMinor,
      currency: products.currency,
      vatMode: products.vatMode,
      licenseTermMonths: products.licenseTermMonths,
      active: products.active,
    })
    .from(products)
    .where(eq(products.vendorId, vendorId));
}

const createdBy = alias(users, 'created_by');
const appliedBy = alias(users, 'applied_by');

/**
 * Imports with their vendor and the logins of who uploaded and applied them. The accepted rows
 * (megabytes for a large list) are never read here; lists get the summary's counts only.
 */
function importsQuery(db: Db, detail: boolean) {
  const i = priceListImports;
  const summary = detail ? i.summary : sql<unknown>`${i.summary} - 'newProducts' - 'priceChanges' - 'otherChanges' - 'missing'`;
  return db
    .select({
      import: {
        id: i.id,
        vendorId: i.vendorId,
        fileName: i.fileName,
        fileSha256: i.fileSha256,
        status: i.status,
        summary,
        rejectedRows: detail ? i.rejectedRows : sql<unknown>`null`,
        createdAt: i.createdAt,
        appliedAt: i.appliedAt,
      },
      createdBy: createdBy.login,
      appliedBy: appliedBy.login,
      vendor: { code: vendors.code, name: vendors.name },
    })
    .from(i)
    .innerJoin(vendors, eq(vendors.id, i.vendorId))
    .leftJoin(createdBy, eq(createdBy.id, i.createdByUserId))
    .leftJoin(appliedBy, eq(appliedBy.id, i.appliedByUserId));
}
export type ImportWithNames = Awaited<ReturnType<ReturnType<typeof importsQuery>['execute']>>[number];

export async function findImport(db: Db, id: string): Promise<ImportWithNames | undefined> {
  const [row] = await importsQuery(db, true).where(eq(priceListImports.id, id));
  return row;
}

/** The vendor's imports, newest first, with counts but without the lists of rows. */
export function listImports(db: Db, vendorId: number, limit = 100): Promise<ImportWithNames[]> {
  return importsQuery(db, false).where(eq(priceListImports.vendorId, vendorId)).orderBy(desc(priceListImports.createdAt)).limit(limit);
}

export async function insertImport(
  db: Db,
  values: { vendorId: number; fileName: string; fileSha256: string; accepted: PriceListRow[]; rejected: RejectedRow[]; summary: StoredSummary; userId: string },
): Promise<string> {
  const [row] = await db
    .insert(priceListImports)
    .values({
      vendorId: values.vendorId,
      fileName: values.fileName,
      fileSha256: values.fileSha256,
      acceptedRows: values.accepted,
      rejectedRows: values.rejected,
      summary: values.summary,
      createdByUserId: values.userId,
    })
    .returning({ id: priceListImports.id });
  return row!.id;
}

export type ApplyOutcome =
  | { ok: true; written: number; deactivated: number }
  | { ok: false; reason: 'not_found' | 'nothing_to_apply' }
  | { ok: false; reason: 'decided'; status: string }
  | { ok: false; reason: 'stale'; fileName: string };

/**
 * Writes the accepted rows of a preview to the catalog: every row or none. Locking the vendor row
 * makes two applies for one vendor wait for each other, so the staleness check below sees the
 * other's outcome. Order lines keep the prices they recorded; only the catalog changes.
 */
export async function applyImport(db: Db, id: string, options: { userId: string; deactivateMissing: boolean }): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ vendorId: priceListImports.vendorId }).from(priceListImports).where(eq(priceListImports.id, id));
    if (!found) return { ok: false, reason: 'not_found' } as const;
    await tx.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, found.vendorId)).for('update');
    const [preview] = await tx.select().from(priceListImports).where(eq(priceListImports.id, id)).for('update');
    if (!preview) return { ok: false, reason: 'not_found' } as const;
    if (preview.status !== 'previewed') return { ok: false, reason: 'decided', status: preview.status } as const;
    // Another list applied since this preview was made (even one still committing while it was made):
    // the old → new prices shown to staff may be wrong now.
    const last = await lastAppliedImport(tx, preview.vendorId);
    if (last && last.id !== (preview.summary as StoredSummary).baseImportId) return { ok: false, reason: 'stale', fileName: last.fileName } as const;

    const accepted = preview.acceptedRows as PriceListRow[];
    const rejected = preview.rejectedRows as RejectedRow[];
    if (accepted.length === 0) return { ok: false, reason: 'nothing_to_apply' } as const;
    // One statement over the rows stored with the preview: nothing travels back and forth, and
    // Postgres reads them straight from the jsonb (30,000 rows in well under a second).
    await tx.execute(sql`
      insert into ${products} (vendor_id, part_number, part_number_normalized, name, category, segment, list_price_minor, currency, vat_mode, license_term_months, active)
      select ${preview.vendorId}, r."partNumber", r."partNumberNormalized", r.name, r.category, r.segment, r."listPriceMinor", r.currency, r."vatMode", r."licenseTermMonths", true
      from ${priceListImports} i,
        jsonb_to_recordset(i.accepted_rows) as r("partNumber" text, "partNumberNormalized" text, name text, category text, segment text,
          "listPriceMinor" bigint, currency currency, "vatMode" vat_mode, "licenseTermMonths" integer)
      where i.id = ${id}
      on conflict (vendor_id, part_number) do update set
        part_number_normalized = excluded.part_number_normalized, name = excluded.name, category = excluded.category,
        segment = excluded.segment, list_price_minor = excluded.list_price_minor, currency = excluded.currency,
        vat_mode = excluded.vat_mode, license_term_months = excluded.license_term_months, active = excluded.active
      -- An unchanged product is not rewritten: no new row version, no index upkeep (most rows of a monthly list).
      where (${products}.part_number_normalized, ${products}.name, ${products}.category, ${products}.segment, ${products}.list_price_minor,
          ${products}.currency, ${products}.vat_mode, ${products}.license_term_months, ${products}.active)
        is distinct from (excluded.part_number_normalized, excluded.name, excluded.category, excluded.segment, excluded.list_price_minor,
          excluded.currency, excluded.vat_mode, excluded.license_term_months, excluded.active)`);

    let deactivated = 0;
    if (options.deactivateMissing) {
      // Products named in refused rows stay on sale: the file meant them, it only got them wrong.
      const named = [...new Set([...accepted.map((r) => r.partNumberNormalized), ...rejected.flatMap((r) => (r.partNumber ? [normalizePartNumber(r.partNumber)] : []))])];
      const off = await tx
        .update(products)
        .set({ active: false })
        .where(
          and(
            eq(products.vendorId, preview.vendorId),
            eq(products.active, true),
            // One array parameter, however long the list (a list of parameters has a limit).
            sql`not (${products.partNumberNormalized} = any(array(select jsonb_array_elements_text(${JSON.stringify(named)}::jsonb))))`,
          ),
        )
        .returning({ id: products.id });
      deactivated = off.length;
    }
    const summary = { ...(preview.summary as StoredSummary), deactivateMissing: options.deactivateMissing, deactivated };
    await tx
      .update(priceListImports)
      .set({ status: 'applied', appliedAt: sql`now()`, appliedByUserId: options.userId, summary })
      .where(eq(priceListImports.id, id));
    return { ok: true, written: accepted.length, deactivated } as const;
  });
}

/** Marks a preview discarded; false when it was no longer a preview. */
export async function discardImport(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(priceListImports)
    .set({ status: 'discarded' })
    .where(and(eq(priceListImports.id, id), eq(priceListImports.status, 'previewed')))
    .returning({ id: priceListImports.id });
  return rows.length > 0;
}
