import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { order } from '../../src/workflows/orders/order';
import { orderProgressQuery, orderWorkflowId, releasePolicyHoldUpdate, type OrderWorkflowInput } from '../../src/workflows/orders/order.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/**
 * The licence policy is checked once more inside the order workflow, just before vendors are
 * asked: an order that no longer passes waits for staff to let it go on or cancel it.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let calendar: BankingCalendar;
// A plain client: waiting through it does not make the test server skip time.
let plain: Client;

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  calendar = await loadProductionCalendar();
  plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
});
afterAll(async () => env?.teardown());

let seq = 0;
const postpayOrder = (): OrderWorkflowInput => {
  seq += 1;
  return {
    orderId: `00000000-0000-0000-0000-0000000070${String(seq).padStart(2, '0')}`,
    orderNumber: `SID-97${String(seq).padStart(5, '0')}`,
    dealerId: 'dealer-1',
    scheme: 'postpay',
    vendors: [{ vendorId: 1, vendorCode: 'KASP', adapterKind: 'api', lines: [{ orderLineId: `line-${seq}`, partNumber: 'KL4863RAKFS', quantity: 7 }] }],
  };
};
const staff = { userId: '00000000-0000-0000-0000-00000000aaaa', login: 'staff' };

async function untilHeld(workflowId: string) {
  const handle = plain.workflow.getHandle(workflowId);
  for (let i = 0; i < 200; i++) {
    const progress = await handle.query(orderProgressQuery);
    if (progress.timeline.some((e) => e.step === 'policy_hold')) return progress;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${workflowId} was never held`);
}

describe('licence policy re-check in the order workflow', () => {
  it('ships at once when the order still passes', async () => {
    const input = postpayOrder();
    const fakes = createFakes({ vendors: { KASP: { processingPolls: 0 } }, calendar, client: env.client, instantOneC: true });
    const worker = await createTestWorker(env, bundle, 'policy-ok', fakes.activities as Partial<Activities>);
    const result = await worker.runUntil(async () => {
      await env.client.workflow.start(order, { taskQueue: 'policy-ok', workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      return plain.workflow.getHandle<typeof order>(orderWorkflowId(input.orderNumber)).result();
    });
    expect(result.status).toBe('completed');
    expect(fakes.calls.policyRechecks).toEqual([input.orderId]);
    expect(fakes.calls.placed).toEqual(['KASP']);
  });

  it('holds an order that no longer passes, sends nothing to the vendor, and goes on when staff say so', async () => {
    const input = postpayOrder();
    const problem = 'KL4863RAKFS: Правило «Кратность 5»: количество должно быть кратно 5';
    const fakes = createFakes({ vendors: { KASP: { processingPolls: 0 } }, calendar, client: env.client, instantOneC: true, policyProblems: { [input.orderId]: [problem] } });
    const worker = await createTestWorker(env, bundle, 'policy-proceed', fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const workflowId = orderWorkflowId(input.orderNumber);
      await env.client.workflow.start(order, { taskQueue: 'policy-proceed', workflowId, args: [input] });
      const held = await untilHeld(workflowId);
      expect(held.awaiting).toEqual({ code: 'staff_decision' });
      expect(held.timeline.find((e) => e.step === 'policy_hold')?.detail).toBe(problem);
      // A day on hold: nothing reaches the vendor meanwhile.
      await env.sleep('1 day');
      expect(fakes.calls.placed).toEqual([]);
      // The order page, which reads the recorded progress, shows the hold and the wait for staff.
      expect(fakes.calls.progress[input.orderId]?.progress).toEqual(await plain.workflow.getHandle(workflowId).query(orderProgressQuery));
      expect(fakes.calls.progress[input.orderId]?.progress).toMatchObject({ awaiting: { code: 'staff_decision' } });

      await plain.workflow.getHandle(workflowId).executeUpdate(releasePolicyHoldUpdate, { args: [{ decision: 'proceed', decidedBy: staff }] });
      const result = await plain.workflow.getHandle<typeof order>(workflowId).result();
      expect(result.status).toBe('completed');
      expect(fakes.calls.placed).toEqual(['KASP']);
      const { timeline } = await plain.workflow.getHandle(workflowId).query(orderProgressQuery);
      expect(timeline.map((e) => e.step).slice(0, 4)).toEqual(['submitted', 'policy_hold', 'policy_hold_released', 'sent_to_vendor']);
      // Who decided what, as a code with the login: no sentence in the workflow's state.
      expect(timeline[2]).toEqual({ step: 'policy_hold_released', at: expect.any(String), reason: { code: 'staff_decision', decision: 'proceed', login: 'staff' } });
      await recordHistory('order-policy-hold-proceed', plain.workflow.getHandle(workflowId));
    });
  });

  it('cancels a held order when staff say so, and refuses a second decision', async () => {
    const input = postpayOrder();
    const fakes = createFakes({ vendors: { KASP: { processingPolls: 0 } }, calendar, client: env.client, instantOneC: true, policyProblems: { [input.orderId]: ['дилер больше не одобрен (статус: suspended)'] } });
    const worker = await createTestWorker(env, bundle, 'policy-cancel', fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const workflowId = orderWorkflowId(input.orderNumber);
      await env.client.workflow.start(order, { taskQueue: 'policy-cancel', workflowId, args: [input] });
      await untilHeld(workflowId);
      const handle = plain.workflow.getHandle<typeof order>(workflowId);
      await handle.executeUpdate(releasePolicyHoldUpdate, { args: [{ decision: 'cancel', decidedBy: staff }] });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', keyCount: 0 });
      expect(fakes.calls.cancelled).toEqual([input.orderId]);
      expect(fakes.calls.placed).toEqual([]);
      expect(fakes.calls.progress[input.orderId]?.progress).toEqual(await handle.query(orderProgressQuery));
      expect(fakes.calls.progress[input.orderId]?.progress).toMatchObject({ status: 'cancelled', awaiting: null });
      const { timeline } = await handle.query(orderProgressQuery);
      expect(timeline.slice(-2).map((e) => e.reason)).toEqual([{ code: 'staff_decision', decision: 'cancel', login: 'staff' }, { code: 'policy_hold_cancelled' }]);
      const again = handle.executeUpdate(releasePolicyHoldUpdate, { args: [{ decision: 'proceed', decidedBy: staff }] });
      await expect(again).rejects.toThrow();
      await recordHistory('order-policy-hold-cancel', handle);
    });
  });

  it('refuses a decision for an order that is not on hold', async () => {
    const input = postpayOrder();
    const fakes = createFakes({ vendors: { KASP: { processingPolls: 3 } }, calendar, client: env.client, instantOneC: true });
    const worker = await createTestWorker(env, bundle, 'policy-none', fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const workflowId = orderWorkflowId(input.orderNumber);
      await env.client.workflow.start(order, { taskQueue: 'policy-none', workflowId, args: [input] });
      const refused = plain.workflow.getHandle(workflowId).executeUpdate(releasePolicyHoldUpdate, { args: [{ decision: 'cancel', decidedBy: staff }] });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      // The test environment's own client lets time skip through the vendor's polling back-off.
      const result = await env.client.workflow.getHandle<typeof order>(workflowId).result();
      expect(result.status).toBe('completed');
      expect(fakes.calls.cancelled).toEqual([]);
    });
  });
});
