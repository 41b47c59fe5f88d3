import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalTestServerPath } from '../../scripts/lib/tools';
import type { Activities } from '../../src/activities';
import { workflowsPath } from '../../src/worker';
import { registerSearchAttributes } from '../../temporal-config/dev-server';
import { invoiceNumberAssignedSignal, invoicePaymentsChangedSignal } from '../../src/workflows/billing/invoice.contract';
import type { FakeInvoice } from './fake-activities';

/**
 * The time-skipping test server with SID's search attributes, and the workflow code bundled once.
 * `SID_TEST_DAYS_AHEAD=400` starts the server's clock that many days after today, to show the
 * workflow tests hold on any date (they read "today" from the server, never from a literal).
 */
export async function createWorkflowTestEnv(): Promise<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const daysAhead = Number(process.env.SID_TEST_DAYS_AHEAD ?? 0);
  if (!Number.isSafeInteger(daysAhead) || daysAhead < 0) throw new Error(`SID_TEST_DAYS_AHEAD must be a whole number of days, got ${process.env.SID_TEST_DAYS_AHEAD}`);
  if (daysAhead > 0) await env.sleep(`${daysAhead} days`);
  const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: silent as never });
  return { env, bundle };
}

export function createTestWorker(env: TestWorkflowEnvironment, bundle: WorkflowBundleWithSourceMap, taskQueue: string, activities: Partial<Activities>) {
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
}

/**
 * Plays 1C for the invoice workflows: waits until an invoice is registered in the fake books,
 * then numbers it and, when asked, pays it. Signals go through the real test server.
 */
export async function waitForInvoice(books: { invoices: Map<string, FakeInvoice> }, workflowId: string, timeoutMs = 20_000): Promise<FakeInvoice> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = [...books.invoices.values()].find((i) => i.workflowId === workflowId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`invoice ${workflowId} was never registered`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function numberInvoice(env: TestWorkflowEnvironment, workflowId: string, number: string, date: string): Promise<void> {
  await env.client.workflow.getHandle(workflowId).signal(invoiceNumberAssignedSignal, { number, date });
}

export async function pay(env: TestWorkflowEnvironment, invoice: FakeInvoice, kopecks: number): Promise<void> {
  invoice.paidKopecks += kopecks;
  await env.client.workflow.getHandle(invoice.workflowId).signal(invoicePaymentsChangedSignal);
}
