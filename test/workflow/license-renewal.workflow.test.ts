import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import { addDays, licenseLapsesAt, renewalReminderAt } from '../../src/domain/license-term';
import { moscowDateOf } from '../../src/domain/moscow-time';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { licenseRenewal } from '../../src/workflows/licenses/license-renewal';
import { licenseRenewalWorkflowId, licenseRenewedSignal } from '../../src/workflows/licenses/license-renewal.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

/**
 * A licence's renewal process on the time-skipping server: the test moves the clock with
 * env.sleep and checks what the workflow did and when (the fakes stamp each letter with the
 * server's time). Results are awaited through a plain client, which does not skip time.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let plain: Client;
const TASK_QUEUE = 'license-renewal-tests';
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
});
afterAll(async () => env?.teardown());

let seq = 0;
const nextLicenseId = () => `00000000-0000-0000-0000-0000000007${String(++seq).padStart(2, '0')}`;

async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves the server's clock to `at` (plus a minute, for the workflow task to run). */
async function skipTo(at: Date): Promise<void> {
  const now = await env.currentTimeMs();
  await env.sleep(Math.max(1, at.getTime() - now + 60_000));
}

/** A licence whose term ends `daysAhead` days from the server's today. */
async function startLicense(daysAhead: number): Promise<{ licenseId: string; endsOn: string; handle: WorkflowHandle<typeof licenseRenewal> }> {
  const licenseId = nextLicenseId();
  const endsOn = addDays(moscowDateOf(await env.currentTimeMs()), daysAhead);
  const started = await env.client.workflow.start(licenseRenewal, { taskQueue: TASK_QUEUE, workflowId: licenseRenewalWorkflowId(licenseId), args: [{ licenseId, endsOn }] });
  return { licenseId, endsOn, handle: plain.workflow.getHandle<typeof licenseRenewal>(started.workflowId) };
}

/** The letter was scheduled at the milestone itself, not a day late (within the minute skipTo adds). */
const atMilestone = (stamp: string, milestone: Date) => {
  const late = Date.parse(stamp) - milestone.getTime();
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(2 * 60_000);
};

describe('licence renewal', () => {
  it('reminds 30 and 7 days before the last day, then marks the licence lapsed and says so', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { licenseId, endsOn, handle } = await startLicense(90);
      const thirty = renewalReminderAt(endsOn, 30);
      const seven = renewalReminderAt(endsOn, 7);

      // A day before the 30-day point: nothing yet.
      await skipTo(new Date(thirty.getTime() - DAY));
      expect(fakes.calls.renewalReminders).toEqual([]);

      await skipTo(thirty);
      await eventually(() => fakes.calls.renewalReminders.length === 1, 'the 30-day reminder');
      expect(fakes.calls.renewalReminders[0]).toMatchObject({ licenseId, daysBefore: 30 });
      atMilestone(fakes.calls.renewalReminders[0]!.at, thirty);

      await skipTo(new Date(seven.getTime() - DAY));
      expect(fakes.calls.renewalReminders).toHaveLength(1);
      await skipTo(seven);
      await eventually(() => fakes.calls.renewalReminders.length === 2, 'the 7-day reminder');
      expect(fakes.calls.renewalReminders[1]).toMatchObject({ licenseId, daysBefore: 7 });
      atMilestone(fakes.calls.renewalReminders[1]!.at, seven);

      // Still valid on its last day.
      await skipTo(new Date(licenseLapsesAt(endsOn).getTime() - 2 * 60 * 60 * 1000));
      expect(fakes.calls.lapsed).toEqual([]);
      await skipTo(licenseLapsesAt(endsOn));
      expect(await handle.result()).toEqual({ outcome: 'lapsed', reminded: [30, 7] });
      expect(fakes.calls.lapsed).toEqual([licenseId]);
      expect(fakes.calls.lapseMails).toHaveLength(1);
      atMilestone(fakes.calls.lapseMails[0]!.at, licenseLapsesAt(endsOn));
      await recordHistory('license-renewal-lapsed', handle);
    });
  });

  it('a licence renewed before the 30-day point sends no reminder and completes renewed', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { endsOn, handle } = await startLicense(365);
      await skipTo(new Date(renewalReminderAt(endsOn, 30).getTime() - 10 * DAY));
      await handle.signal(licenseRenewedSignal, { orderNumber: 'SID-2026-000777' });
      expect(await handle.result()).toEqual({ outcome: 'renewed', reminded: [] });
      expect(fakes.calls.renewalReminders).toEqual([]);
      expect(fakes.calls.lapsed).toEqual([]);
      expect(fakes.calls.lapseMails).toEqual([]);
      await recordHistory('license-renewal-renewed-early', handle);
    });
  });

  it('renewed between the reminders: the 30-day one went out, the 7-day one does not, and it never lapses', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { licenseId, endsOn, handle } = await startLicense(60);
      await skipTo(renewalReminderAt(endsOn, 30));
      await eventually(() => fakes.calls.renewalReminders.length === 1, 'the 30-day reminder');
      await skipTo(renewalReminderAt(endsOn, 20));
      await handle.signal(licenseRenewedSignal, { orderNumber: 'SID-2026-000778' });
      expect(await handle.result()).toEqual({ outcome: 'renewed', reminded: [30] });
      expect(fakes.calls.renewalReminders.map((r) => [r.licenseId, r.daysBefore])).toEqual([[licenseId, 30]]);
      expect(fakes.calls.lapsed).toEqual([]);
      await recordHistory('license-renewal-renewed-between', handle);
    });
  });

  it('a renewal recorded in the books whose signal never came: completes renewed, no lapse letter', async () => {
    const fakes = createFakes({ calendar: await loadProductionCalendar() });
    fakes.activities.markLicenseLapsed = async () => ({ lapsed: false });
    const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
    await worker.runUntil(async () => {
      const { endsOn, handle } = await startLicense(10);
      // Ten days left at the start: the 30-day reminder would be untrue and is skipped, the 7-day one goes out.
      await skipTo(licenseLapsesAt(endsOn));
      expect(await handle.result()).toEqual({ outcome: 'renewed', reminded: [7] });
      expect(fakes.calls.lapseMails).toEqual([]);
    });
  });
});
