/**
 * The USD rate dealers are priced at, and whether it is the Central Bank's rate for today: read by
 * the catalog (and so the staff rates page), the cart's quote, quotes and order placement alike.
 * A rate behind the current one puts one task a day in the staff queue; whether orders may still
 * be placed on it is a setting (default: at most one banking day behind).
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { exchangeRates } from '../../../db/schema';
import type { BankingCalendar } from '../../domain/banking-calendar';
import { DEFAULT_MAX_RATE_AGE_BANKING_DAYS, rateFreshness } from '../../domain/cbr-rates';
import { formatRate, parseRate, withMarkup } from '../../domain/money';
import { moscowDateOf } from '../../domain/moscow-time';
import { sharedProductionCalendar } from '../../infra/production-calendar';
import { audit } from '../audit/audit.usecases';
import type { StaffActor } from '../principal';
import { queueForStaff } from '../staff-queue/staff-queue.usecases';

export interface UsdRate {
  /** The rate dealers are priced at: the staff override, or the official rate plus the markup. */
  rate: string;
  rateDate: string;
  source: 'cbr' | 'override' | string;
  officialRate: string;
}

/** The newest USD rate; for one date a staff override beats the Central Bank's rate. */
export async function latestUsdRate(db: DbOrTx, markupBasisPoints: number): Promise<UsdRate | null> {
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

export interface RateInForce extends UsdRate {
  /** The date of the Central Bank's rate for today (Friday's setting is dated Saturday and serves Monday). */
  expectedDate: string;
  /** Banking days the rate is behind that one; 0: current. */
  ageBankingDays: number;
  current: boolean;
  /** The setting: how many banking days behind orders may still be placed. */
  maxAgeBankingDays: number;
  ordersAllowed: boolean;
}

export interface RateOptions {
  markupBasisPoints: number;
  maxAgeBankingDays?: number;
  calendar?: BankingCalendar;
  now?: Date;
}

/** The rate in force with its freshness; a stale one raises (once a day) a staff task. Null when SID has no rate at all. */
export async function usdRateInForce(db: Db, options: RateOptions): Promise<RateInForce | null> {
  const usd = await latestUsdRate(db, options.markupBasisPoints);
  if (!usd) return null;
  const calendar = options.calendar ?? (await sharedProductionCalendar());
  const today = moscowDateOf(options.now ?? new Date());
  const freshness = rateFreshness(calendar, usd.rateDate, today);
  const maxAgeBankingDays = options.maxAgeBankingDays ?? DEFAULT_MAX_RATE_AGE_BANKING_DAYS;
  const inForce = { ...usd, ...freshness, maxAgeBankingDays, ordersAllowed: freshness.ageBankingDays <= maxAgeBankingDays };
  if (!freshness.current) await reportStaleRate(db, inForce, today);
  return inForce;
}

/** One task a day while the Central Bank's rate for the current banking day is missing. */
export async function reportStaleRate(db: DbOrTx, rate: Pick<RateInForce, 'rateDate' | 'expectedDate' | 'ageBankingDays'>, today: string): Promise<void> {
  await queueForStaff(db, {
    kind: 'exchange_rate_stale',
    reference: `USD/${today}`,
    summary: `Нет курса ЦБ на ${rate.expectedDate}: цены считаются по курсу от ${rate.rateDate} (отстаёт на ${rate.ageBankingDays} банк. дн.). Проверьте загрузку курсов или задайте курс вручную на странице курсов.`,
    payload: { currency: 'USD', rateDate: rate.rateDate, expectedDate: rate.expectedDate, ageBankingDays: rate.ageBankingDays },
  });
}

/** Staff set the USD rate for a date by hand; it beats the Central Bank's rate of that date. Audited. */
export async function overrideUsdRate(db: Db, actor: StaffActor, date: string, typedRate: string) {
  const rate = formatRate(parseRate(typedRate));
  await db
    .insert(exchangeRates)
    .values({ currency: 'USD', rate, rateDate: date, source: 'override' })
    .onConflictDoUpdate({ target: [exchangeRates.currency, exchangeRates.rateDate, exchangeRates.source], set: { rate } });
  await audit(db, { actorUserId: actor.userId, action: 'exchange_rate.override', subjectType: 'exchange_rate', subjectId: `USD/${date}`, details: { rate }, ip: actor.ip });
  return { currency: 'USD' as const, date, rate, source: 'override' as const };
}
