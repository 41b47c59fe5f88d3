import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { licenseKeys, orderLines, orders, vendorOrders, vendors } from '../../db/schema';
import { serializeVendorApiSecrets } from '../../src/infra/vendor-api-client';
import { vendorIdempotencyKey } from '../../src/activities/fulfilment/vendor-api.activities';
import { vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { demoVendorCallbackSecret } from '../../src/vendor-sim/callback-secrets';
import { vendorFulfillmentWorkflowId } from '../../src/workflows/orders/order.contract';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Vendor callbacks through the real simulator, API, Temporal dev server and PostgreSQL.
const VENDOR = 'DRWEB';
const callbackSecret = randomBytes(24).toString('base64url');
let system: RunningSystem;
let dealer: ApiSession;
let partNumber: string;
let savedSecrets: Array<{ id: number; secret: string | null }>;

beforeAll(async () => {
  // The in-process worker names this system's address to the vendor when it places an order.
  system = await startSystem();
  const { db } = system.db;
  const apiVendors = await db.select({ id: vendors.id, secret: vendors.adapterSecretEncrypted }).from(vendors).where(eq(vendors.adapterKind, 'api'));
  savedSecrets = apiVendors;
  // Each vendor its own secret, derived from the simulator's as the demo seed does.
  for (const { id } of apiVendors) {
    const [{ code }] = (await db.select({ code: vendors.code }).from(vendors).where(eq(vendors.id, id))) as [{ code: string }];
    const secrets = serializeVendorApiSecrets({ token: inject('vendorApiToken'), callbackSecret: demoVendorCallbackSecret(callbackSecret, code) });
    await db.update(vendors).set({ adapterSecretEncrypted: system.keyCipher.encrypt(secrets) }).where(eq(vendors.id, id));
  }
  system.sim.configure({ callbackSecret });
  dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  partNumber = (await dealer.json('GET', `/api/catalog/products?vendor=${VENDOR}&pageSize=1`)).body.items[0].partNumber;
});
afterAll(async () => {
  if (system) {
    for (const { id, secret } of savedSecrets ?? []) await system.db.db.update(vendors).set({ adapterSecretEncrypted: secret }).where(eq(vendors.id, id));
    await system.stop();
  }
});
beforeEach(() => system.sim.resetFaults());

async function submit(quantity: number): Promise<string> {
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity }] });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body.orderNumber;
}

const shipped = (orderNumber: string, timeoutMs?: number) =>
  waitFor(`${orderNumber} shipped`, async () => ((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status === 'shipped' ? true : null), timeoutMs);

async function vendorOrderOf(orderNumber: string) {
  return system.db.db
    .select({ row: vendorOrders })
    .from(vendorOrders)
    .innerJoin(orders, eq(orders.id, vendorOrders.orderId))
    .where(eq(orders.orderNumber, orderNumber))
    .then((rows) => rows.map((r) => r.row));
}

async function storedKeys(orderNumber: string) {
  const [order] = await system.db.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
  const lines = await system.db.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
  return system.db.db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lines.map((l) => l.id)));
}

/** The fulfilment's history as a list of what happened, in order. */
async function fulfilmentEvents(orderNumber: string): Promise<string[]> {
  const history = await system.env.client.workflow.getHandle(vendorFulfillmentWorkflowId(orderNumber, VENDOR)).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    if (e.workflowExecutionSignaledEventAttributes) return [`signal ${e.workflowExecutionSignaledEventAttributes.signalName}`];
    if (e.activityTaskScheduledEventAttributes) return [`schedule ${e.activityTaskScheduledEventAttributes.activityType?.name}`];
    if (e.timerFiredEventAttributes) return ['timer fired'];
    return [];
  });
}

/** A vendor's own callback secret, as stored above. */
const secretOf = (vendorCode: string) => demoVendorCallbackSecret(callbackSecret, vendorCode);

