import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * A stand-in for a vendor's distributor API, run as its own HTTP server in development and tests.
 * It keeps vendor orders in memory, honours Idempotency-Key (the same key returns the same order),
 * and issues keys `fulfilmentDelayMs` after placement.
 */
export interface VendorSimulatorOptions {
  token: string;
  fulfilmentDelayMs?: number;
  logger?: boolean;
}

interface SimOrder {
  orderId: string;
  idempotencyKey: string;
  partnerOrderRef: string;
  placedAt: number;
  items: Array<{ lineRef: string; sku: string; quantity: number; licenses: Array<{ key: string }> }>;
}

const placeSchema = z.object({
  partnerOrderRef: z.string().min(1),
  endUser: z.record(z.string(), z.unknown()).nullable().optional(),
  items: z.array(z.object({ lineRef: z.string().min(1), sku: z.string().min(1), quantity: z.number().int().min(1).max(10_000) })).min(1),
});

const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function makeLicenseKey(): string {
  const bytes = randomBytes(25);
  const chars = Array.from(bytes, (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

export function createVendorSimulator(options: VendorSimulatorOptions): FastifyInstance & { placements: Map<string, number> } {
  const app = Fastify({ logger: options.logger ?? false });
  const byId = new Map<string, SimOrder>();
  const byKey = new Map<string, SimOrder>();
  /** How many placement requests arrived per idempotency key: tests read it to prove "bought once". */
  const placements = new Map<string, number>();
  const expected = Buffer.from(`Bearer ${options.token}`);

  app.addHook('onRequest', async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'invalid or missing bearer token' });
    }
  });

  const view = (order: SimOrder) => {
    const ready = Date.now() - order.placedAt >= (options.fulfilmentDelayMs ?? 0);
    return {
      orderId: order.orderId,
      partnerOrderRef: order.partnerOrderRef,
      status: ready ? 'completed' : 'processing',
      items: ready ? order.items : [],
    };
  };

  app.post('/v1/orders', async (request, reply) => {
    const idempotencyKey = request.headers['idempotency-key'];
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0) {
      return reply.code(400).send({ error: 'Idempotency-Key header is required' });
    }
    const body = placeSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    placements.set(idempotencyKey, (placements.get(idempotencyKey) ?? 0) + 1);

    const existing = byKey.get(idempotencyKey);
    if (existing) return reply.code(200).send(view(existing));
    const order: SimOrder = {
      orderId: `VO-${randomUUID()}`,
      idempotencyKey,
      partnerOrderRef: body.data.partnerOrderRef,
      placedAt: Date.now(),
      items: body.data.items.map((i) => ({ ...i, licenses: Array.from({ length: i.quantity }, () => ({ key: makeLicenseKey() })) })),
    };
    byId.set(order.orderId, order);
    byKey.set(idempotencyKey, order);
    return reply.code(201).send(view(order));
  });

  app.get<{ Params: { id: string } }>('/v1/orders/:id', async (request, reply) => {
    const order = byId.get(request.params.id);
    if (!order) return reply.code(404).send({ error: `order ${request.params.id} not found` });
    return view(order);
  });

  return Object.assign(app, { placements });
}
