/**
 * An order's process in business terms for staff (issue 17): from the events of its Temporal
 * workflows (steps, waits, retries, signals and decisions received) and the audit log (who
 * decided what). Pure: the adapter reads the histories and hands over plain events; the web app
 * words each entry by its codes.
 */

/** One event of a workflow history, as plain values (src/infra/temporal-history.ts makes them). */
export type PlainHistoryEvent =
  | { type: 'started'; at: string; workflowType: string }
  | { type: 'activity_scheduled'; at: string; eventId: number; activity: string }
  | { type: 'activity_started'; at: string; scheduledEventId: number; attempt: number; lastFailure: string | null }
  | { type: 'activity_completed'; at: string; scheduledEventId: number }
  | { type: 'activity_failed'; at: string; scheduledEventId: number; failure: string | null }
  | { type: 'timer_started'; at: string; eventId: number; seconds: number }
  | { type: 'timer_fired'; at: string; startedEventId: number }
  | { type: 'signal'; at: string; name: string }
  | { type: 'update'; at: string; name: string }
  | { type: 'child_started'; at: string; workflowType: string; workflowId: string }
  | { type: 'finished'; at: string; outcome: 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out' | 'continued' };

export type OrderHistoryEntry =
  | { kind: 'started'; at: string; workflow: string; workflowId: string }
  | { kind: 'step'; at: string; workflowId: string; activity: string; attempts: number; lastFailure: string | null; outcome: 'done' | 'failed' | 'running' }
  | { kind: 'wait'; at: string; workflowId: string; seconds: number; fired: boolean }
  | { kind: 'signal'; at: string; workflowId: string; name: string }
  | { kind: 'update'; at: string; workflowId: string; name: string }
  | { kind: 'child'; at: string; workflowId: string; childWorkflow: string; childWorkflowId: string }
  | { kind: 'finished'; at: string; workflowId: string; outcome: string }
  | { kind: 'decision'; at: string; action: string; actor: string | null; details: Record<string, unknown> };

/**
 * Turns one workflow's events into entries: a step is one entry however many attempts it took
 * (the attempts and the last failure say how it went), a timer is a wait, signals and updates are
 * what the workflow was told. Bookkeeping (workflow tasks, markers) is left out.
 */
export function workflowHistoryEntries(workflowId: string, events: readonly PlainHistoryEvent[]): OrderHistoryEntry[] {
  const entries: OrderHistoryEntry[] = [];
  const steps = new Map<number, Extract<OrderHistoryEntry, { kind: 'step' }>>();
  const waits = new Map<number, Extract<OrderHistoryEntry, { kind: 'wait' }>>();
  for (const e of events) {
    switch (e.type) {
      case 'started':
        entries.push({ kind: 'started', at: e.at, workflow: e.workflowType, workflowId });
        break;
      case 'activity_scheduled': {
        const step = { kind: 'step' as const, at: e.at, workflowId, activity: e.activity, attempts: 1, lastFailure: null, outcome: 'running' as const };
        steps.set(e.eventId, step);
        entries.push(step);
        break;
      }
      case 'activity_started': {
        const step = steps.get(e.scheduledEventId);
        if (step) Object.assign(step, { attempts: e.attempt, lastFailure: e.lastFailure });
        break;
      }
      case 'activity_completed': {
        const step = steps.get(e.scheduledEventId);
        if (step) step.outcome = 'done';
        break;
      }
      case 'activity_failed': {
        const step = steps.get(e.scheduledEventId);
        if (step) Object.assign(step, { outcome: 'failed', lastFailure: e.failure ?? step.lastFailure });
        break;
      }
      case 'timer_started': {
        const wait = { kind: 'wait' as const, at: e.at, workflowId, seconds: e.seconds, fired: false };
        waits.set(e.eventId, wait);
        entries.push(wait);
        break;
      }
      case 'timer_fired': {
        const wait = waits.get(e.startedEventId);
        if (wait) wait.fired = true;
        break;
      }
      case 'signal':
        entries.push({ kind: 'signal', at: e.at, workflowId, name: e.name });
        break;
      case 'update':
        entries.push({ kind: 'update', at: e.at, workflowId, name: e.name });
        break;
      case 'child_started':
        entries.push({ kind: 'child', at: e.at, workflowId, childWorkflow: e.workflowType, childWorkflowId: e.workflowId });
        break;
      case 'finished':
        entries.push({ kind: 'finished', at: e.at, workflowId, outcome: e.outcome });
        break;
    }
  }
  return entries;
}

/** Several workflows' entries and the audit log's decisions as one list in time order (stable for equal times). */
export function mergeHistory(...lists: ReadonlyArray<readonly OrderHistoryEntry[]>): OrderHistoryEntry[] {
  return lists
    .flat()
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.i - b.i))
    .map(({ entry }) => entry);
}