function callback(orderNumber: string, body: object, options: { secret?: string; timestamp?: number; signature?: string | null; path?: string } = {}) {
  const text = JSON.stringify(body);
  const signature =
    options.signature === undefined ? vendorCallbackSignature(options.secret ?? secretOf(VENDOR), VENDOR, options.timestamp ?? Math.floor(Date.now() / 1000), text) : options.signature;
  return fetch(`${system.baseUrl}/api/vendor-callbacks/${options.path ?? VENDOR}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-vendor-signature': signature }) },
    body: text,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

describe('a signed callback', () => {
  it('wakes the fulfilment as soon as the vendor is ready, long before the next poll', async () => {
    // Polls come 0, 1, 3 and 7 s after placement: keys ready at 4.5 s wait 2.5 s for polling alone.
    system.sim.configure({ fulfilmentDelayMs: 4_500 });
    const orderNumber = await submit(2);
    await shipped(orderNumber);

    const [placed] = await vendorOrderOf(orderNumber);
    const secondsToKeys = (placed!.completedAt!.getTime() - placed!.placedAt!.getTime()) / 1000;
    console.log(`callback path: keys stored ${secondsToKeys.toFixed(2)} s after placement (polling alone: 7 s)`);
    expect(secondsToKeys).toBeGreaterThanOrEqual(4.4);
    expect(secondsToKeys).toBeLessThan(6.5);

    const delivered = system.sim.callbacks.filter((c) => c.orderId === placed!.vendorOrderId);
    expect(delivered.map((c) => c.outcome)).toEqual([202]);
    expect(delivered[0]!.url).toBe(`${system.baseUrl}/api/vendor-callbacks/${VENDOR}`);
    expect(delivered[0]!.signature).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);

    // The read that found the keys followed the signal, not a timer.
    const events = await fulfilmentEvents(orderNumber);
    const lastCollect = events.lastIndexOf('schedule collectVendorKeys');
    expect(events.slice(0, lastCollect).filter((e) => e !== 'schedule collectVendorKeys').at(-1)).toBe('signal vendorOrderReady');
  });

  it('delivered twice completes the fulfilment once and stores each key once', async () => {
    system.sim.configure({ fulfilmentDelayMs: 2_000 });
    system.sim.setFaults({ duplicateCallbacks: true });
    const orderNumber = await submit(3);
    await shipped(orderNumber);

    const rows = await vendorOrderOf(orderNumber);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('completed');
    const delivered = system.sim.callbacks.filter((c) => c.orderId === rows[0]!.vendorOrderId);
    expect(delivered.map((c) => c.outcome)).toEqual([202, 202]);
    expect(delivered[0]!.body).toBe(delivered[1]!.body);

    const keys = await storedKeys(orderNumber);
    expect(keys).toHaveLength(3);
    expect(new Set(keys.map((k) => system.keyCipher.decrypt(k.keyEncrypted)))).toEqual(new Set(system.sim.issuedKeys(rows[0]!.vendorOrderId!)));
    expect(system.sim.placements.get(vendorIdempotencyKey(orderNumber, VENDOR))).toBe(1);
    const timeline = (await dealer.json('GET', `/api/orders/${orderNumber}`)).body.progress.timeline as Array<{ step: string }>;
    expect(timeline.filter((e) => e.step === 'keys_received')).toHaveLength(1);

    // The same callback once more, after the keys are in: acknowledged, and nothing is woken.
    const again = await fetch(delivered[0]!.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-vendor-signature': delivered[0]!.signature }, body: delivered[0]!.body });
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ received: true, fulfilmentWoken: false });
    expect(await storedKeys(orderNumber)).toHaveLength(3);
  });
});

describe('a callback that cannot be trusted', () => {
  it('is refused with 401, and the waiting fulfilment is left alone', async () => {
    system.sim.configure({ fulfilmentDelayMs: 10 * 60_000 });
    const orderNumber = await submit(1);
    const [placed] = await waitFor('the vendor order placed', async () => {
      const rows = await vendorOrderOf(orderNumber);
      return rows[0]?.vendorOrderId ? rows : null;
    });
    const body = { orderId: placed!.vendorOrderId!, partnerOrderRef: orderNumber, status: 'completed' };
    const now = Math.floor(Date.now() / 1000);

    const forged = await callback(orderNumber, body, { secret: 'not-the-vendor-secret' });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    expect(forged.body.error.message).toContain(VENDOR);
    const stale = await callback(orderNumber, body, { timestamp: now - 301 });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'STALE_CALLBACK' } } });
    expect(stale.body.error.message).toContain('300 с');
    expect((await callback(orderNumber, body, { timestamp: now + 400 })).body.error.code).toBe('STALE_CALLBACK');
    expect(await callback(orderNumber, body, { signature: null })).toMatchObject({ status: 401, body: { error: { code: 'UNSIGNED' } } });
    expect(await callback(orderNumber, body, { signature: 'v1=abc' })).toMatchObject({ status: 401, body: { error: { code: 'MALFORMED_SIGNATURE' } } });
    // Signed by another vendor (KASP, with its own secret) and posted on DRWEB's path: refused.
    const kaspSigned = vendorCallbackSignature(secretOf('KASP'), 'KASP', now, JSON.stringify(body));
    expect(await callback(orderNumber, body, { signature: kaspSigned })).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    // Even were DRWEB's secret KASP's too: the code in the signed text is not DRWEB.
    const underDrwebSecret = vendorCallbackSignature(secretOf(VENDOR), 'KASP', now, JSON.stringify(body));
    expect(await callback(orderNumber, body, { signature: underDrwebSecret })).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    // Each demo vendor has its own secret.
    expect(secretOf('KASP')).not.toBe(secretOf(VENDOR));
    // Signed, then changed on the way.
    const signed = vendorCallbackSignature(secretOf(VENDOR), VENDOR, now, JSON.stringify({ ...body, status: 'processing' }));
    expect((await callback(orderNumber, body, { signature: signed })).body.error.code).toBe('BAD_SIGNATURE');

    // Authentic but wrong: a clear 4xx, nothing woken.
    const invalid = await callback(orderNumber, { orderId: placed!.vendorOrderId!, status: 'done' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_CALLBACK');
    expect(invalid.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['partnerOrderRef', 'status']);
    expect(invalid.body.error.message).toContain('partnerOrderRef');
    // The contract is checked only after the signature: an unsigned or forged caller learns nothing of it.
    expect(await callback(orderNumber, { status: 'done' }, { signature: null })).toMatchObject({ status: 401, body: { error: { code: 'UNSIGNED' } } });
    expect(await callback(orderNumber, { status: 'done' }, { secret: 'not-the-vendor-secret' })).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    // Signed, but not JSON: refused as such before the contract sees it.
    const notJsonText = '{"orderId": ';
    const notJson = await fetch(`${system.baseUrl}/api/vendor-callbacks/${VENDOR}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vendor-signature': vendorCallbackSignature(secretOf(VENDOR), VENDOR, now, notJsonText) },
      body: notJsonText,
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('INVALID_JSON');
    expect((await callback(orderNumber, { ...body, orderId: 'VO-unknown', partnerOrderRef: 'SID-9999999' })).status).toBe(404);
    expect((await callback(orderNumber, { ...body, partnerOrderRef: 'SID-9999999' })).body.error.code).toBe('ORDER_REF_MISMATCH');
    const manualVendor = await fetch(`${system.baseUrl}/api/vendor-callbacks/CONSU`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(manualVendor.status).toBe(404);

    expect(await fulfilmentEvents(orderNumber)).not.toContain('signal vendorOrderReady');
    expect((await vendorOrderOf(orderNumber))[0]!.status).toBe('placed');
    expect(await storedKeys(orderNumber)).toHaveLength(0);

    // The genuine callback is taken, wakes the fulfilment and makes it read the vendor order at once.
    const genuine = await callback(orderNumber, body);
    expect(genuine).toMatchObject({ status: 202, body: { received: true, orderNumber, fulfilmentWoken: true } });
    const events = await waitFor('a read after the signal', async () => {
      const list = await fulfilmentEvents(orderNumber);
      return list.slice(list.indexOf('signal vendorOrderReady')).includes('schedule collectVendorKeys') ? list : null;
    }, 10_000);
    expect(events.filter((e) => e === 'signal vendorOrderReady')).toHaveLength(1);
    // The vendor is still processing: no keys came with the callback, and none were stored.
    expect(await storedKeys(orderNumber)).toHaveLength(0);
    expect((await dealer.json('GET', `/api/orders/${orderNumber}`)).body.status).toBe('fulfilling');
  });

  it('from a vendor without a callback secret is refused, whatever it carries', async () => {
    const [kasp] = await system.db.db.select().from(vendors).where(and(eq(vendors.code, 'KASP')));
    await system.db.db.update(vendors).set({ adapterSecretEncrypted: system.keyCipher.encrypt(inject('vendorApiToken')) }).where(eq(vendors.id, kasp!.id));
    try {
      const text = JSON.stringify({ orderId: 'VO-1', partnerOrderRef: 'SID-0000001', status: 'completed' });
      const response = await fetch(`${system.baseUrl}/api/vendor-callbacks/kasp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vendor-signature': vendorCallbackSignature(secretOf('KASP'), 'KASP', Math.floor(Date.now() / 1000), text) },
        body: text,
      });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('CALLBACKS_NOT_CONFIGURED');
    } finally {
      await system.db.db.update(vendors).set({ adapterSecretEncrypted: kasp!.adapterSecretEncrypted }).where(eq(vendors.id, kasp!.id));
    }
  });
});

describe('a vendor that answers 429', () => {
  it('is not asked again before its Retry-After, though the retry policy alone would ask sooner', async () => {
    system.sim.configure({ fulfilmentDelayMs: 0 });
    system.sim.setFaults({ failNext: { count: 1, status: 429, retryAfterSeconds: 5, on: 'placement' } });
    const orderNumber = await submit(1);
    await shipped(orderNumber);
    const key = vendorIdempotencyKey(orderNumber, VENDOR);
    const attempts = system.sim.requests.filter((r) => r.idempotencyKey === key);
    expect(attempts.map((r) => r.fault)).toEqual(['fail 429', 'none']);
    const gap = attempts[1]!.at - attempts[0]!.at;
    console.log(`429 with Retry-After 5: placement retried after ${gap} ms (policy alone: 2000 ms)`);
    expect(gap).toBeGreaterThanOrEqual(5_000);
    expect(gap).toBeLessThan(9_000);
    expect(system.sim.placements.get(key)).toBe(1);
  });
});
