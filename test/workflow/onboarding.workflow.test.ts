import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { onboarding } from '../../src/workflows/accounts/onboarding';
import {
  decideDealerUpdate,
  onboardingStateQuery,
  onboardingWorkflowId,
  type DealerApproval,
  type DealerRejection,
} from '../../src/workflows/accounts/onboarding.contract';
import { passwordReset } from '../../src/workflows/accounts/password-reset';
import { passwordResetWorkflowId } from '../../src/workflows/accounts/password-reset.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/**
 * Dealer onboarding on the time-skipping server. Updates and results go through a plain client:
 * waiting through the test environment's own client lets the server skip time, and it would jump
 * past the reminder before a decision arrives.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let plain: Client;
const TASK_QUEUE = 'onboarding-tests';

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
});
afterAll(async () => env?.teardown());

let seq = 0;
const nextDealerId = () => `00000000-0000-0000-0000-0000000005${String(++seq).padStart(2, '0')}`;
const staff = { userId: '00000000-0000-0000-0000-00000000aaaa', ip: '127.0.0.1' };
const approval: DealerApproval = {
  decision: 'approve',
  priceGroupId: 1,
  settlementScheme: 'postpay',
  creditLimitKopecks: 50_000_000,
  segments: ['edu'],
  authorizedVendors: ['KASP', 'DRWEB'],
  decidedBy: staff,
};
const rejection: DealerRejection = { decision: 'reject', reason: 'ИНН принадлежит другой организации', decidedBy: staff };

async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startOnboarding(fakes: ReturnType<typeof createFakes>) {
  const dealerId = nextDealerId();
  const handle = await env.client.workflow.start(onboarding, { taskQueue: TASK_QUEUE, workflowId: onboardingWorkflowId(dealerId), args: [{ dealerId }] });
  await eventually(() => fakes.calls.registrationMails.includes(dealerId), 'the "received" letter');
  return { dealerId, handle, plainHandle: plain.workflow.getHandle<typeof onboarding>(handle.workflowId) };
}

describe('onboarding', () => {
  it('approve: staff task and "received" letter, then the decision is applied and mailed', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { dealerId, handle, plainHandle } = await startOnboarding(fakes);
      expect(fakes.calls.approvalTasks).toEqual([dealerId]);
      expect((await plainHandle.query(onboardingStateQuery)).status).toBe('awaiting_decision');

      const outcome = await plainHandle.executeUpdate(decideDealerUpdate, { args: [approval] });
      expect(outcome).toEqual({ status: 'approved', applied: true });
      expect(await plainHandle.result()).toEqual({ status: 'approved', applied: true });
      expect(fakes.calls.decisions).toEqual([{ dealerId, decision: approval }]);
      expect(fakes.calls.decisionMails).toEqual([{ dealerId, status: 'approved' }]);
      expect(fakes.calls.approvalReminders).toEqual([]);
      expect((await plainHandle.query(onboardingStateQuery)).status).toBe('approved');
      await recordHistory('onboarding-approved', handle);
    });
  });

  it('reject: the reason goes with the decision, and the dealer is told', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { dealerId, handle, plainHandle } = await startOnboarding(fakes);
      expect(await plainHandle.executeUpdate(decideDealerUpdate, { args: [rejection] })).toEqual({ status: 'rejected', applied: true });
      await plainHandle.result();
      expect(fakes.calls.decisions).toEqual([{ dealerId, decision: rejection }]);
      expect(fakes.calls.decisionMails).toEqual([{ dealerId, status: 'rejected' }]);
      await recordHistory('onboarding-rejected', handle);
    });
  });

  it('two decisions at once: the first stands, the second is refused', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { plainHandle } = await startOnboarding(fakes);
      const results = await Promise.allSettled([
        plainHandle.executeUpdate(decideDealerUpdate, { args: [approval] }),
        plainHandle.executeUpdate(decideDealerUpdate, { args: [rejection] }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(WorkflowUpdateFailedError);
      await plainHandle.result();
      expect(fakes.calls.decisions).toHaveLength(1);
      expect(fakes.calls.decisionMails).toHaveLength(1);
    });
  });

  it('nobody decides for two banking days: staff are reminded once, and the decision is still awaited', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { dealerId, handle, plainHandle } = await startOnboarding(fakes);
      const { remindAt } = await plainHandle.query(onboardingStateQuery);
      const untilReminder = Date.parse(remindAt!) - (await env.currentTimeMs());
      // At least two whole days: two banking days end no sooner.
      expect(untilReminder).toBeGreaterThan(2 * 24 * 60 * 60 * 1000);

      await env.sleep(untilReminder - 60 * 60 * 1000);
      expect(fakes.calls.approvalReminders).toEqual([]);
      await env.sleep(2 * 60 * 60 * 1000);
      await eventually(() => fakes.calls.approvalReminders.length > 0, 'the reminder');
      expect(fakes.calls.approvalReminders).toEqual([dealerId]);
      expect((await plainHandle.query(onboardingStateQuery)).reminded).toBe(true);

      await env.sleep('7 days');
      expect(fakes.calls.approvalReminders).toEqual([dealerId]); // once, not every day
      expect(await plainHandle.executeUpdate(decideDealerUpdate, { args: [approval] })).toEqual({ status: 'approved', applied: true });
      await plainHandle.result();
      expect(fakes.calls.decisionMails).toEqual([{ dealerId, status: 'approved' }]);
      await recordHistory('onboarding-reminded', handle);
    });
  });
});

describe('password reset', () => {
  it('hands the request to the activity that finds the account and mails the link', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const requestId = '6f1c2b9e-0000-4000-8000-000000000001';
      const handle = await env.client.workflow.start(passwordReset, { taskQueue: TASK_QUEUE, workflowId: passwordResetWorkflowId(requestId), args: [{ requestId, login: 'dealer@example.test' }] });
      expect(await plain.workflow.getHandle<typeof passwordReset>(handle.workflowId).result()).toEqual({ mailed: 1 });
      expect(fakes.calls.passwordResetRequests).toEqual(['dealer@example.test']);
      await recordHistory('password-reset', handle);
    });
  });
});
