import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { demoVendorCallbackSecret } from './callback-secrets';

/**
 * A stand-in for a vendor's distributor API, run as its own HTTP server in development and tests.
 * It keeps vendor orders in memory, honours Idempotency-Key (the same key returns the same order),
 * issues keys `fulfilmentDelayMs` after placement and then, like real vendors, calls back the URL
 * given at placement with a signed notice. Faults (latency, errors, 429, hangs, duplicate
 * callbacks) are switched at run time: `sim.setFaults(...)` in tests, `PUT /_sim/faults` by hand.
 */
export interface VendorSimulatorOptions {
  token: string;
  fulfilmentDelayMs?: number;
  /** Key of the HMAC over callbacks; without one the simulator sends none. */
  callbackSecret?: string;
  /** Where callbacks go when a placement names no `callbackUrl`. */
  callbackUrl?: string;
  logger?: boolean;
}

export type SimRoute = 'placement' | 'read';

const routeSchema = z.enum(['placement', 'read', 'any']);
export const faultsSchema = z.strictObject({
  /** Every vendor request waits this long before it is handled. */
  latencyMs: z.number().int().min(0).max(120_000),
  /** Share of vendor requests answered `errorStatus` at random (0..1), for manual play and soak runs. */
  errorRate: z.number().min(0).max(1),
  errorStatus: z.union([z.literal(500), z.literal(503)]),
  /** The next `count` matching requests fail with `status` before anything is done (429 and 503 carry Retry-After when given). */
  failNext: z
    .strictObject({
      count: z.number().int().min(1),
      status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
      retryAfterSeconds: z.number().int().min(0).optional(),
      on: routeSchema.default('any'),
    })
    .nullable(),
  /**
   * The next `count` matching requests are handled (an order is placed) but answered only after
   * `ms`: the lost answer that idempotency keys exist for.
   */
  hangNext: z
    .strictObject({ count: z.number().int().min(1), ms: z.number().int().min(0).max(600_000).default(60_000), on: routeSchema.default('any') })
    .nullable(),
  /** Every callback is delivered twice, as a vendor's at-least-once delivery would. */
  duplicateCallbacks: z.boolean(),
});
export type VendorSimFaults = z.infer<typeof faultsSchema>;
const faultsPatchSchema = faultsSchema.partial();
export type VendorSimFaultsInput = z.input<typeof faultsPatchSchema>;

const NO_FAULTS: VendorSimFaults = { latencyMs: 0, errorRate: 0, errorStatus: 503, failNext: null, hangNext: null, duplicateCallbacks: false };

/** One vendor request as the simulator saw it, and what it did to it. */
export interface SimRequest {
  at: number;
  route: SimRoute;
  idempotencyKey?: string;
  vendorOrderId?: string;
  fault: 'none' | 'hang' | `fail ${number}`;
}

/** One callback delivery attempt. */
export interface SimCallback {
  at: number;
  url: string;
  orderId: string;
  body: string;
  signature: string;
  /** The HTTP status SID answered, or the network error. */
  outcome: number | string;
}

export interface PlacementEvent {
  idempotencyKey: string;
  orderId: string;
  /** False when the key was seen before and the existing order is answered again. */
  created: boolean;
}

export interface VendorSimulatorControls {
  /** How many placement requests arrived per idempotency key: tests read it to prove "bought once". */
  placements: Map<string, number>;
  requests: SimRequest[];
  callbacks: SimCallback[];
  /** Orders the vendor holds (one per idempotency key). */
  orderCount(): number;
  /** The keys issued for a vendor order, to compare with what SID stored. */
  issuedKeys(vendorOrderId: string): string[];
  /** Merges the given switches into the current ones and returns the result. */
  setFaults(faults: VendorSimFaultsInput): VendorSimFaults;
  resetFaults(): void;
  faults(): VendorSimFaults;
  /** Changes settings for orders placed from now on (and callbacks sent from now on). */
  configure(settings: { fulfilmentDelayMs?: number; callbackSecret?: string | null; callbackUrl?: string | null }): void;
  /** Runs after an order is placed and before the answer leaves: a test may kill the caller here. */
  onPlacement(hook: ((event: PlacementEvent) => void | Promise<void>) | null): void;
}

export type VendorSimulator = FastifyInstance & VendorSimulatorControls;

interface SimOrder {
  orderId: string;
  idempotencyKey: string;
  partnerOrderRef: string;
  readyAt: number;
  items: Array<{ lineRef: string; sku: string; quantity: number; licenses: Array<{ key: string }> }>;
}

