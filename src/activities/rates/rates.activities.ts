import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import { exchangeRates } from '../../../db/schema';
import { parseCbrDaily, rateFreshness, usdRateOf } from '../../domain/cbr-rates';
import { moscowDateOf } from '../../domain/moscow-time';
import { reportStaleRate } from '../../usecases/pricing/exchange-rates.usecases';
import type { ActivityDeps } from '../deps';

export function createRateActivities({ db, cbrUrl, calendar }: Pick<ActivityDeps, 'db' | 'cbrUrl' | 'calendar'>) {
  return {
    /**
     * Fetches the Central Bank's daily rates and stores the official USD rate for its date.
     * A rate already stored for that date is replaced only by the same source, so a staff
     * override stays in force.
     */
    async refreshCbrRates(): Promise<{ date: string; rate: string }> {
      const response = await fetch(cbrUrl, { signal: AbortSignal.timeout(20_000) });
      if (!response.ok) throw ApplicationFailure.retryable(`the Central Bank answered ${response.status}`, 'CbrUnavailable');
      const usd = usdRateOf(parseCbrDaily(new Uint8Array(await response.arrayBuffer())));
      await db
        .insert(exchangeRates)
        .values({ currency: 'USD', rate: usd.rate, rateDate: usd.date, source: 'cbr' })
        .onConflictDoUpdate({ target: [exchangeRates.currency, exchangeRates.rateDate, exchangeRates.source], set: { rate: sql`excluded.rate` } });
      // The Bank answered with an older day than today's rate (a holiday page, a late publication): staff hear of it.
      const today = moscowDateOf(new Date());
      const freshness = rateFreshness(calendar, usd.date, today);
      if (!freshness.current) await reportStaleRate(db, { rateDate: usd.date, ...freshness }, today);
      return usd;
    },
  };
}
