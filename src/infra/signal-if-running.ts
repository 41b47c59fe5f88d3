import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';

/**
 * Wakes a workflow after the books were updated. One that has already finished needs no wake-up:
 * whatever still needs a person is in the staff queue by then.
 */
export async function signalIfRunning(temporal: Client, workflowId: string, send: (handle: WorkflowHandle) => Promise<void>): Promise<void> {
  try {
    await send(temporal.workflow.getHandle(workflowId));
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
