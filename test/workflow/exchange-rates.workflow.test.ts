import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshExchangeRates } from '../../src/workflows/rates/exchange-rates';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
});
afterAll(async () => env?.teardown());

describe('refreshExchangeRates', () => {
  it('keeps retrying through a Central Bank outage for hours, skipped rather than waited', async () => {
    let attempts = 0;
    const worker = await createTestWorker(env, bundle, 'rates', {
      async refreshCbrRates() {
        attempts += 1;
        if (attempts <= 4) throw ApplicationFailure.retryable('the Central Bank answered 503', 'CbrUnavailable');
        return { date: '2026-11-28', rate: '79.9000' };
      },
    });
    await worker.runUntil(async () => {
      const started = await env.currentTimeMs();
      const handle = await env.client.workflow.start(refreshExchangeRates, { taskQueue: 'rates', workflowId: 'rates-test' });
      expect(await handle.result()).toEqual({ date: '2026-11-28', rate: '79.9000' });
      // Back-off 1, 2, 4, 8 minutes between the five attempts.
      expect((await handle.describe()).closeTime!.getTime() - started).toBeGreaterThanOrEqual(15 * 60_000);
      await recordHistory('refresh-exchange-rates-after-outage', handle);
    });
    expect(attempts).toBe(5);
  });
});