const placeSchema = z.object({
  partnerOrderRef: z.string().min(1),
  endUser: z.record(z.string(), z.unknown()).nullable().optional(),
  callbackUrl: z.url().optional(),
  items: z.array(z.object({ lineRef: z.string().min(1), sku: z.string().min(1), quantity: z.number().int().min(1).max(10_000) })).min(1),
});

const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function makeLicenseKey(): string {
  const bytes = randomBytes(25);
  const chars = Array.from(bytes, (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/**
 * The vendor's side of the callback signature: HMAC-SHA256 over "<unix seconds>.<VENDORCODE>.<body>",
 * hex, under the vendor's own secret (derived from the simulator's one, as db/seed.ts stores it).
 */
function signCallback(master: string, vendorCode: string, timestamp: number, body: string): string {
  const secret = demoVendorCallbackSecret(master, vendorCode);
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${vendorCode.toUpperCase()}.${body}`, 'utf8').digest('hex')}`;
}

/** The vendor a callback URL is for: SID names it as the last segment (/api/vendor-callbacks/<code>). */
const vendorCodeOf = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '');

const CALLBACK_ATTEMPTS = 3;

export function createVendorSimulator(options: VendorSimulatorOptions): VendorSimulator {
  // A hanging answer must not keep the server from closing.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  const settings = {
    fulfilmentDelayMs: options.fulfilmentDelayMs ?? 0,
    callbackSecret: options.callbackSecret ?? null,
    callbackUrl: options.callbackUrl ?? null,
  };
  let faults: VendorSimFaults = { ...NO_FAULTS };
  let placementHook: ((event: PlacementEvent) => void | Promise<void>) | null = null;
  const byId = new Map<string, SimOrder>();
  const byKey = new Map<string, SimOrder>();
  const placements = new Map<string, number>();
  const requests: SimRequest[] = [];
  const callbacks: SimCallback[] = [];
  const expected = Buffer.from(`Bearer ${options.token}`);

  // Waits end early when the simulator closes, so tests never wait on a hang they switched on.
  let closing = false;
  const wakeOnClose = new Set<() => void>();
  const pause = (ms: number, reply?: FastifyReply) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const done = () => {
        clearTimeout(timer);
        wakeOnClose.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeOnClose.add(done);
      reply?.raw.once('close', done);
    });
  app.addHook('preClose', async () => {
    closing = true;
    for (const wake of [...wakeOnClose]) wake();
  });

  app.addHook('onRequest', async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'invalid or missing bearer token' });
    }
  });

  /** Decides this request's fault (consuming one of the "next N"), and logs the request. */
  function faultFor(route: SimRoute, ids: { idempotencyKey?: string; vendorOrderId?: string }) {
    const matches = (on: 'placement' | 'read' | 'any') => on === 'any' || on === route;
    let fault: { kind: 'fail'; status: number; retryAfterSeconds?: number } | { kind: 'hang'; ms: number } | null = null;
    if (faults.failNext && matches(faults.failNext.on)) {
      const { status, retryAfterSeconds, count } = faults.failNext;
      fault = { kind: 'fail', status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
      faults = { ...faults, failNext: count > 1 ? { ...faults.failNext, count: count - 1 } : null };
    } else if (faults.hangNext && matches(faults.hangNext.on)) {
      fault = { kind: 'hang', ms: faults.hangNext.ms };
      faults = { ...faults, hangNext: faults.hangNext.count > 1 ? { ...faults.hangNext, count: faults.hangNext.count - 1 } : null };
    } else if (faults.errorRate > 0 && Math.random() < faults.errorRate) {
      fault = { kind: 'fail', status: faults.errorStatus };
    }
    requests.push({ at: Date.now(), route, ...ids, fault: fault === null ? 'none' : fault.kind === 'hang' ? 'hang' : `fail ${fault.status}` });
    return fault;
  }

  function sendFailure(reply: FastifyReply, fault: { status: number; retryAfterSeconds?: number }) {
    if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
    const error = fault.status === 429 ? 'too many requests' : fault.status === 503 ? 'service unavailable' : 'internal error';
    return reply.code(fault.status).send({ error: `simulated fault: ${error}` });
  }

  const view = (order: SimOrder) => {
    const ready = Date.now() >= order.readyAt;
    return {
      orderId: order.orderId,
      partnerOrderRef: order.partnerOrderRef,
      status: ready ? 'completed' : 'processing',
      items: ready ? order.items : [],
    };
  };

  async function deliverCallback(url: string, order: SimOrder): Promise<void> {
    const secret = settings.callbackSecret;
    if (!secret || closing) return;
    const body = JSON.stringify({ orderId: order.orderId, partnerOrderRef: order.partnerOrderRef, status: 'completed' });
    const signature = signCallback(secret, vendorCodeOf(url), Math.floor(Date.now() / 1000), body);
    const copies = faults.duplicateCallbacks ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      // At-least-once: a refused or unreachable callback is tried again a few times, then left to polling.
      for (let attempt = 1; attempt <= CALLBACK_ATTEMPTS && !closing; attempt++) {
        let outcome: number | string;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-vendor-signature': signature },
            body,
            signal: AbortSignal.timeout(5_000),
          });
          await response.arrayBuffer();
          outcome = response.status;
        } catch (err) {
          outcome = err instanceof Error ? err.message : String(err);
        }
        callbacks.push({ at: Date.now(), url, orderId: order.orderId, body, signature, outcome });
        app.log.info({ url, orderId: order.orderId, outcome }, 'callback delivered');
        if (typeof outcome === 'number' && outcome < 500 && outcome !== 429) break;
        await pause(attempt * 1_000);
      }
    }
  }

  const callbackTimers = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => {
    for (const timer of callbackTimers) clearTimeout(timer);
  });
  function scheduleCallback(url: string | undefined, order: SimOrder) {
    const target = url ?? settings.callbackUrl;
    if (!target || !settings.callbackSecret) return;
    const timer = setTimeout(() => {
      callbackTimers.delete(timer);
      void deliverCallback(target, order);
    }, Math.max(0, order.readyAt - Date.now()));
    callbackTimers.add(timer);
  }

  app.post('/v1/orders', async (request, reply) => {
    const idempotencyKey = request.headers['idempotency-key'];
    const key = typeof idempotencyKey === 'string' && idempotencyKey.length > 0 ? idempotencyKey : undefined;
    const fault = faultFor('placement', key ? { idempotencyKey: key } : {});
    await pause(faults.latencyMs, reply);
    if (fault?.kind === 'fail') return sendFailure(reply, fault);
    if (!key) return reply.code(400).send({ error: 'Idempotency-Key header is required' });
    const body = placeSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    placements.set(key, (placements.get(key) ?? 0) + 1);

    let order = byKey.get(key);
    const created = !order;
    if (!order) {
      order = {
        orderId: `VO-${randomUUID()}`,
        idempotencyKey: key,
        partnerOrderRef: body.data.partnerOrderRef,
        readyAt: Date.now() + settings.fulfilmentDelayMs,
        items: body.data.items.map((i) => ({ ...i, licenses: Array.from({ length: i.quantity }, () => ({ key: makeLicenseKey() })) })),
      };
      byId.set(order.orderId, order);
      byKey.set(key, order);
      scheduleCallback(body.data.callbackUrl, order);
    }
    await placementHook?.({ idempotencyKey: key, orderId: order.orderId, created });
    if (fault?.kind === 'hang') await pause(fault.ms, reply);
    return reply.code(created ? 201 : 200).send(view(order));
  });

  app.get<{ Params: { id: string } }>('/v1/orders/:id', async (request, reply) => {
    const fault = faultFor('read', { vendorOrderId: request.params.id });
    await pause(faults.latencyMs, reply);
    if (fault?.kind === 'fail') return sendFailure(reply, fault);
    const order = byId.get(request.params.id);
    if (!order) return reply.code(404).send({ error: `order ${request.params.id} not found` });
    if (fault?.kind === 'hang') await pause(fault.ms, reply);
    return view(order);
  });

  // Fault switches for manual play (same bearer token); these routes themselves never fail.
  app.get('/_sim/faults', async () => faults);
  app.put('/_sim/faults', async (request, reply) => {
    const parsed = faultsPatchSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    faults = { ...faults, ...parsed.data };
    return faults;
  });
  app.delete('/_sim/faults', async () => {
    faults = { ...NO_FAULTS };
    return faults;
  });

  const controls: VendorSimulatorControls = {
    placements,
    requests,
    callbacks,
    orderCount: () => byId.size,
    issuedKeys: (vendorOrderId) => byId.get(vendorOrderId)?.items.flatMap((i) => i.licenses.map((l) => l.key)) ?? [],
    setFaults(input) {
      faults = { ...faults, ...faultsPatchSchema.parse(input) };
      return faults;
    },
    resetFaults() {
      faults = { ...NO_FAULTS };
    },
    faults: () => faults,
    configure(next) {
      if (next.fulfilmentDelayMs !== undefined) settings.fulfilmentDelayMs = next.fulfilmentDelayMs;
      if (next.callbackSecret !== undefined) settings.callbackSecret = next.callbackSecret;
      if (next.callbackUrl !== undefined) settings.callbackUrl = next.callbackUrl;
    },
    onPlacement(hook) {
      placementHook = hook;
    },
  };
  return Object.assign(app, controls);
}
