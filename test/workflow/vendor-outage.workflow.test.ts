import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client';
import { licenseKeys, orders, staffQueue, vendors } from '../../db/schema';
import { createActivities, type Activities } from '../../src/activities';
import { workflowInputFor } from '../../src/usecases/orders/place-order.usecases';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { createMailer } from '../../src/infra/mail';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { loadSupplier } from '../../src/infra/supplier';
import { ru } from '../../src/locale/ru';
import { createVendorSimulator, type VendorSimulator } from '../../src/vendor-sim/vendor-simulator';
import { order } from '../../src/workflows/orders/order';
import { orderProgressQuery, orderWorkflowId, vendorFulfillmentWorkflowId } from '../../src/workflows/orders/order.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { lmtpUrl } from '../support/mail';
import { freshDealerLike } from '../support/dealers';
import { insertOrder } from '../support/orders';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';
import { allowOutboundInDevelopment } from '../../src/infra/outbound-address';

/**
 * An API vendor down for longer than its SLA: the real vendor activities against the real vendor
 * simulator (every request answered 503), the real staff queue and order projection in PostgreSQL,
 * time skipped by the test server. Only billing, documents and the dealer's letter are stand-ins.
 */
const VENDOR = 'DRWEB';
const SLA_HOURS = 2;
/** What the vendor and the staff queue are about; everything else is the fakes' books. */
const REAL = ['placeVendorOrder', 'collectVendorKeys', 'escalateStuckFulfillment', 'requestManualKeys', 'checkEnteredKeys', 'recordOrderStatus', 'cancelOrder', 'recheckOrderPolicy'];

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let db: DbHandle;
let sim: VendorSimulator;
let blobDir: string;
let mailer: ReturnType<typeof createMailer>;
/**
 * A dealer of this file's own: the demo dealer may carry other files' webhook endpoints, and a
 * status change would start deliveries on a task queue no worker of this file polls, which keeps
 * the test server from skipping time.
 */
let dealerId: string;

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  db = connectDb(inject('databaseUrl'));
  sim = createVendorSimulator({ token: inject('vendorApiToken'), fulfilmentDelayMs: 0 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });
  // The simulator is on loopback: SID reaches it only through the development allow-list.
  allowOutboundInDevelopment(simUrl);
  const [sample] = await db.db.select().from(vendors).where(eq(vendors.code, VENDOR));
  await db.db.update(vendors).set({ adapterSettings: { ...(sample!.adapterSettings as object), baseUrl: simUrl } }).where(eq(vendors.adapterKind, 'api'));
  ({ dealerId } = await freshDealerLike(db.db, 'postpay@demo.sid'));
  blobDir = mkdtempSync(join(tmpdir(), 'sid-outage-'));
  mailer = createMailer(lmtpUrl(), 'SID <orders@sid.test>');
});
beforeEach(() => sim.resetFaults());
afterAll(async () => {
  await env?.teardown();
  await sim?.close();
  mailer?.close();
  await db?.close();
  if (blobDir) rmSync(blobDir, { recursive: true, force: true });
});

async function activitiesFor(): Promise<Partial<Activities>> {
  const calendar = await loadProductionCalendar();
  const real = createActivities({
    db: db.db,
    blobStore: createLocalBlobStore(blobDir, createKeyCipher(inject('keyEncryptionKey'))),
    keyCipher: createKeyCipher(inject('keyEncryptionKey')),
    calendar,
    supplier: await loadSupplier(),
    cbrUrl: 'http://127.0.0.1:9/none',
    temporal: env.client,
    publicUrl: 'http://127.0.0.1:9',
    mail: { mailer, vendorMailbox: null, attachmentLimitBytes: 10 * 1024 * 1024 },
  });
  const fakes = createFakes({ calendar, client: env.client, instantOneC: true }).activities;
  const books = Object.fromEntries(Object.entries(fakes).filter(([name]) => !REAL.includes(name)));
  return { ...real, ...books };
}

const stuckItems = (orderNumber: string) =>
  db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'stuck_fulfilment'), eq(staffQueue.reference, `${orderNumber}/${VENDOR}`)));

// Through the environment's client, waiting skips time: up to the next retry of the vendor call.
const resultOf = (workflowId: string) => env.client.workflow.getHandle<typeof order>(workflowId).result();

describe('an API vendor down longer than its SLA', () => {
  it.each([
    ['before the order is placed', 'placement'],
    ['after the order is placed, while its keys are awaited', 'collection'],
  ] as const)('%s: the order waits, staff see it, and it ships when the vendor is back', async (_, phase) => {
    const { orderId, orderNumber, lineIds } = await insertOrder(db.db, { vendorCode: VENDOR, lines: [{ quantity: 2 }], dealerId });
    const input = await workflowInputFor(db.db, orderNumber, { prepayValidityBankingDays: 5 });
    input.vendors[0]!.slaHours = SLA_HOURS;
    const taskQueue = `outage-${phase}`;
    const worker = await createTestWorker(env, bundle, taskQueue, await activitiesFor());

    if (phase === 'placement') sim.setFaults({ errorRate: 1, errorStatus: 503 });
    // The vendor takes (real) seconds to issue keys: the outage starts while it works on the order.
    sim.configure({ fulfilmentDelayMs: phase === 'collection' ? 2_000 : 0 });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(order, { taskQueue, workflowId: orderWorkflowId(orderNumber), args: [input] });
      if (phase === 'collection') {
        // The vendor took the order, then went down before handing over the keys.
        await waitFor(async () => sim.orderCount() > 0 && sim.placements.has(`sid:${orderNumber}:${VENDOR}`));
        sim.setFaults({ errorRate: 1, errorStatus: 503 });
      }

      // Well past the SLA (and past the longest back-off of a vendor call) with the vendor still down.
      const sleptFrom = Date.now();
      await env.sleep(`${SLA_HOURS * 3} hours`);
      console.log(`${phase}: ${SLA_HOURS * 3} h of outage skipped in ${((Date.now() - sleptFrom) / 1000).toFixed(1)} s`);
      const progress = await handle.query(orderProgressQuery);
      expect(progress.status).toBe('fulfilling');
      const [row] = await db.db.select().from(orders).where(eq(orders.id, orderId));
      expect(row!.status).toBe('fulfilling');
      const items = await stuckItems(orderNumber);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'open', summary: ru.staffQueue.stuck(orderNumber, VENDOR, SLA_HOURS) });
      const failedCalls = sim.requests.filter((r) => r.fault.startsWith('fail')).length;
      expect(failedCalls).toBeGreaterThan(3);

      // The vendor is back: the next attempt goes through and the order ships.
      sim.setFaults({ errorRate: 0 });
      const result = await resultOf(handle.workflowId);
      expect(result).toMatchObject({ status: 'completed', keyCount: 2 });
      const stored = await db.db.select().from(licenseKeys).where(inArray(licenseKeys.orderLineId, lineIds));
      expect(stored).toHaveLength(2);
      const [shipped] = await db.db.select().from(orders).where(eq(orders.id, orderId));
      expect(shipped!.status).not.toBe('failed');
      expect((await stuckItems(orderNumber)).map((i) => i.status)).toEqual(['resolved']);
      if (phase === 'placement') await recordHistory('vendor-fulfillment-api-outage-escalated', env.client.workflow.getHandle(vendorFulfillmentWorkflowId(orderNumber, VENDOR)));
    });
  });
});

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
