/**
 * The Central Bank's BIK directory in PostgreSQL: loading a new edition, and looking a BIK up for
 * the registration form.
 */
import { eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { bikDirectory } from '../../../db/schema';
import type { BikDirectory, BikEntry, BikLookup } from '../../domain/bik-directory';

const BATCH = 500;

export type BikImportOutcome = { status: 'imported'; date: string; entries: number; removed: number } | { status: 'older_than_stored'; date: string; stored: string };

/**
 * Loads an edition of the directory: every entry is written with the edition's date, and entries
 * an edition no longer lists (a bank that closed) are removed. An edition older than the one
 * stored (a stale copy, a retried run overtaken by a newer one) changes nothing.
 */
export async function importBikDirectory(db: DbOrTx, directory: BikDirectory): Promise<BikImportOutcome> {
  return db.transaction(async (tx) => {
    // One import at a time: the schedule's run and a manual one cannot interleave their deletes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bik-directory-import'))`);
    const [latest] = await tx.select({ date: sql<string | null>`max(${bikDirectory.directoryDate})::text` }).from(bikDirectory);
    if (latest?.date && latest.date > directory.date) return { status: 'older_than_stored', date: directory.date, stored: latest.date };
    for (let i = 0; i < directory.entries.length; i += BATCH) {
      const rows = directory.entries.slice(i, i + BATCH).map((e) => ({ ...e, directoryDate: directory.date }));
      await tx
        .insert(bikDirectory)
        .values(rows)
        .onConflictDoUpdate({
          target: bikDirectory.bik,
          set: { name: sql`excluded.name`, city: sql`excluded.city`, correspondentAccount: sql`excluded.correspondent_account`, directoryDate: sql`excluded.directory_date`, updatedAt: sql`now()` },
        });
    }
    const removed = await tx.delete(bikDirectory).where(lt(bikDirectory.directoryDate, directory.date)).returning({ bik: bikDirectory.bik });
    return { status: 'imported', date: directory.date, entries: directory.entries.length, removed: removed.length };
  });
}

/**
 * What the directory says of a registration's bank: the bank, and warnings for a BIK it does not
 * list or a correspondent account other than its own. Nothing is said while no directory is loaded.
 */
export async function checkBankInDirectory(
  db: DbOrTx,
  bik: string,
  correspondentAccount: string | undefined,
  m: { unknown: (bik: string) => string; otherAccount: (bik: string, account: string) => string },
): Promise<{ bank: BikEntry | null | undefined; warnings: Array<{ field: string; message: string }> }> {
  const found = await lookupBik(db, bik);
  if (found.status === 'not_checked') return { bank: undefined, warnings: [] };
  if (found.status === 'unknown') return { bank: null, warnings: [{ field: 'bik', message: m.unknown(bik) }] };
  const account = found.entry.correspondentAccount;
  const warnings = account && correspondentAccount && correspondentAccount !== account ? [{ field: 'correspondentAccount', message: m.otherAccount(bik, account) }] : [];
  return { bank: found.entry, warnings };
}

/** The bank a BIK belongs to; `not_checked` while no directory has been loaded at all. */
export async function lookupBik(db: DbOrTx, bik: string): Promise<BikLookup> {
  const [entry] = await db
    .select({ bik: bikDirectory.bik, name: bikDirectory.name, city: bikDirectory.city, correspondentAccount: bikDirectory.correspondentAccount })
    .from(bikDirectory)
    .where(eq(bikDirectory.bik, bik));
  if (entry) return { status: 'found', entry: entry satisfies BikEntry };
  const [any] = await db.select({ bik: bikDirectory.bik }).from(bikDirectory).limit(1);
  return any ? { status: 'unknown' } : { status: 'not_checked' };
}
