/**
 * Staff find things by the names the business uses: a dealer by its INN (or its beginning) or a
 * part of its name, an order by its number (or a part of it) or a PartNumber it holds (in any
 * shape, as the catalog matches it). Queries in `staff-search.repository.ts`.
 */
import type { Db } from '../../../db/client';
import { normalizePartNumber } from '../../domain/part-number';
import { dealersMatching, ordersMatching } from './staff-search.repository';

/** At most `limit` dealers and `limit` orders matching what staff typed. */
export async function searchForStaff(db: Db, q: string, limit: number) {
  const [dealers, orders] = await Promise.all([
    dealersMatching(db, { q, innDigits: q.replace(/\s+/g, '') }, limit),
    ordersMatching(db, { q, partNumber: normalizePartNumber(q) }, limit),
  ]);
  return { dealers, orders };
}
