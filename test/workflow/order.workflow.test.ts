import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { order } from '../../src/workflows/orders/order';
import { orderProgressQuery, orderWorkflowId, type OrderWorkflowInput, type VendorPart } from '../../src/workflows/orders/order.contract';
import { createFakes, type FakeVendor } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/**
 * Vendor fulfilment inside the order workflow, on the time-skipping test server. Orders here are
 * postpay: after shipping, a fake 1C numbers and pays the invoice at once so the order completes.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let calendar: BankingCalendar;

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  calendar = await loadProductionCalendar();
});
afterAll(async () => env?.teardown());

const part = (vendorCode: string, vendorId: number, quantities: number[]): VendorPart => ({
  vendorId,
  vendorCode,
  adapterKind: 'api',
  lines: quantities.map((quantity, i) => ({ orderLineId: `${vendorCode}-line-${i + 1}`, partNumber: `${vendorCode}-PN-${i + 1}`, quantity })),
});

let orderSeq = 0;
const input = (vendors: VendorPart[]): OrderWorkflowInput => ({
  orderId: `00000000-0000-0000-0000-${String(++orderSeq).padStart(12, '0')}`,
  orderNumber: `SID-9${String(orderSeq).padStart(6, '0')}`,
  dealerId: 'dealer-1',
  scheme: 'postpay',
  vendors,
});

async function runOrder(vendors: Record<string, FakeVendor>, orderInput: OrderWorkflowInput, historyName?: string) {
  const { activities, calls } = createFakes({ vendors, calendar, client: env.client, instantOneC: true });
  const taskQueue = `test-${orderInput.orderNumber}`;
  const worker = await createTestWorker(env, bundle, taskQueue, activities);
  return worker.runUntil(async () => {
    const startedAt = await env.currentTimeMs();
    const handle = await env.client.workflow.start(order, { taskQueue, workflowId: orderWorkflowId(orderInput.orderNumber), args: [orderInput] });
    const outcome = await handle.result().then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    const progress = await handle.query(orderProgressQuery);
    // The order page reads the progress its activities recorded, not the workflow: the last record
    // must be what the workflow itself holds at the end, failed or completed.
    expect(calls.progress[orderInput.orderId]?.progress).toEqual(progress);
    const elapsedMs = (await handle.describe()).closeTime!.getTime() - startedAt;
    if (historyName) await recordHistory(historyName, handle);
    return { ...outcome, progress, calls, elapsedMs };
  });
}

describe('order workflow: vendor fulfilment', () => {
  it('places the vendor order once, polls with back-off while the vendor works, then ships', async () => {
    const run = await runOrder({ KASP: { processingPolls: 8 } }, input([part('KASP', 1, [3, 2])]), 'order-postpay-single-vendor');
    expect(run.error).toBeNull();
    expect(run.result).toMatchObject({ status: 'completed', archiveDocumentId: 'doc-1', keyCount: 5 });
    expect(run.calls.placed).toEqual(['KASP']);
    expect(run.calls.polls.KASP).toBe(9);
    expect(run.calls.statuses).toEqual(['fulfilling', 'keys_received', 'shipped', 'completed']);
    expect(run.calls.archives).toBe(2); // once with the keys, once more with the act
    // 1+2+4+8+16+32+60+60 seconds of back-off, skipped rather than waited.
    expect(run.elapsedMs).toBeGreaterThanOrEqual(183_000);
    const steps = run.progress.timeline.map((e) => e.step);
    expect(steps.slice(0, 5)).toEqual(['submitted', 'sent_to_vendor', 'keys_received', 'shipped', 'invoice_requested']);
    // The key letter, the act and the payment proceed side by side; all three end the order.
    expect(steps.slice(5).sort()).toEqual(['act_issued', 'keys_mailed', 'paid']);
    expect(run.progress.awaiting).toBeNull();
  });

  it('fulfils each vendor in its own child workflow and ships when all are done', async () => {
    const orderInput = input([part('KASP', 1, [1]), part('ADBE', 2, [4]), part('DRWEB', 3, [2, 2])]);
    const run = await runOrder({ KASP: { processingPolls: 0 }, ADBE: { processingPolls: 5 }, DRWEB: { processingPolls: 2 } }, orderInput, 'order-postpay-three-vendors');
    expect(run.result?.keyCount).toBe(9);
    expect(run.calls.placed.sort()).toEqual(['ADBE', 'DRWEB', 'KASP']);
    const steps = run.progress.timeline.map((e) => `${e.step}:${e.detail ?? ''}`);
    expect(steps.filter((s) => s.startsWith('keys_received'))).toHaveLength(3);
    // The slowest vendor answers last, and shipping waits for it.
    const shippedAt = steps.indexOf('shipped:');
    expect(steps[shippedAt - 1]).toBe('keys_received:ADBE');
    for (const code of ['KASP', 'ADBE', 'DRWEB']) {
      const child = env.client.workflow.getHandle(`order-${orderInput.orderNumber}-vendor-${code}`);
      expect((await child.describe()).status.name).toBe('COMPLETED');
      await recordHistory(`vendor-fulfillment-api-${code.toLowerCase()}`, child);
    }
  });

  it('rides out a vendor outage with retries and still ships once', async () => {
    const run = await runOrder({ KASP: { processingPolls: 1, outages: 4 } }, input([part('KASP', 1, [1])]), 'order-postpay-vendor-outage');
    expect(run.result?.status).toBe('completed');
    expect(run.calls.placed).toEqual(['KASP']);
    expect(run.calls.polls.KASP).toBe(6);
    expect(run.calls.archives).toBe(2);
  });

  it('notes on the timeline when the key letter went out (patch order-keys-mailed-step)', async () => {
    // Its history carries the patch marker; the histories recorded before the patch have none and still replay.
    const run = await runOrder({ KASP: { processingPolls: 0 } }, input([part('KASP', 1, [2])]), 'order-postpay-keys-mailed');
    expect(run.result?.status).toBe('completed');
    const steps = run.progress.timeline.map((e) => e.step);
    expect(steps.filter((s) => s === 'keys_mailed')).toHaveLength(1);
    expect(steps.indexOf('keys_mailed')).toBeGreaterThan(steps.indexOf('shipped'));
  });

  it('mails the act to the dealer once 1C has numbered it, and completes after that letter (patch order-act-mailed)', async () => {
    // Its history carries the patch marker; the histories recorded before the patch have none and still replay.
    const orderInput = input([part('KASP', 1, [1])]);
    const run = await runOrder({ KASP: { processingPolls: 0 } }, orderInput, 'order-postpay-act-mailed');
    expect(run.result?.status).toBe('completed');
    expect(run.calls.actMails).toEqual([orderInput.orderId]);
    expect(run.calls.archiveMails).toEqual([orderInput.orderId]);
  });

  it('records its progress for the order page, a vendor that delivers first included (patch order-progress-projection)', async () => {
    // Its history carries the patch marker and the local activities; older histories have neither and still replay.
    const orderInput = input([part('KASP', 1, [1]), part('ADBE', 2, [1])]);
    const { activities, calls } = createFakes({ vendors: { KASP: { processingPolls: 0 }, ADBE: { processingPolls: 3 } }, calendar, client: env.client, instantOneC: true });
    const seen: Array<{ status: string; steps: string[]; awaiting: unknown }> = [];
    const recordOrderProgress = activities.recordOrderProgress!;
    activities.recordOrderProgress = async (snapshot) => {
      seen.push({ status: snapshot.progress.status, steps: snapshot.progress.timeline.map((e) => `${e.step}:${e.detail ?? ''}`), awaiting: snapshot.progress.awaiting });
      return recordOrderProgress(snapshot);
    };
    const taskQueue = `test-${orderInput.orderNumber}`;
    const worker = await createTestWorker(env, bundle, taskQueue, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(order, { taskQueue, workflowId: orderWorkflowId(orderInput.orderNumber), args: [orderInput] });
      expect((await handle.result()).status).toBe('completed');
      expect(calls.progress[orderInput.orderId]?.progress).toEqual(await handle.query(orderProgressQuery));
      await recordHistory('order-postpay-progress-projection', handle);
    });
    // KASP delivered while ADBE was still working: the page learnt of it before the status changed.
    // What it waits for is a code with the vendors as codes: the page words it (and drops KASP, whose keys are in).
    expect(seen[0]).toEqual({ status: 'fulfilling', steps: ['submitted:', 'sent_to_vendor:KASP', 'sent_to_vendor:ADBE', 'keys_received:KASP'], awaiting: { code: 'vendor_keys', vendors: ['KASP', 'ADBE'] } });
    expect(seen.some((s) => s.steps.includes('invoice_requested:'))).toBe(true);
  });

  it('marks the order failed, with the reason on its timeline, when the vendor rejects it', async () => {
    const run = await runOrder({ KASP: { processingPolls: 0, reject: 'end-user INN is missing' } }, input([part('KASP', 1, [1])]), 'order-postpay-vendor-rejects');
    expect(run.error).toBeInstanceOf(WorkflowFailedError);
    expect(run.calls.statuses).toEqual(['fulfilling', 'failed']);
    expect(run.calls.archives).toBe(0);
    expect(run.progress.status).toBe('failed');
    expect(run.progress.timeline.at(-1)?.step).toBe('failed');
    expect(run.progress.timeline.at(-1)?.detail).toBe('end-user INN is missing');
    expect(run.progress.awaiting).toEqual({ code: 'staff_review' });
  });
});

describe('an API vendor that takes hours', () => {
  it('escalates past the SLA, keeps polling across continued runs, and still ships', async () => {
    const orderInput = input([{ ...part('SLOW', 4, [1]), slaHours: 1 }]);
    // About seven hours of "processing" at the one-minute pace: more polls than one run keeps.
    const { activities, calls } = createFakes({ vendors: { SLOW: { processingPolls: 450 } }, calendar, client: env.client, instantOneC: true });
    const taskQueue = `test-${orderInput.orderNumber}`;
    const worker = await createTestWorker(env, bundle, taskQueue, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(order, { taskQueue, workflowId: orderWorkflowId(orderInput.orderNumber), args: [orderInput] });
      expect(await handle.result()).toMatchObject({ status: 'completed', keyCount: 1 });
    });
    expect(calls.placed).toEqual(['SLOW']); // placed once, whatever the number of runs
    expect(calls.polls.SLOW).toBe(451);
    expect(calls.escalations).toEqual(['SLOW']); // once, though the wait spans several runs
    const child = env.client.workflow.getHandle(`order-${orderInput.orderNumber}-vendor-SLOW`);
    const history = await child.fetchHistory();
    // The run that finished was continued from an earlier one.
    expect(history.events![0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId).toBeTruthy();
    expect(history.events!.length).toBeLessThan(2_000);
    await recordHistory('vendor-fulfillment-api-continued', child);
  });
});
