import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { exchangeRates } from '../../../db/schema';
import { formatRate, parseRate, withMarkup } from '../../domain/money';

export interface UsdRate {
  /** The rate dealers are priced at: the staff override, or the official rate plus the markup. */
  rate: string;
  rateDate: string;
  source: 'cbr' | 'override' | string;
  officialRate: string;
}

/** The newest USD rate; for one date a staff override beats the Central Bank's rate. */
export async function latestUsdRate(db: Db, markupBasisPoints: number): Promise<UsdRate | null> {
  const [row] = await db
    .select({ rate: exchangeRates.rate, rateDate: exchangeRates.rateDate, source: exchangeRates.source })
    .from(exchangeRates)
    .where(eq(exchangeRates.currency, 'USD'))
    .orderBy(desc(exchangeRates.rateDate), sql`case when ${exchangeRates.source} = 'override' then 0 else 1 end`)
    .limit(1);
  if (!row) return null;
  const rate = row.source === 'override' ? row.rate : formatRate(withMarkup(parseRate(row.rate), markupBasisPoints));
  return { rate, rateDate: row.rateDate, source: row.source, officialRate: row.rate };
}
