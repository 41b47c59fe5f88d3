/**
 * The catalog's queries: the search (PartNumber, the words of a product or vendor name, the
 * substring and typo fallbacks) and its page, the navigation's counts, and the rows the dealer's
 * price list is made of.
 */
import { and, asc, count, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, products, vendors } from '../../../db/schema';
import type { NameSearch } from '../../domain/catalog-search';
import { escapeLike } from '../../infra/like-pattern';
import { ownDealerScope } from '../dealer-scope';
import type { Principal } from '../principal';

// The search document is the database's own; answers never carry it.
const { nameSearch: _searchDocument, ...productColumns } = getTableColumns(products);

interface NameTerm {
  /** The word's spellings as one tsquery («'kasperski':* | 'касперск':*»). */
  query: string;
  /** The stems of its spellings, for trigram comparison when a typo keeps the tsquery from matching. */
  stems: string[];
  /** The vendors whose name holds the word. */
  vendorIds: number[];
}

/**
 * The words of a query as the database stems them (`to_tsquery('russian', …)`: the Russian snowball
 * stemmer for Cyrillic, the English one for Latin), with the vendors whose name holds each, and the
 * vendor whose code the whole query spells. A stop word («для») in any spelling drops out instead of
 * matching nothing. Vendors are few: they are looked up here, so that the products query compares
 * `vendor_id` with constants and every branch of its search stays on an index.
 */
async function nameTerms(db: Pick<Db, 'execute'>, name: NameSearch): Promise<{ terms: NameTerm[]; codeVendorIds: number[] }> {
  const spellings = name.words.flatMap((variants, word) => variants.map((variant) => sql`(${word}::int, ${variant}::text)`));
  // Called in the search's transaction: also plans it with the indexes only (INDEXES_ONLY), saving a round trip.
  const rows = (await db.execute(sql`
    select s.word, q::text as query, numnode(q) as nodes, set_config('enable_seqscan', 'off', true) as indexes_only,
           array(select v.id from vendors v where numnode(q) > 0 and to_tsvector('russian', v.name) @@ q) as vendor_ids,
           array(select v.id from vendors v where v.code = ${name.compact}) as code_vendor_ids
    from (values ${sql.join(spellings, sql`, `)}) as s(word, spelling), to_tsquery('russian', s.spelling || ':*') as q`)) as unknown as Array<{
    word: number;
    query: string;
    nodes: number;
    vendor_ids: number[];
    code_vendor_ids: number[];
  }>;
  const terms = name.words.flatMap((variants, word) => {
    const mine = rows.filter((r) => Number(r.word) === word);
    if (mine.length === 0 || mine.some((r) => Number(r.nodes) === 0)) return [];
    return [
      {
        query: mine.map((r) => `(${r.query})`).join(' | '),
        stems: mine.map((r, i) => /^'([^']+)':\*$/.exec(r.query)?.[1] ?? variants[i]!),
        vendorIds: [...new Set(mine.flatMap((r) => r.vendor_ids.map(Number)))],
      },
    ];
  });
  return { terms, codeVendorIds: (rows[0]?.code_vendor_ids ?? []).map(Number) };
}

/**
 * Every branch of a search is an index condition (PartNumber prefix, name trigrams, the name's
 * tsvector, vendor ids), but PostgreSQL guesses that a prefix tsquery (`'ka81':*`) matches some 4% of
 * the catalog and then prefers a sequential scan that runs `ilike` and `@@` on each of 100,000 rows
 * (0.3–0.6 s against 3 ms through the indexes). A search plans with the indexes only.
 */
const INDEXES_ONLY = sql`set local enable_seqscan = off`;

/** At most this many vendors take part in one search (a common word may name many). */
const MAX_VENDORS = 20;

const inVendors = (ids: number[]) => sql`${products.vendorId} in (${sql.join(ids.map((id) => sql`${id}::int`), sql`, `)})`;

