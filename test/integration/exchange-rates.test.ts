import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRates } from '../../db/schema';
import { formatRate, parseRate, withMarkup } from '../../src/domain/money';
import { latestUsdRate } from '../../src/usecases/pricing/exchange-rates.usecases';
import { CBR_RATES_SCHEDULE_ID, ensureCbrRatesSchedule } from '../../src/workflows/rates/exchange-rates.schedule';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// The Central Bank's daily XML served over real HTTP from the recorded sample (this machine has
// no internet), fetched by the real Temporal Schedule's workflow and stored in PostgreSQL.
let cbr: Server;
let system: RunningSystem;
let requests = 0;

beforeAll(async () => {
  const body = readFileSync('test/fixtures/cbr/XML_daily_2026-11-27.xml');
  cbr = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/xml; charset=windows-1251' }).end(body);
  });
  await new Promise<void>((resolve) => cbr.listen(0, '127.0.0.1', resolve));
  system = await startSystem({ cbrUrl: `http://127.0.0.1:${(cbr.address() as AddressInfo).port}/scripts/XML_daily.asp` });
  // The seed's starting rate would hide whether the schedule stored anything.
  await system.db.db.delete(exchangeRates).where(eq(exchangeRates.rateDate, '2026-11-27'));
});
afterAll(async () => {
  // Other test files price with whatever rate is newest: leave no override behind.
  await system?.db.db.delete(exchangeRates).where(eq(exchangeRates.source, 'override'));
  await system?.stop();
  cbr?.close();
});

describe('exchange rates', () => {
  it('the schedule fetches the official USD rate; a markup applies on top, a staff override wins', async () => {
    await ensureCbrRatesSchedule(system.env.client);
    await ensureCbrRatesSchedule(system.env.client); // idempotent: the second call changes nothing
    const schedule = system.env.client.schedule.getHandle(CBR_RATES_SCHEDULE_ID);
    expect((await schedule.describe()).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }, { start: 15, end: 15, step: 1 }] });
    await schedule.trigger();
    const stored = await waitFor('the rate stored', async () => {
      const [row] = await system.db.db.select().from(exchangeRates).where(and(eq(exchangeRates.rateDate, '2026-11-27'), eq(exchangeRates.source, 'cbr')));
      return row;
    });
    expect(stored.rate).toBe('79.8452');
    expect(requests).toBeGreaterThanOrEqual(1);

    expect(await latestUsdRate(system.db.db, 0)).toMatchObject({ rate: '79.8452', rateDate: '2026-11-27', source: 'cbr' });
    // 1.5% markup: 79.8452 × 1.015 = 81.042878 → 81.0429
    expect(formatRate(withMarkup(parseRate('79.8452'), 150))).toBe('81.0429');
    expect(await latestUsdRate(system.db.db, 150)).toMatchObject({ rate: '81.0429', officialRate: '79.8452' });

    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const refused = await staff.json('POST', '/api/staff/exchange-rates/usd', { rate: '81,25', date: '27.11.2026' });
    expect(refused.status).toBe(400);
    const set = await staff.json('POST', '/api/staff/exchange-rates/usd', { rate: '81,25', date: '2026-11-27' });
    expect(set.body).toMatchObject({ rate: '81.2500', source: 'override' });
    expect(await latestUsdRate(system.db.db, 150)).toMatchObject({ rate: '81.2500', source: 'override' });
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    expect((await dealer.json('POST', '/api/staff/exchange-rates/usd', { rate: '1', date: '2026-11-27' })).status).toBe(403);
    expect((await dealer.json('GET', '/api/catalog/products?pageSize=1')).body.usdRate).toMatchObject({ rate: '81.2500', rateDate: '2026-11-27' });
  });
});
