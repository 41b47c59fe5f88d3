import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshBikDirectoryWorkflow } from '../../src/workflows/requisites/bik-directory';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv } from '../support/workflow-env';

// The `bik-directory` schedule's workflow: the Central Bank's BIK directory into the database.
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
});
afterAll(async () => env?.teardown());

describe('refreshBikDirectoryWorkflow', () => {
  it('keeps retrying through a Central Bank outage, skipped rather than waited', async () => {
    let attempts = 0;
    const worker = await createTestWorker(env, bundle, 'bik', {
      async refreshBikDirectory() {
        attempts += 1;
        if (attempts <= 3) throw ApplicationFailure.retryable('the Central Bank answered 503', 'CbrUnavailable');
        // A fixed date on purpose: the directory's business day as the activity reports it; the workflow only passes it on.
        return { status: 'imported', date: '2026-12-01', entries: 10, removed: 0 };
      },
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(refreshBikDirectoryWorkflow, { taskQueue: 'bik', workflowId: 'bik-test' });
      expect(await handle.result()).toEqual({ status: 'imported', date: '2026-12-01' });
      await recordHistory('refresh-bik-directory-after-outage', handle);
    });
    expect(attempts).toBe(4);
  });

  it('does not retry a directory that does not read or an address the guard refuses', async () => {
    let attempts = 0;
    const worker = await createTestWorker(env, bundle, 'bik-bad', {
      async refreshBikDirectory() {
        attempts += 1;
        throw ApplicationFailure.nonRetryable('BIK directory (ED807): the root element is <html>, not <ED807>', 'BikDirectoryUnreadable');
      },
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(refreshBikDirectoryWorkflow, { taskQueue: 'bik-bad', workflowId: 'bik-bad-test' });
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    });
    expect(attempts).toBe(1);
  });
});
