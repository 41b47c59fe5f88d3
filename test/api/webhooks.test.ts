import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, orders, users, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { createOrderActivities } from '../../src/activities/orders/orders.activities';
import { hashPassword } from '../../src/infra/passwords';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createWebhookActivities } from '../../src/activities/webhooks/webhook.activities';
import { allowOutboundInDevelopment, type OutboundPolicy } from '../../src/infra/outbound-address';
import { webhookUrlResolutionProblem } from '../../src/api/webhooks/webhooks.schemas';
import { webhookDeliveryWorkflowId } from '../../src/workflows/webhooks/webhook-delivery.contract';
import { recordHistory } from '../support/histories';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// Signed webhooks to a dealer's own system, through the real stack: API, order workflow,
// webhook-delivery workflows, PostgreSQL, and a real HTTP receiver on this machine.

interface Received {
  path: string;
  event: string;
  deliveryId: string;
  signature: string;
  body: string;
  json: any;
  answered: number;
}

/** A dealer's system: records every request; each path can be told to answer an error to its first N requests. */
function startReceiver() {
  const requests: Received[] = [];
  const faults = new Map<string, { remaining: number; status: number; retryAfter?: string }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const fault = faults.get(path);
      const answered = fault && fault.remaining > 0 ? fault.status : 204;
      if (fault && fault.remaining > 0) fault.remaining -= 1;
      requests.push({ path, event: String(req.headers['x-sid-event']), deliveryId: String(req.headers['x-sid-delivery']), signature: String(req.headers['x-sid-signature']), body, json: JSON.parse(body), answered });
      if (fault?.retryAfter && answered !== 204) res.setHeader('retry-after', fault.retryAfter);
      res.statusCode = answered;
      res.end(answered === 204 ? undefined : 'nope');
    });
  });
  return {
    requests,
    fail: (path: string, count: number, status: number, retryAfter?: string) => faults.set(path, { remaining: count, status, ...(retryAfter ? { retryAfter } : {}) }),
    at: (path: string) => requests.filter((r) => r.path === path),
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's side of the signature, computed here from the documented scheme, not with SID's code. */
function validSignature(secret: string, header: string, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex')) && Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
}

let system: RunningSystem;
let receiver: ReturnType<typeof startReceiver>;
let receiverUrl: string;
let admin: ApiSession;
let dealerId: string;
const PASSWORD = 'Webhook-Receiver-2026!';
const POSTPAY_STATUSES = ['fulfilling', 'keys_received', 'shipped'];

async function placeOrder(): Promise<string> {
  const placed = await admin.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }] });
  expect(placed.status).toBe(201);
  return placed.body.orderNumber;
}
const deliveriesOf = async (webhookId: string) => (await admin.json('GET', `/api/dealer/webhooks/${webhookId}/deliveries`)).body.items as any[];
const addWebhook = async (path: string) => {
  const created = await admin.json('POST', '/api/dealer/webhooks', { url: `${receiverUrl}${path}`, events: ['order.status_changed'] });
  expect(created.status).toBe(201);
  return created.body as { webhook: { id: string; url: string }; secret: string };
};

