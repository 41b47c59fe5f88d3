import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

/**
 * "My orders" paged by keyset: every order once, none skipped, in the same order as by page
 * number, even when orders share a creation time down to the microsecond or differ below the
 * millisecond. Through the real API and PostgreSQL, for a dealer of this test's own.
 */
let system: RunningSystem;
let dealer: ApiSession;
const ORDERS = 125;

beforeAll(async () => {
  system = await startSystem();
  const db = system.db.db;
  const own = await freshDealerLike(db, 'postpay@demo.sid', ['dealer_user']);
  // Groups of three orders share one instant; neighbours differ by a few microseconds.
  await db.execute(sql`
    insert into orders (order_number, dealer_id, settlement_scheme, status, usd_rate, usd_rate_date, net_kopecks, vat_kopecks, gross_kopecks, gross_cents, created_at, workflow_started_at)
    select 'SID-' || lpad(nextval('order_number_seq')::text, 7, '0'), ${own.dealerId}, 'postpay', 'completed', 90, '2026-11-01', 100, 22, 122, 1,
           timestamptz '2026-11-20 10:00:00.000001+00' + ((g / 3) * interval '7 microseconds'), now()
    from generate_series(1, ${ORDERS}) g`);
  dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
});
afterAll(async () => system?.stop());

const list = async (query: string) => {
  const answer = await dealer.json('GET', `/api/orders?${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { items: Array<{ orderNumber: string }>; total: number; nextCursor: string | null };
};

describe('keyset paging of the order list', () => {
  it('walks every order exactly once, in the same order as numbered pages', async () => {
    const byCursor: string[] = [];
    let page = await list('pageSize=50');
    expect(page.total).toBe(ORDERS);
    for (;;) {
      byCursor.push(...page.items.map((o) => o.orderNumber));
      if (!page.nextCursor) break;
      page = await list(`pageSize=50&after=${page.nextCursor}`);
    }
    expect(byCursor).toHaveLength(ORDERS);
    expect(new Set(byCursor).size).toBe(ORDERS);

    const byNumber: string[] = [];
    for (let p = 1; p <= 3; p++) byNumber.push(...(await list(`pageSize=50&page=${p}`)).items.map((o) => o.orderNumber));
    expect(byCursor).toEqual(byNumber);
    // The last page says so.
    expect((await list('pageSize=50&page=3')).nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make, with a message', async () => {
    const bad = await dealer.json('GET', `/api/orders?after=${Buffer.from('yesterday|42').toString('base64url')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'after', message: 'неверная ссылка на следующую страницу: начните список сначала' }]);
  });

  it('a cursor carries no authority: another dealer following it sees only its own orders', async () => {
    const { nextCursor } = await list('pageSize=10');
    const other = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const answer = await other.json('GET', `/api/orders?pageSize=200&after=${nextCursor}`);
    expect(answer.status).toBe(200);
    const mine = new Set((await list('pageSize=200')).items.map((o) => o.orderNumber));
    expect(answer.body.items.filter((o: { orderNumber: string }) => mine.has(o.orderNumber))).toEqual([]);
  });
});
