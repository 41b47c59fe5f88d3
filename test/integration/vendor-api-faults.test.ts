import { randomBytes, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVendorApiClient, type PlaceVendorOrderRequest } from '../../src/infra/vendor-api-client';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';

// The vendor API client against the real simulator over HTTP, with the simulator's faults switched on.
const token = randomBytes(16).toString('hex');
let sim: VendorSimulator;
let baseUrl: string;

beforeAll(async () => {
  sim = createVendorSimulator({ token, fulfilmentDelayMs: 0 });
  baseUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  allowOutboundInDevelopment(baseUrl);
});
afterAll(async () => sim?.close());
beforeEach(() => sim.resetFaults());

const order = (key = `sid:SID-${randomUUID()}:KASP`): PlaceVendorOrderRequest => ({
  idempotencyKey: key,
  partnerOrderRef: key.split(':')[1]!,
  endUser: null,
  items: [{ lineRef: randomUUID(), sku: 'KL4863RAKFS', quantity: 2 }],
});

/** The failure a call ends with; fails the test if the call succeeds. */
async function failure(call: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(outcome, 'the call should have failed').toBeInstanceOf(ApplicationFailure);
  return outcome as ApplicationFailure;
}

const admin = (method: string, body?: unknown, auth = `Bearer ${token}`) =>
  fetch(`${baseUrl}/_sim/faults`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('5xx', () => {
  it('fails the next two placements with 503, retryably, and buys nothing until the third', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    const request = order();
    sim.setFaults({ failNext: { count: 2, status: 503, on: 'placement' } });
    const ordersBefore = sim.orderCount();

    for (let i = 0; i < 2; i++) {
      const err = await failure(client.placeOrder(request));
      expect(err.type).toBe('VendorUnavailable');
      expect(err.nonRetryable).toBe(false);
      expect(err.message).toContain('503');
      expect(err.nextRetryDelay).toBeUndefined();
    }
    expect(sim.orderCount()).toBe(ordersBefore);
    const placed = await client.placeOrder(request);
    expect(placed.orderId).toMatch(/^VO-/);
    expect(sim.orderCount()).toBe(ordersBefore + 1);
    expect(sim.requests.filter((r) => r.idempotencyKey === request.idempotencyKey).map((r) => r.fault)).toEqual(['fail 503', 'fail 503', 'none']);
  });

  it('fails reads with 500 only when asked for reads, leaving placements alone', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    sim.setFaults({ failNext: { count: 1, status: 500, on: 'read' } });
    const placed = await client.placeOrder(order());
    const err = await failure(client.getOrder(placed.orderId));
    expect(err.type).toBe('VendorUnavailable');
    expect(err.message).toContain('500');
    expect((await client.getOrder(placed.orderId)).status).toBe('completed');
  });

  it('answers a share of requests 503 at random', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    const placed = await client.placeOrder(order());
    sim.setFaults({ errorRate: 0.5 });
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => client.getOrder(placed.orderId).then(() => 'ok', (err: ApplicationFailure) => err.type)));
    const failed = outcomes.filter((o) => o === 'VendorUnavailable').length;
    // Binomial(200, 0.5): outside 50..150 has a probability below 1e-12.
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'VendorUnavailable')).toEqual([]);
  });
});

describe('429 with Retry-After', () => {
  it('becomes a retryable failure that tells Temporal to wait the vendor’s delay', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    sim.setFaults({ failNext: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const err = await failure(client.placeOrder(order()));
    expect(err.type).toBe('VendorThrottled');
    expect(err.nonRetryable).toBe(false);
    expect(err.nextRetryDelay).toBe(7_000);
    expect(err.message).toContain('retry after 7 s');
    expect(err.details).toEqual([{ status: 429, retryAfterMs: 7_000 }]);
  });

  it('without Retry-After is left to the retry policy', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    sim.setFaults({ failNext: { count: 1, status: 429 } });
    const err = await failure(client.placeOrder(order()));
    expect(err.type).toBe('VendorThrottled');
    expect(err.nextRetryDelay).toBeUndefined();
  });
});

describe('a hanging answer', () => {
  it('times the client out with a retryable failure, and the retry gets the order the vendor did place', async () => {
    const client = createVendorApiClient({ baseUrl, token, timeoutMs: 400 });
    const request = order();
    sim.setFaults({ hangNext: { count: 1, ms: 30_000, on: 'placement' } });
    const started = Date.now();
    const err = await failure(client.placeOrder(request));
    const waited = Date.now() - started;
    expect(err.type).toBe('VendorTimeout');
    expect(err.nonRetryable).toBe(false);
    expect(err.message).toContain('did not answer within 400 ms');
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(5_000);

    // The vendor had placed the order before it stalled: the retry finds it by the idempotency key.
    const countAfterHang = sim.orderCount();
    const retried = await client.placeOrder(request);
    expect(sim.orderCount()).toBe(countAfterHang);
    expect(sim.placements.get(request.idempotencyKey)).toBe(2);
    expect(sim.issuedKeys(retried.orderId)).toHaveLength(2);
  });

  it('by default waits less than the activity’s 10 s start-to-close timeout', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    const placed = await client.placeOrder(order());
    sim.setFaults({ hangNext: { count: 1, ms: 30_000, on: 'read' } });
    const started = Date.now();
    const err = await failure(client.getOrder(placed.orderId));
    expect(err.type).toBe('VendorTimeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});

describe('latency', () => {
  it('slows every answer by the configured time', async () => {
    const client = createVendorApiClient({ baseUrl, token });
    const placed = await client.placeOrder(order());
    sim.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await client.getOrder(placed.orderId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('beyond the client’s timeout is a timeout', async () => {
    const client = createVendorApiClient({ baseUrl, token, timeoutMs: 150 });
    sim.setFaults({ latencyMs: 1_000 });
    expect((await failure(client.placeOrder(order()))).type).toBe('VendorTimeout');
  });
});

describe('the switches over HTTP', () => {
  it('need the bearer token', async () => {
    expect((await admin('GET', undefined, 'Bearer wrong')).status).toBe(401);
    expect((await admin('PUT', { latencyMs: 5 }, '')).status).toBe(401);
    expect(sim.faults().latencyMs).toBe(0);
  });

  it('merge what is sent, refuse nonsense with a reason, and reset', async () => {
    const set = await admin('PUT', { failNext: { count: 2, status: 503, on: 'placement' } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ failNext: { count: 2, status: 503, on: 'placement' }, latencyMs: 0 });
    expect((await (await admin('PUT', { latencyMs: 50 })).json()).failNext).toMatchObject({ count: 2 });

    const bad = await admin('PUT', { errorRate: 2, failNext: { count: 1, status: 404 } });
    expect(bad.status).toBe(400);
    const reason = (await bad.json()).error as string;
    expect(reason).toContain('errorRate');
    expect(reason).toContain('status');

    const client = createVendorApiClient({ baseUrl, token });
    expect((await failure(client.placeOrder(order()))).message).toContain('503');
    expect((await admin('DELETE')).status).toBe(200);
    expect(sim.faults()).toMatchObject({ failNext: null, latencyMs: 0 });
    await expect(client.placeOrder(order())).resolves.toMatchObject({ status: 'completed' });
  });
});
