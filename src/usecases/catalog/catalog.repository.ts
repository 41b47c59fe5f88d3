/**
 * The catalog's queries: the search (PartNumber, the words of a product or vendor name, the
 * substring and typo fallbacks) and its page, the navigation's counts, and the rows the dealer's
 * price list is made of.
 */
import { and, asc, count, eq, getTableColumns, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { Db } from '../../../db/client';
import { dealers, priceRules, products, vendors } from '../../../db/schema';
import type { PricedFor, PriceRule } from '../../domain/price-rules';
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
}

/**
 * The words of a query as the database stems them, for the typo search: each word's spellings as
 * one tsquery, and their stems. A stop word («для») in any spelling drops the word.
 */
async function nameTerms(db: Pick<Db, 'execute'>, name: NameSearch): Promise<NameTerm[]> {
  const spellings = name.words.flatMap((variants, word) => variants.map((variant) => sql`(${word}::int, ${variant}::text)`));
  const rows = (await db.execute(sql`
    select s.word, q::text as query, numnode(q) as nodes
    from (values ${sql.join(spellings, sql`, `)}) as s(word, spelling), to_tsquery('russian', s.spelling || ':*') as q`)) as unknown as Array<{
    word: number;
    query: string;
    nodes: number;
  }>;
  return name.words.flatMap((variants, word) => {
    const mine = rows.filter((r) => Number(r.word) === word);
    if (mine.length === 0 || mine.some((r) => Number(r.nodes) === 0)) return [];
    return [{ query: mine.map((r) => `(${r.query})`).join(' | '), stems: mine.map((r, i) => /^'([^']+)':\*$/.exec(r.query)?.[1] ?? variants[i]!) }];
  });
}

/**
 * Every branch of a search is an index condition (PartNumber prefix, name trigrams, the name's
 * tsvector, vendor ids), but PostgreSQL may guess that a branch matches a good part of the catalog
 * (a prefix tsquery `'ka81':*` some 4%, a list of vendors it cannot see when planning some 9%) and
 * then prefer a sequential scan that runs `ilike` and `@@` on each of 100,000 rows (0.3–0.6 s
 * against 3 ms through the indexes). A search plans with the indexes only, and without JIT
 * compilation: a plan that must still scan a table in full (the hundred vendors) is costed at
 * 10^10, which would otherwise have it compiled (0.6–3 s on a busy machine).
 */
const INDEXES_ONLY = sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`;

/**
 * Runs one statement in a transaction of its own with `settings` (`set local …`), in one round trip:
 * BEGIN, the settings, the statement and COMMIT are written together on one reserved connection
 * (postgres.js pipelines what is sent before the answers come) instead of each waiting for the
 * answer to the one before. Each query is sent as it is made, so they leave in this order. A
 * statement that fails aborts the transaction, and the COMMIT behind it then rolls it back.
 */
export async function inOneRoundTrip<T>(db: Db, settings: SQL[], statement: (on: Db) => PromiseLike<T>): Promise<T> {
  // drizzle() keeps its postgres.js pool as `$client` (which the `Db` type does not declare).
  const pool = (db as { $client?: Partial<Sql> }).$client;
  if (!pool?.reserve) {
    return db.transaction(async (tx) => {
      for (const setting of settings) await tx.execute(setting);
      return statement(tx as unknown as Db);
    });
  }
  const connection = await pool.reserve();
  try {
    // The pool's parsers (drizzle reads `options`), and each query sent as it is made.
    const eager = new Proxy(connection, {
      get: (target, key, receiver) =>
        key === 'unsafe'
          ? (...args: Parameters<typeof target.unsafe>) => target.unsafe(...args).execute()
          : key === 'options'
            ? pool.options
            : Reflect.get(target, key, receiver),
    });
    const on = drizzle(eager) as unknown as Db;
    const queries: Array<PromiseLike<unknown>> = [on.execute(sql`begin`), ...settings.map((setting) => on.execute(setting)), statement(on), on.execute(sql`commit`)];
    // `then` is what makes drizzle send a query: called here, one after another.
    const answers = await Promise.allSettled(queries.map((query) => new Promise((resolve, reject) => query.then(resolve, reject))));
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
    return (answers[settings.length + 1] as PromiseFulfilledResult<T>).value;
  } finally {
    connection.release();
  }
}

/** At most this many vendors take part in one search (a common word may name many). */
const MAX_VENDORS = 20;

const inVendors = (ids: number[]) => sql`${products.vendorId} in (${sql.join(ids.map((id) => sql`${id}::int`), sql`, `)})`;

/**
 * A word of the query as the database stems it (`to_tsquery('russian', …)`: the Russian snowball
 * stemmer for Cyrillic, the English one for Latin): its spellings as one prefix tsquery
 * («'kasperski':* | 'касперск':*»), or null when a spelling is a stop word («для»), which then drops
 * out instead of matching nothing. An uncorrelated subquery: PostgreSQL computes it once per
 * statement (an InitPlan), and the index conditions take its value.
 */
const wordQuery = (variants: string[]) =>
  sql`(select case when bool_and(numnode(q) > 0) then string_agg('(' || q::text || ')', ' | ')::tsquery end
       from (values ${sql.join(variants.map((v) => sql`(${v}::text)`), sql`, `)}) as s(spelling), to_tsquery('russian', s.spelling || ':*') as q)`;

/**
 * Products whose name, or whose vendor's name, holds every word of the query in some form and
 * spelling (see src/domain/catalog-search.ts), or whose vendor code the query spells («Dr.Web» →
 * DRWEB). The words are stemmed and the vendors found in the same statement, by subqueries computed
 * once: the product's name holds every word, or the product is of a vendor that holds some of the
 * words (of at most MAX_VENDORS such vendors) and its name holds the rest. Each of the three
 * branches is an index condition.
 */
function nameMatches(name: NameSearch): SQL {
  const words = name.words.map(wordQuery);
  const allWords = sql`(select string_agg('(' || w.q::text || ')', ' & ')::tsquery from (values ${sql.join(
    words.map((w) => sql`(${w})`),
    sql`, `,
  )}) as w(q))`;
  const anyWord = sql.join(
    words.map((w) => sql`to_tsvector('russian', v.name) @@ ${w}`),
    sql` or `,
  );
  const wordVendors = sql`array(select v.id from vendors v where ${anyWord} order by v.id limit ${sql.raw(String(MAX_VENDORS))})`;
  const vendorsNaming = (w: SQL) => sql`array(select v.id from vendors v where to_tsvector('russian', v.name) @@ ${w} order by v.id)`;
  const everyWord = sql.join(
    words.map((w) => sql`(${w} is null or ${products.nameSearch} @@ ${w} or ${products.vendorId} = any(${vendorsNaming(w)}))`),
    sql` and `,
  );
  return sql`(${products.vendorId} = any(array(select v.id from vendors v where v.code = ${name.compact}))
    or ${products.nameSearch} @@ ${allWords}
    or (${products.vendorId} = any(${wordVendors}) and ${everyWord}))`;
}

/** How close (pg_trgm word similarity) a stem must come to a word of a name to count as its typo. */
const TYPO_SIMILARITY = 0.45;

/**
 * For a query that found nothing, perhaps for a typo («касперсский», "kasperskj"): products whose
 * name, for every word, holds a close trigram match of one of its stems (pg_trgm `<%`, served by
 * the name's trigram index), or whose vendor's name does; the closest first. Runs in a transaction
 * planned with the indexes only, lowering pg_trgm's threshold for it (0.6 misses a dropped letter:
 * «Каперского» is 0.45).
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
  const filters = [
    eq(products.active, true),
    q.vendor ? eq(vendors.code, q.vendor.toUpperCase()) : undefined,
    q.category ? eq(products.category, q.category) : undefined,
  ];
  const pnOrder = pn ? sql`case when ${products.partNumberNormalized} = ${pn} then 0 when ${products.partNumberNormalized} like ${escapeLike(pn) + '%'} then 1 else 2 end` : undefined;
  const order = pnOrder ? [pnOrder] : [];
  const pageOf = (on: Pick<Db, 'select'>, where: SQL | undefined, order: SQL[]) =>
    on
      .select({ product: productColumns, vendorCode: vendors.code, vendorName: vendors.name, licensePolicy: vendors.licensePolicy, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(products)
      .innerJoin(vendors, eq(vendors.id, products.vendorId))
      .where(where)
      .orderBy(...order, asc(products.partNumber))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
  const countOf = (on: Pick<Db, 'select'>, where: SQL | undefined) => on.select({ n: count() }).from(products).innerJoin(vendors, eq(vendors.id, products.vendorId)).where(where);
  // One statement answers the page and (by a window count) the total; only a page past the end counts apart.
  const answer = async (rows: Awaited<ReturnType<typeof pageOf>>, counted: () => PromiseLike<Array<{ n: number }>>) => ({
    rows,
    total: rows.length > 0 || q.page === 1 ? (rows[0]?.total ?? 0) : ((await counted())[0]?.n ?? 0),
  });
  if (!q.q) {
    const where = and(...filters);
    return answer(await pageOf(db, where, []), () => countOf(db, where));
  }
  // Each statement of a search runs in a transaction of its own, planned with the indexes only, in one round trip.
  const search = async (search: SQL) => {
    const where = and(...filters, search);
    const rows = await inOneRoundTrip(db, [INDEXES_ONLY], (on) => pageOf(on, where, order));
    return answer(rows, () => inOneRoundTrip(db, [INDEXES_ONLY], (on) => countOf(on, where)));
  };
  // Exact PartNumber first, then prefix matches, then name matches.
  const byWords = or(pn ? sql`${products.partNumberNormalized} like ${escapeLike(pn) + '%'}` : undefined, q.name ? nameMatches(q.name) : undefined);
  const matches = byWords ? await search(byWords) : null;
  if (matches && matches.total > 0) return matches;
  // The query as a substring of a name (the middle of a word: "persky"), only when no word
  // matched: its trigram index scan costs 10–30 ms at 100,000 SKUs (the rest well under 1 ms).
  const inside = await search(ilike(products.name, `%${escapeLike(q.q)}%`));
  const name = q.name;
  if (inside.total > 0 || !name) return inside;
  return db.transaction(async (tx) => {
    await tx.execute(INDEXES_ONLY);
    const terms = await nameTerms(tx, name);
    if (terms.length === 0 || !terms.every((t) => t.stems[0]!.length >= 4)) return inside;
    return typoSearch(tx, terms, async (where, typoOrder, on) => {
      const all = and(...filters, where);
      return answer(await pageOf(on, all, typoOrder), () => countOf(on, all));
    });
  });
}

export type FoundProduct = Awaited<ReturnType<typeof findProducts>>['rows'][number];

/**
 * The principal's own dealer, for what the catalog shows it: what it may sell (the cart's
 * authorisation rule), its name, and the price rules that price for it (its own, its group's and
 * everyone's; `loadPriceRules`), in one statement. None for staff.
 */
export async function ownDealerTerms(db: Db, principal: Principal) {
  if (!principal.dealerId) return undefined;
  const rows = await db
    .select({ shortName: dealers.shortName, authorizedVendors: dealers.authorizedVendors, segments: dealers.segments, priceGroupId: dealers.priceGroupId, rule: priceRules })
    .from(dealers)
    .leftJoin(
      priceRules,
      or(eq(priceRules.dealerId, dealers.id), eq(priceRules.dealerGroupId, dealers.priceGroupId), and(isNull(priceRules.dealerId), isNull(priceRules.dealerGroupId))),
    )
    .where(ownDealerScope(principal));
  const [first] = rows;
  if (!first) return undefined;
  const { rule: _rule, priceGroupId, ...dealer } = first;
  return {
    dealer,
    who: { dealerId: principal.dealerId, dealerGroupId: priceGroupId } satisfies PricedFor,
    rules: rows.flatMap((r) => (r.rule ? [r.rule] : [])) satisfies PriceRule[],
  };
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
