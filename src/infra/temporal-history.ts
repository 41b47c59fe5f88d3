/**
 * A workflow's Temporal history as plain events (src/domain/order-history.ts#PlainHistoryEvent):
 * the adapter between the protobuf history the client fetches and the pure summary.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { PlainHistoryEvent } from '../domain/order-history';

type LongLike = number | { toNumber(): number } | null | undefined;
const num = (v: LongLike): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());
const iso = (t: { seconds?: LongLike; nanos?: number | null } | null | undefined): string => new Date(num(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6)).toISOString();
const seconds = (d: { seconds?: LongLike } | null | undefined) => num(d?.seconds);

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

export function plainHistoryEvents(history: History): PlainHistoryEvent[] {
  const out: PlainHistoryEvent[] = [];
  for (const e of history.events ?? []) {
    const at = iso(e.eventTime);
    const eventId = num(e.eventId as LongLike);
    if (e.workflowExecutionStartedEventAttributes) out.push({ type: 'started', at, workflowType: e.workflowExecutionStartedEventAttributes.workflowType?.name ?? '' });
    else if (e.activityTaskScheduledEventAttributes) out.push({ type: 'activity_scheduled', at, eventId, activity: e.activityTaskScheduledEventAttributes.activityType?.name ?? '' });
    else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      out.push({ type: 'activity_started', at, scheduledEventId: num(a.scheduledEventId as LongLike), attempt: a.attempt ?? 1, lastFailure: a.lastFailure?.message ?? null });
    } else if (e.activityTaskCompletedEventAttributes) out.push({ type: 'activity_completed', at, scheduledEventId: num(e.activityTaskCompletedEventAttributes.scheduledEventId as LongLike) });
    else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      out.push({ type: 'activity_failed', at, scheduledEventId: num(a.scheduledEventId as LongLike), failure: a.failure?.message ?? null });
    } else if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      out.push({ type: 'activity_failed', at, scheduledEventId: num(a.scheduledEventId as LongLike), failure: a.failure?.message ?? null });
    } else if (e.timerStartedEventAttributes) out.push({ type: 'timer_started', at, eventId, seconds: seconds(e.timerStartedEventAttributes.startToFireTimeout) });
    else if (e.timerFiredEventAttributes) out.push({ type: 'timer_fired', at, startedEventId: num(e.timerFiredEventAttributes.startedEventId as LongLike) });
    else if (e.workflowExecutionSignaledEventAttributes) out.push({ type: 'signal', at, name: e.workflowExecutionSignaledEventAttributes.signalName ?? '' });
    else if (e.workflowExecutionUpdateAcceptedEventAttributes) out.push({ type: 'update', at, name: e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '' });
    else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
      out.push({ type: 'child_started', at, workflowType: a.workflowType?.name ?? '', workflowId: a.workflowId ?? '' });
    } else if (e.workflowExecutionCompletedEventAttributes) out.push({ type: 'finished', at, outcome: 'completed' });
    else if (e.workflowExecutionFailedEventAttributes) out.push({ type: 'finished', at, outcome: 'failed' });
    else if (e.workflowExecutionCanceledEventAttributes) out.push({ type: 'finished', at, outcome: 'cancelled' });
    else if (e.workflowExecutionTerminatedEventAttributes) out.push({ type: 'finished', at, outcome: 'terminated' });
    else if (e.workflowExecutionTimedOutEventAttributes) out.push({ type: 'finished', at, outcome: 'timed_out' });
    else if (e.workflowExecutionContinuedAsNewEventAttributes) out.push({ type: 'finished', at, outcome: 'continued' });
  }
  return out;
}
