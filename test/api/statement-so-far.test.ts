import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moscowMonthOf } from '../../src/domain/moscow-time';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/** A monthly dealer's balance shows this month's orders that its next consolidated invoice will bill. */
let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system?.stop());

describe('the statement so far on the balance', () => {
  it('lists a monthly dealer’s shipped orders of this Moscow month with their exact total', async () => {
    // A dealer of its own: another file seals the demo monthly dealer's current month.
    const own = await freshDealerLike(system.db.db, 'monthly@demo.sid');
    const dealer = await ApiSession.login(system.baseUrl, own.people[0]!.login, own.password);
    const partNumber = (await dealer.json('GET', '/api/catalog/products?vendor=DRWEB&pageSize=1')).body.items[0].partNumber;
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 3 }] });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;

    const statement = await waitFor('the order in the statement so far', async () => {
      const { body } = await dealer.json('GET', '/api/invoices/summary');
      return body.statementSoFar?.orders.some((o: { orderNumber: string }) => o.orderNumber === orderNumber) ? body.statementSoFar : null;
    });
    expect(statement.month).toBe(moscowMonthOf(new Date()));
    expect(statement.orders.find((o: { orderNumber: string }) => o.orderNumber === orderNumber).grossKopecks).toBe(placed.body.totals.grossKopecks);
    expect(statement.orderCount).toBe(statement.orders.length);
    expect(statement.grossKopecks).toBe(statement.orders.reduce((sum: number, o: { grossKopecks: number }) => sum + o.grossKopecks, 0));
    expect(Date.parse(statement.closesAt)).toBeGreaterThan(Date.now());
  });

  it('is absent for a dealer on another scheme', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    expect((await dealer.json('GET', '/api/invoices/summary')).body.statementSoFar).toBeNull();
  });
});
