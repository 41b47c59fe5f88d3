import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { order } from '../../src/workflows/orders/order';
import {
  keysEnteredSignal,
  orderProgressQuery,
  orderWorkflowId,
  retryFulfillmentSignal,
  switchToManualSignal,
  vendorFulfillmentWorkflowId,
  type OrderWorkflowInput,
  type VendorPart,
} from '../../src/workflows/orders/order.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/** E-mail vendors (request out, keys back through mail ingestion), staff retries, and switching an API vendor to manual. */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
});
afterAll(async () => env?.teardown());

let seq = 0;
function orderWith(vendor: Omit<VendorPart, 'lines'>, quantity = 2): OrderWorkflowInput & { lineId: string } {
  seq += 1;
  const lineId = `e-${seq}`;
  return {
    orderId: `00000000-0000-0000-0000-00000000080${seq}`,
    orderNumber: `SID-800000${seq}`,
    dealerId: 'dealer-1',
    scheme: 'postpay',
    vendors: [{ ...vendor, lines: [{ orderLineId: lineId, partNumber: 'AB-1', quantity }] }],
    lineId,
  };
}
const resultOf = (workflowId: string) => new Client({ connection: env.connection }).workflow.getHandle<typeof order>(workflowId).result();

async function withWorker<T>(queue: string, fakes: ReturnType<typeof createFakes>, body: () => Promise<T>): Promise<T> {
  const worker = await createTestWorker(env, bundle, queue, fakes.activities as Partial<Activities>);
  return worker.runUntil(body);
}

describe('e-mail vendor', () => {
  it('sends the request once, ships when ingestion has stored every key, and mails the dealer', async () => {
    const input = orderWith({ vendorId: 5, vendorCode: 'ABBYY', adapterKind: 'email' });
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true });
    await withWorker('email', fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: 'email', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const child = env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'ABBYY'));
      await env.sleep('3 hours');
      expect(fakes.calls.vendorRequests).toEqual([{ vendorCode: 'ABBYY', attempt: 1 }]);
      expect((await handle.query(orderProgressQuery)).status).toBe('fulfilling');

      // A reply with one key of two (ingestion stored it and woke the fulfilment): keep waiting.
      fakes.books.enteredKeys.set(input.lineId, 1);
      await child.signal(keysEnteredSignal);
      await env.sleep('1 hour');
      expect((await handle.query(orderProgressQuery)).status).toBe('fulfilling');

      fakes.books.enteredKeys.set(input.lineId, 2);
      await child.signal(keysEnteredSignal);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed', keyCount: 2 });
      expect(fakes.calls.vendorRequests).toHaveLength(1);
      expect(fakes.calls.escalations).toEqual([]);
      expect(fakes.calls.archiveMails).toEqual([input.orderId]);
      await recordHistory('vendor-fulfillment-email', child);
    });
  });

  it('escalates after the 48-hour SLA, re-sends the request when staff retry, and still takes the keys', async () => {
    const input = orderWith({ vendorId: 5, vendorCode: 'CYBER', adapterKind: 'email', slaHours: 48 }, 1);
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true });
    await withWorker('email-sla', fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: 'email-sla', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const child = env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'CYBER'));
      await env.sleep('47 hours');
      expect(fakes.calls.escalations).toEqual([]);
      await env.sleep('2 hours');
      expect(fakes.calls.escalations).toEqual(['CYBER']);

      await child.signal(retryFulfillmentSignal);
      await env.sleep('1 minute');
      expect(fakes.calls.vendorRequests).toEqual([
        { vendorCode: 'CYBER', attempt: 1 },
        { vendorCode: 'CYBER', attempt: 2 },
      ]);

      fakes.books.enteredKeys.set(input.lineId, 1);
      await child.signal(keysEnteredSignal);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed', keyCount: 1 });
      expect(fakes.calls.escalations).toEqual(['CYBER']);
      await recordHistory('vendor-fulfillment-email-retried', child);
    });
  });
});

describe('switching to manual', () => {
  it('stops polling an API vendor that never delivers and ships with the keys staff enter', async () => {
    const input = orderWith({ vendorId: 1, vendorCode: 'KASP', adapterKind: 'api' });
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true, vendors: { KASP: { processingPolls: 1_000_000 } } });
    await withWorker('switch', fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: 'switch', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const child = env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'KASP'));
      await env.sleep('10 minutes');
      await child.signal(switchToManualSignal, { reason: 'вендор не отвечает' });
      await env.sleep('1 minute');
      expect(fakes.calls.manualRequests).toEqual(['KASP']);
      const pollsAtSwitch = fakes.calls.polls.KASP ?? 0;
      await env.sleep('2 hours');
      expect(fakes.calls.polls.KASP ?? 0).toBe(pollsAtSwitch); // the vendor is left alone

      fakes.books.enteredKeys.set(input.lineId, 2);
      await child.signal(keysEnteredSignal);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed', keyCount: 2 });
      await recordHistory('vendor-fulfillment-switched-to-manual', child);
    });
  });

  it('polls an API vendor at once when staff retry, instead of at the next back-off step', async () => {
    const input = orderWith({ vendorId: 1, vendorCode: 'ESET', adapterKind: 'api' });
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true, vendors: { ESET: { processingPolls: 1_000_000 } } });
    await withWorker('retry-api', fakes, async () => {
      await env.client.workflow.start(order, { taskQueue: 'retry-api', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const child = env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'ESET'));
      await env.sleep('30 minutes'); // the back-off has reached one poll a minute
      const before = fakes.calls.polls.ESET ?? 0;
      await child.signal(retryFulfillmentSignal);
      await env.sleep('1 second');
      expect(fakes.calls.polls.ESET ?? 0).toBe(before + 1);
      await child.signal(switchToManualSignal, { reason: 'end of test' });
      fakes.books.enteredKeys.set(input.lineId, 2);
      await child.signal(keysEnteredSignal);
    });
  });
});