/**
 * Products whose name, or whose vendor's name, holds every word of the query in some form and
 * spelling (see src/domain/catalog-search.ts), or whose vendor code the query spells («Dr.Web» → DRWEB).
 * Written as one branch per vendor that holds some of the words (the rest then in the product's
 * name), so that each branch is an index condition.
 */
function nameMatches(terms: NameTerm[], codeVendorIds: number[]): SQL | undefined {
  const branches: SQL[] = [];
  if (codeVendorIds.length) branches.push(inVendors(codeVendorIds));
  const inName = (words: NameTerm[]) => sql`${products.nameSearch} @@ ${words.map((w) => `(${w.query})`).join(' & ')}::tsquery`;
  if (terms.length) branches.push(inName(terms));
  const vendorIds = [...new Set(terms.flatMap((t) => t.vendorIds))].slice(0, MAX_VENDORS);
  for (const vendorId of vendorIds) {
    const rest = terms.filter((t) => !t.vendorIds.includes(vendorId));
    branches.push(rest.length ? and(inVendors([vendorId]), inName(rest))! : inVendors([vendorId]));
  }
  return branches.length ? or(...branches) : undefined;
}

/** How close (pg_trgm word similarity) a stem must come to a word of a name to count as its typo. */
const TYPO_SIMILARITY = 0.45;

/**
 * For a query that found nothing, perhaps for a typo («касперсский», "kasperskj"): products whose
 * name, for every word, holds a close trigram match of one of its stems (pg_trgm `<%`, served by
 * the name's trigram index), or whose vendor's name does; the closest first. Runs in the search's
 * transaction, lowering pg_trgm's threshold for it (0.6 misses a dropped letter: «Каперского» is 0.45).
 */
async function typoSearch<T>(tx: Pick<Db, 'select' | 'execute'>, terms: NameTerm[], page: (where: SQL, order: SQL[], on: Pick<Db, 'select'>) => Promise<T>): Promise<T> {
  await tx.execute(sql`set local pg_trgm.word_similarity_threshold = ${sql.raw(String(TYPO_SIMILARITY))}`);
  const stems = [...new Set(terms.flatMap((t) => t.stems))];
  const vendorRows = (await tx.execute(
    sql`select s.stem, array(select v.id from vendors v where s.stem <% v.name) as ids from (values ${sql.join(stems.map((stem) => sql`(${stem}::text)`), sql`, `)}) as s(stem)`,
  )) as unknown as Array<{ stem: string; ids: number[] }>;
  const vendorsOf = new Map(vendorRows.map((r) => [r.stem, r.ids.map(Number)]));
  const close = (stem: string) => {
    const ids = vendorsOf.get(stem) ?? [];
    return ids.length ? or(sql`${stem} <% ${products.name}`, inVendors(ids.slice(0, MAX_VENDORS)))! : sql`${stem} <% ${products.name}`;
  };
  const where = and(...terms.map(({ stems }) => or(...stems.map(close))))!;
  const similarity = sql.join(terms.flatMap(({ stems }) => stems.map((stem) => sql`word_similarity(${stem}, ${products.name})`)), sql` + `);
  return page(where, [sql`${similarity} desc`], tx);
}

