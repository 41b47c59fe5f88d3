/**
 * The shape of a workflow run as its history records it, children included: how many activities,
 * local activities, child workflows, timers and signals it took. The order benchmark compares a
 * real order's shape with its no-op ceiling's, so that the ratio compares like with like.
 */
import type { Client } from '@temporalio/client';

export interface HistoryShape {
  activities: number;
  localActivities: number;
  children: number;
  timers: number;
  signals: number;
  /** Each activity type and child workflow type with its count, e.g. `order/recordOrderStatus: 3`. */
  steps: Record<string, number>;
}

const empty = (): HistoryShape => ({ activities: 0, localActivities: 0, children: 0, timers: 0, signals: 0, steps: {} });

export async function historyShape(client: Client, workflowId: string, into: HistoryShape = empty()): Promise<HistoryShape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  const step = (name: string) => {
    const key = `${type}/${name}`;
    into.steps[key] = (into.steps[key] ?? 0) + 1;
  };
  const childIds: string[] = [];
  for (const event of history.events ?? []) {
    if (event.activityTaskScheduledEventAttributes) {
      into.activities += 1;
      step(event.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    } else if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      into.localActivities += 1;
      step('local activity');
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      into.children += 1;
      step(`child ${event.startChildWorkflowExecutionInitiatedEventAttributes.workflowType?.name ?? '?'}`);
      childIds.push(event.startChildWorkflowExecutionInitiatedEventAttributes.workflowId!);
    } else if (event.timerStartedEventAttributes) {
      into.timers += 1;
      step('timer');
    } else if (event.workflowExecutionSignaledEventAttributes) {
      into.signals += 1;
      step(`signal ${event.workflowExecutionSignaledEventAttributes.signalName}`);
    }
  }
  for (const id of childIds) await historyShape(client, id, into);
  return into;
}

/** One line for the results table: `9 activities, 2 local, 2 children, 2 timers, 0 signals`. */
export const describeShape = (s: HistoryShape) =>
  `${s.activities} activities, ${s.localActivities} local activities, ${s.children} children, ${s.timers} timers, ${s.signals} signals`;

/** Same counts, activity for activity, whatever the names. */
export const sameShape = (a: HistoryShape, b: HistoryShape) =>
  a.activities === b.activities && a.localActivities === b.localActivities && a.children === b.children && a.timers === b.timers && a.signals === b.signals;