beforeAll(async () => {
  receiver = startReceiver();
  receiverUrl = await receiver.listen();
  // The receiver is on loopback: reached only through the development allow-list.
  allowOutboundInDevelopment(receiverUrl);
  system = await startSystem();
  admin = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  const [dealer] = await system.db.db.select({ id: dealers.id }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
  dealerId = dealer!.id;
});
afterAll(async () => {
  // The demo dealer is shared by every later test file: its endpoints must not keep collecting
  // deliveries to a receiver that is gone.
  if (system) await system.db.db.update(webhookEndpoints).set({ disabledAt: new Date() }).where(and(eq(webhookEndpoints.dealerId, dealerId), isNull(webhookEndpoints.disabledAt)));
  await system?.stop();
  await receiver?.close();
});

describe('webhooks to a dealer’s own system', () => {
  let main: { webhook: { id: string; url: string }; secret: string };
  let orderNumber: string;

  it('a dealer admin adds an endpoint: the secret is in the answer once, stored only encrypted, audited', async () => {
    main = await addWebhook('/orders');
    expect(main.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(main.webhook).toMatchObject({ url: `${receiverUrl}/orders`, events: ['order.status_changed'], createdBy: 'postpay@demo.sid', disabledAt: null });

    const [row] = await system.db.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, main.webhook.id));
    expect(row!.dealerId).toBe(dealerId);
    expect(row!.secretEncrypted).not.toContain(main.secret);
    expect(row!.secretEncrypted).not.toContain(main.secret.slice(6));
    expect(system.keyCipher.decrypt(row!.secretEncrypted)).toBe(main.secret);

    const list = await admin.request('GET', '/api/dealer/webhooks');
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text).toContain(main.webhook.id);
    expect(text).not.toContain(main.secret.slice(6));
    const audits = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'webhook.created'), eq(auditLog.subjectId, main.webhook.id)));
    expect(audits).toHaveLength(1);
  });

  it('refuses plain http to another host, credentials in the URL, unknown events and an empty body, each field named', async () => {
    for (const body of [{ url: 'http://erp.example.ru/hook' }, { url: 'https://user:pw@erp.example.ru/hook' }, { url: 'not a url' }, { url: 'https://erp.example.ru/hook', events: ['order.deleted'] }, {}]) {
      const answer = await admin.json('POST', '/api/dealer/webhooks', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.fields.length).toBeGreaterThan(0);
    }
    expect((await admin.json('POST', '/api/dealer/webhooks', { url: 'http://erp.example.ru/hook' })).body.error.fields[0].message).toContain('https://');
  });

  it('refuses every address into SID’s own network the security probe used, each with a field error', async () => {
    const probe = [
      'https://169.254.169.254/',
      'https://10.0.0.5/',
      'https://192.168.1.1:8443/',
      'https://metadata.google.internal/',
      'http://localhost:9464/metrics',
      'http://127.1:3000/',
      'http://[::1]:3000/',
      'https://127.1:3000/',
      'https://[::1]:3000/',
      'https://2130706433/',
      'https://0x7f.1/',
      'https://[::ffff:127.0.0.1]/',
      // The receiver's own address, but over https: the allow-list names host:port and scheme alike.
      `${receiverUrl.replace('http://', 'https://').replace(/:\d+$/, ':1')}/x`,
    ];
    for (const url of probe) {
      const answer = await admin.json('POST', '/api/dealer/webhooks', { url });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.fields, url).toEqual([{ field: 'url', message: expect.any(String) }]);
    }
    const rows = await system.db.db.select({ url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.dealerId, dealerId));
    expect(rows.filter((r) => probe.includes(r.url))).toEqual([]);
  });

  it('a host that resolved to a public address when saved and to a private one at delivery gets nothing: refused at delivery, classified in the log', async () => {
    // A name in no DNS is accepted when saved (the dealer may still be setting it up).
    const created = await admin.json('POST', '/api/dealer/webhooks', { url: 'https://rebind.sid.test/hook' });
    expect(created.status).toBe(201);
    const webhookId = created.body.webhook.id as string;
    // The attacker's resolver: public at first, then loopback (where the receiver listens).
    let lookups = 0;
    const rebinding: OutboundPolicy = { allow: new Set(), lookup: async () => (lookups++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]) };
    expect(await webhookUrlResolutionProblem('https://rebind.sid.test/hook', rebinding)).toBeNull();

    const [delivery] = await system.db.db.insert(webhookDeliveries).values({ endpointId: webhookId, event: 'ping', eventKey: `ping/rebind-${Date.now()}`, payload: { type: 'ping' } }).returning({ id: webhookDeliveries.id });
    const before = receiver.requests.length;
    const activities = createWebhookActivities({ db: system.db.db, keyCipher: system.keyCipher, outbound: rebinding });
    const outcome = await new MockActivityEnvironment().run(activities.deliverWebhook, { deliveryId: delivery!.id });
    expect(outcome).toEqual({ status: 'failed', attempts: 1 });
    expect(lookups).toBe(2);
    expect(receiver.requests.length).toBe(before);
    const [logged] = (await deliveriesOf(webhookId)).filter((d) => d.id === delivery!.id);
    expect(logged).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: 'address_not_public' });
    expect((await admin.json('DELETE', `/api/dealer/webhooks/${webhookId}`)).status).toBe(200);
  });

  it('an order’s status changes arrive in order, each once, signed with the endpoint’s secret', async () => {
    orderNumber = await placeOrder();
    const forOrder = () => receiver.at('/orders').filter((r) => r.json.data?.orderNumber === orderNumber);
    await waitFor('three status events', async () => forOrder().length >= 3);
    // Settle: a late duplicate would show up here.
    await new Promise((r) => setTimeout(r, 1500));
    const received = forOrder();
    for (const r of received) {
      expect(validSignature(main.secret, r.signature, r.body), r.signature).toBe(true);
      expect(validSignature('whsec_someone-else', r.signature, r.body)).toBe(false);
      expect(r.event).toBe('order.status_changed');
    }
    // Each delivery once, each status once. Deliveries travel independently (a retried one may
    // arrive after a later one), so the order is told by occurredAt and previousStatus.
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(received.length);
    const byTime = [...received].sort((x, y) => Date.parse(x.json.occurredAt) - Date.parse(y.json.occurredAt));
    expect(byTime.map((r) => r.json.data.status)).toEqual(POSTPAY_STATUSES);
    expect(byTime.map((r) => r.json.data.previousStatus)).toEqual(['submitted', ...POSTPAY_STATUSES.slice(0, -1)]);
    const shipped = byTime[2]!.json;
    expect(shipped).toMatchObject({
      id: `${orderNumber}/shipped`,
      type: 'order.status_changed',
      data: { orderNumber, status: 'shipped', previousStatus: 'keys_received', settlementScheme: 'postpay', links: { self: `${system.baseUrl}/api/orders/${orderNumber}` } },
    });
    const order = await admin.json('GET', `/api/orders/${orderNumber}`);
    expect(shipped.data.totals).toEqual({ netKopecks: order.body.totals.netKopecks, vatKopecks: order.body.totals.vatKopecks, grossKopecks: order.body.totals.grossKopecks, grossCents: order.body.totals.grossCents });
    expect(Number.isNaN(Date.parse(shipped.occurredAt))).toBe(false);

    const log = await deliveriesOf(main.webhook.id);
    const mine = log.filter((d) => d.eventKey.startsWith(`${orderNumber}/`));
    expect(mine.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(mine.every((d) => d.attempts === 1 && d.lastStatusCode === 204 && d.deliveredAt)).toBe(true);
    expect(mine.map((d) => d.id).sort()).toEqual(received.map((r) => r.deliveryId).sort());
    await recordHistory('webhook-delivery', system.env.client.workflow.getHandle(webhookDeliveryWorkflowId(received[0]!.deliveryId)));
  });

  it('a retried status activity adds no delivery: the event key is unique per endpoint', async () => {
    const before = await system.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, main.webhook.id));
    const [order] = await system.db.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    // The activity exactly as the worker runs it, a second time for the same status.
    await createOrderActivities({ db: system.db.db, temporal: system.env.client, publicUrl: system.baseUrl }).recordOrderStatus({ orderId: order!.id, status: 'shipped' });
    const after = await system.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, main.webhook.id));
    expect(after).toHaveLength(before.length);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.at('/orders').filter((r) => r.json.id === `${orderNumber}/shipped`)).toHaveLength(1);
  });

  it('a receiver failing its first 2 attempts still gets every event; a 4xx fails at once, with no endless retries', async () => {
    const flaky = await addWebhook('/flaky');
    const refusing = await addWebhook('/refusing');
    receiver.fail('/flaky', 2, 503, '1');
    receiver.fail('/refusing', 1000, 400);
    const number = await placeOrder();

    await waitFor('flaky receiver got every status', async () => new Set(receiver.at('/flaky').filter((r) => r.answered === 204 && r.json.data.orderNumber === number).map((r) => r.json.data.status)).size === 3, 90_000);
    const flakyLog = (await deliveriesOf(flaky.webhook.id)).filter((d) => d.eventKey.startsWith(`${number}/`));
    expect(flakyLog.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    // Every request the receiver saw is an attempt on the row; the two refused ones were repeated.
    const flakyRequests = receiver.at('/flaky').filter((r) => r.json.data.orderNumber === number);
    expect(flakyRequests.filter((r) => r.answered === 503)).toHaveLength(2);
    expect(flakyLog.reduce((sum, d) => sum + d.attempts, 0)).toBe(flakyRequests.length);
    expect(flakyLog.some((d) => d.attempts >= 2)).toBe(true);
    for (const r of flakyRequests) expect(validSignature(flaky.secret, r.signature, r.body)).toBe(true);
    // A repeated attempt is the same delivery: the receiver drops it by X-SID-Delivery.
    expect(new Set(flakyRequests.filter((r) => r.answered === 204).map((r) => r.deliveryId)).size).toBe(3);

    await waitFor('refused deliveries failed', async () => {
      const log = (await deliveriesOf(refusing.webhook.id)).filter((d) => d.eventKey.startsWith(`${number}/`));
      return log.length === 3 && log.every((d) => d.status === 'failed') && log;
    });
    await new Promise((r) => setTimeout(r, 5000));
    const refusedLog = (await deliveriesOf(refusing.webhook.id)).filter((d) => d.eventKey.startsWith(`${number}/`));
    expect(refusedLog.every((d) => d.attempts === 1 && d.lastStatusCode === 400 && d.lastError === 'http_status' && d.deliveredAt === null)).toBe(true);
    expect(receiver.at('/refusing').filter((r) => r.json.data.orderNumber === number)).toHaveLength(3);

    for (const w of [flaky, refusing]) expect((await admin.json('DELETE', `/api/dealer/webhooks/${w.webhook.id}`)).status).toBe(200);
  });

  it('ping sends a signed ping event that shows in the delivery log', async () => {
    const answer = await admin.json('POST', `/api/dealer/webhooks/${main.webhook.id}/test`);
    expect(answer.status).toBe(202);
    expect(answer.body.delivery).toMatchObject({ event: 'ping', status: 'pending' });
    const ping = await waitFor('ping', async () => receiver.at('/orders').find((r) => r.deliveryId === answer.body.delivery.id));
    expect(ping.event).toBe('ping');
    expect(ping.json).toMatchObject({ type: 'ping', data: { webhookId: main.webhook.id } });
    expect(validSignature(main.secret, ping.signature, ping.body)).toBe(true);
    const logged = await waitFor('ping delivered in the log', async () => (await deliveriesOf(main.webhook.id)).find((d) => d.id === answer.body.delivery.id && d.status === 'delivered'));
    expect(logged).toMatchObject({ event: 'ping', attempts: 1, lastStatusCode: 204, lastError: null });
  });

  it('another dealer’s admin neither sees nor touches the endpoint; a dealer user and an API key may not manage webhooks', async () => {
    const other = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    const list = await other.json('GET', '/api/dealer/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: any) => w.id)).not.toContain(main.webhook.id);
    for (const [method, path] of [['DELETE', ''], ['POST', '/test'], ['GET', '/deliveries']] as const) {
      const answer = await other.json(method, `/api/dealer/webhooks/${main.webhook.id}${path}`);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('WEBHOOK_NOT_FOUND');
    }
    const [still] = await system.db.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, main.webhook.id));
    expect(still!.disabledAt).toBeNull();

    const login = `webhooks-user-${Date.now()}@demo.sid`;
    await system.db.db.insert(users).values({ dealerId, login, email: login, passwordHash: await hashPassword(PASSWORD), role: 'dealer_user', fullName: 'Сидоров Сидор' });
    const user = await ApiSession.login(system.baseUrl, login, PASSWORD);
    for (const [method, path, body] of [['GET', '/api/dealer/webhooks'], ['POST', '/api/dealer/webhooks', { url: `${receiverUrl}/x` }], ['DELETE', `/api/dealer/webhooks/${main.webhook.id}`], ['GET', `/api/dealer/webhooks/${main.webhook.id}/deliveries`]] as const) {
      const answer = await user.json(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('DEALER_ADMIN_ONLY');
    }

    const key = await admin.json('POST', '/api/dealer/api-keys', { name: 'webhooks' });
    const byKey = await fetch(`${system.baseUrl}/api/dealer/webhooks`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect(byKey.status).toBe(403);
  });

  it('disabling stops deliveries and pings; the log stays', async () => {
    const disabled = await admin.json('DELETE', `/api/dealer/webhooks/${main.webhook.id}`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.webhook.disabledAt).not.toBeNull();
    expect((await admin.json('POST', `/api/dealer/webhooks/${main.webhook.id}/test`)).status).toBe(409);
    const audits = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'webhook.disabled'), eq(auditLog.subjectId, main.webhook.id)));
    expect(audits).toHaveLength(1);

    const number = await placeOrder();
    await waitFor('shipped', async () => (await admin.json('GET', `/api/orders/${number}`)).body.status === 'shipped');
    const rows = await system.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, main.webhook.id));
    expect(rows.filter((d) => d.eventKey.startsWith(`${number}/`))).toEqual([]);
    expect((await deliveriesOf(main.webhook.id)).length).toBeGreaterThanOrEqual(4);
  });

  it('twenty concurrent creations leave exactly ten active endpoints (the cap holds under concurrency)', async () => {
    const active = async () => (await system.db.db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.dealerId, dealerId), isNull(webhookEndpoints.disabledAt)))).length;
    const before = await active();
    expect(before).toBeLessThan(10);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => admin.json('POST', '/api/dealer/webhooks', { url: `${receiverUrl}/cap-${i}` })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10 - before);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'TOO_MANY_WEBHOOKS')).toBe(true);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409)).toEqual([]);
    expect(await active()).toBe(10);
  });
});
