import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { inOneRoundTrip } from '../../src/usecases/catalog/catalog.repository';
import { searchCatalog } from '../../src/usecases/catalog/catalog.usecases';
import type { Principal } from '../../src/usecases/principal';

// A catalog search sends few statements, and the one that plans with the indexes only keeps its
// settings inside its own transaction (issue 20).
let handle: DbHandle;
let sent: string[] = [];

beforeAll(() => {
  handle = connectDb(inject('databaseUrl'), { max: 1 });
  const debug = (_connection: number, query: string) => void sent.push(query.trim());
  Object.assign(handle.sql.options, { debug });
});
afterAll(async () => handle?.close());

describe('inOneRoundTrip', () => {
  it('applies its settings to its statement only, and leaves the connection outside a transaction', async () => {
    const inside = await inOneRoundTrip(handle.db, [sql`set local enable_seqscan = off`], (on) => on.execute(sql`select current_setting('enable_seqscan') as setting`));
    expect([...inside]).toEqual([{ setting: 'off' }]);
    // One connection in the pool: the same one, its setting back and no transaction left open.
    const [after] = await handle.sql`select current_setting('enable_seqscan') as setting`;
    expect(after?.setting).toBe('on');
    await expect(handle.sql`savepoint probe`).rejects.toThrow(/transaction block/);
  });

  it('rolls back when its statement fails, and answers with the failure', async () => {
    await expect(inOneRoundTrip(handle.db, [sql`set local enable_seqscan = off`], (on) => on.execute(sql`select 1 / 0`))).rejects.toThrow();
    const [after] = await handle.sql`select current_setting('enable_seqscan') as setting`;
    expect(after?.setting).toBe('on');
  });
});

describe('a catalog search', () => {
  it("stems the words and finds the vendors in the page's own statement, and reads the dealer with its price rules in one", async () => {
    const [user] = await handle.sql`select id, login, dealer_id from users where login = 'postpay@demo.sid'`;
    const principal: Principal = { userId: user!.id, login: user!.login, role: 'dealer_admin', dealerId: user!.dealer_id };
    sent = [];
    const page = await searchCatalog(handle.db, principal, { q: 'kaspersky', page: 1, pageSize: 5 }, { usdMarkupBasisPoints: 0 });
    expect(page.total).toBe(12);
    expect(page.items[0]?.priceRule).toMatch(/^(list|rule:\d+)$/);
    // The words are stemmed and the vendors found by the page's own statement; the dealer comes with its price rules.
    expect(sent.filter((s) => s.includes('to_tsquery'))).toHaveLength(1);
    expect(sent.filter((s) => s.includes('to_tsquery'))[0]).toContain('count(*) over ()');
    expect(sent.filter((s) => s.includes('"price_rules"'))).toHaveLength(1);
    expect(sent.filter((s) => s.includes('"price_rules"'))[0]).toContain('"dealers"');
    expect(sent.filter((s) => s === 'begin' || s === 'commit')).toEqual(['begin', 'commit']);
  });
});
