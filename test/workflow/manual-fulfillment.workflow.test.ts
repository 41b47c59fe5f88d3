import { Client, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { order } from '../../src/workflows/orders/order';
import {
  cancelFulfillmentSignal,
  keysEnteredSignal,
  orderProgressQuery,
  orderWorkflowId,
  vendorFulfillmentWorkflowId,
  type OrderWorkflowInput,
} from '../../src/workflows/orders/order.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/** A vendor without an API: staff enter the keys; past the SLA the task is escalated and still awaited. */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
});
afterAll(async () => env?.teardown());

let seq = 0;
function manualOrder(): OrderWorkflowInput {
  seq += 1;
  return {
    orderId: `00000000-0000-0000-0000-00000000070${seq}`,
    orderNumber: `SID-700000${seq}`,
    dealerId: 'dealer-1',
    scheme: 'postpay',
    vendors: [{ vendorId: 9, vendorCode: 'CONSU', adapterKind: 'manual', slaHours: 24, lines: [{ orderLineId: `m-${seq}`, partNumber: 'CO-1', quantity: 2 }] }],
  };
}
// A plain client: waiting on a result through it does not make the test server skip time.
const resultOf = (workflowId: string) => new Client({ connection: env.connection }).workflow.getHandle<typeof order>(workflowId).result();

describe('manual vendor', () => {
  it('waits for staff to enter every key, escalating after the SLA, then ships', async () => {
    const input = manualOrder();
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true });
    const worker = await createTestWorker(env, bundle, 'manual', fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: 'manual', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const child = env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'CONSU'));
      await env.sleep('23 hours');
      expect(fakes.calls.manualRequests).toEqual(['CONSU']);
      expect(fakes.calls.escalations).toEqual([]);
      await env.sleep('2 hours');
      expect(fakes.calls.escalations).toEqual(['CONSU']);

      // One key of two: not complete yet.
      fakes.books.enteredKeys.set('m-1', 1);
      await child.signal(keysEnteredSignal);
      await env.sleep('1 hour');
      expect((await handle.query(orderProgressQuery)).status).toBe('fulfilling');

      fakes.books.enteredKeys.set('m-1', 2);
      await child.signal(keysEnteredSignal);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed', keyCount: 2 });
      expect(fakes.calls.escalations).toEqual(['CONSU']); // escalated once, not every day
      await recordHistory('vendor-fulfillment-manual-escalated', child);
    });
  });

  it('fails the order with the reason on its timeline when staff cancel the vendor', async () => {
    const input = manualOrder();
    const fakes = createFakes({ calendar: await loadProductionCalendar(), client: env.client, instantOneC: true });
    const worker = await createTestWorker(env, bundle, 'manual', fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: 'manual', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      await env.sleep('1 hour');
      await env.client.workflow.getHandle(vendorFulfillmentWorkflowId(input.orderNumber, 'CONSU')).signal(cancelFulfillmentSignal, { reason: 'вендор прекратил продажи' });
      await expect(resultOf(handle.workflowId)).rejects.toBeInstanceOf(WorkflowFailedError);
      const progress = await handle.query(orderProgressQuery);
      expect(progress.status).toBe('failed');
      expect(progress.timeline.at(-1)?.detail).toBe('staff cancelled CONSU: вендор прекратил продажи');
      expect(fakes.calls.archives).toBe(0);
    });
  });
});