/** What a search asks: the query's PartNumber and words (both from `q`), the navigation's filters, the page. */
export interface CatalogSearch {
  /** The query as typed (trimmed); undefined or empty: the catalog browsed, not searched. */
  q?: string | undefined;
  /** The query's PartNumber, normalised (src/domain/part-number.ts); '' without a query. */
  partNumber: string;
  /** The query's words (src/domain/catalog-search.ts); null when it has none. */
  name: NameSearch | null;
  vendor?: string | undefined;
  category?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * One page of the active products a search finds, with the total: exact PartNumber first, then
 * prefix matches, then name matches; the substring of a name when no PartNumber or word matched,
 * and then a typo's close matches.
 */
export async function findProducts(db: Db, q: CatalogSearch) {
  const pn = q.partNumber;
  const name = q.name;
  const filters = [
    eq(products.active, true),
    q.vendor ? eq(vendors.code, q.vendor.toUpperCase()) : undefined,
    q.category ? eq(products.category, q.category) : undefined,
  ];
  const pnOrder = pn ? sql`case when ${products.partNumberNormalized} = ${pn} then 0 when ${products.partNumberNormalized} like ${escapeLike(pn) + '%'} then 1 else 2 end` : undefined;
  // One statement answers the page and (by a window count) the total; only a page past the end counts apart.
  const page = async (search: SQL | undefined, order: SQL[], on: Pick<Db, 'select'> = db) => {
    const where = and(...filters, search);
    const rows = await on
      .select({ product: productColumns, vendorCode: vendors.code, vendorName: vendors.name, licensePolicy: vendors.licensePolicy, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(products)
      .innerJoin(vendors, eq(vendors.id, products.vendorId))
      .where(where)
      .orderBy(...order, asc(products.partNumber))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    if (rows.length > 0 || q.page === 1) return [rows, [{ n: rows[0]?.total ?? 0 }]] as const;
    return [rows, await on.select({ n: count() }).from(products).innerJoin(vendors, eq(vendors.id, products.vendorId)).where(where)] as const;
  };
  const [rows, [total]] = q.q
    ? await db.transaction(async (tx) => {
        const { terms, codeVendorIds } = name ? await nameTerms(tx, name) : (await tx.execute(INDEXES_ONLY), { terms: [], codeVendorIds: [] });
        const byWords = or(pn ? sql`${products.partNumberNormalized} like ${escapeLike(pn) + '%'}` : undefined, nameMatches(terms, codeVendorIds));
        // Exact PartNumber first, then prefix matches, then name matches.
        let matches = byWords ? await page(byWords, pnOrder ? [pnOrder] : [], tx) : null;
        // The query as a substring of a name (the middle of a word: "persky"), only when no word
        // matched: its trigram index scan costs 10–30 ms at 100,000 SKUs (the rest well under 1 ms).
        if (!matches || matches[1][0]?.n === 0) matches = await page(ilike(products.name, `%${escapeLike(q.q!)}%`), pnOrder ? [pnOrder] : [], tx);
        const typoLike = matches[1][0]?.n === 0 && terms.length > 0 && terms.every((t) => t.stems[0]!.length >= 4);
        return typoLike ? typoSearch(tx, terms, page) : matches;
      })
    : await page(undefined, []);
  return { rows, total: total?.n ?? 0 };
}

export type FoundProduct = Awaited<ReturnType<typeof findProducts>>['rows'][number];

/** What the principal's own dealer may sell (the cart's authorisation rule), and its name; none for staff. */
export async function ownDealer(db: Db, principal: Principal) {
  if (!principal.dealerId) return undefined;
  const [dealer] = await db
    .select({ shortName: dealers.shortName, authorizedVendors: dealers.authorizedVendors, segments: dealers.segments })
    .from(dealers)
    .where(ownDealerScope(principal));
  return dealer;
}

/** Categories with how many active products each holds (of one vendor, if given). */
export function categoryCounts(db: Db, vendorCode: string | undefined) {
  return db
    .select({ category: products.category, products: count(products.id) })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(and(eq(products.active, true), vendorCode ? eq(vendors.code, vendorCode.toUpperCase()) : undefined))
    .groupBy(products.category)
    .orderBy(asc(products.category));
}

/** Vendors with how many products each has. */
export function vendorCounts(db: Db) {
  return db
    .select({ code: vendors.code, name: vendors.name, products: count(products.id) })
    .from(vendors)
    .leftJoin(products, eq(products.vendorId, vendors.id))
    .groupBy(vendors.id)
    .orderBy(asc(vendors.name));
}

/** Every active product with its vendor, by vendor name and PartNumber: what a price list is made of. */
export function activeProducts(db: Db) {
  return db
    .select({ product: products, vendorCode: vendors.code, vendorName: vendors.name, licensePolicy: vendors.licensePolicy })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(eq(products.active, true))
    .orderBy(asc(vendors.name), asc(products.partNumber));
}
