import { describe, expect, it } from 'vitest';
import { mergeHistory, workflowHistoryEntries, type PlainHistoryEvent } from '../../src/domain/order-history';

// Fixed times: the summary orders by them and never reads the clock.
// A fixed day on purpose: history events' own timestamps, only ordered and worded; nothing compares them with today.
const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('workflowHistoryEntries', () => {
  it('makes one entry per step with its attempts and last failure, a wait per timer, and keeps signals and the end', () => {
    const events: PlainHistoryEvent[] = [
      { type: 'started', at: at(0), workflowType: 'vendorFulfillment' },
      { type: 'activity_scheduled', at: at(1), eventId: 5, activity: 'placeVendorOrder' },
      { type: 'activity_started', at: at(4), scheduledEventId: 5, attempt: 3, lastFailure: 'vendor answered 503' },
      { type: 'activity_completed', at: at(4), scheduledEventId: 5 },
      { type: 'timer_started', at: at(5), eventId: 9, seconds: 3600 },
      { type: 'signal', at: at(6), name: 'retryFulfillment' },
      { type: 'activity_scheduled', at: at(7), eventId: 12, activity: 'collectVendorKeys' },
      { type: 'activity_started', at: at(7), scheduledEventId: 12, attempt: 1, lastFailure: null },
      { type: 'activity_failed', at: at(8), scheduledEventId: 12, failure: 'adapter misconfigured' },
      { type: 'timer_fired', at: at(9), startedEventId: 9 },
      { type: 'finished', at: at(10), outcome: 'failed' },
    ];
    expect(workflowHistoryEntries('order-SID-1-vendor-DRWEB', events)).toEqual([
      { kind: 'started', at: at(0), workflow: 'vendorFulfillment', workflowId: 'order-SID-1-vendor-DRWEB' },
      { kind: 'step', at: at(1), workflowId: 'order-SID-1-vendor-DRWEB', activity: 'placeVendorOrder', attempts: 3, lastFailure: 'vendor answered 503', outcome: 'done' },
      { kind: 'wait', at: at(5), workflowId: 'order-SID-1-vendor-DRWEB', seconds: 3600, fired: true },
      { kind: 'signal', at: at(6), workflowId: 'order-SID-1-vendor-DRWEB', name: 'retryFulfillment' },
      { kind: 'step', at: at(7), workflowId: 'order-SID-1-vendor-DRWEB', activity: 'collectVendorKeys', attempts: 1, lastFailure: 'adapter misconfigured', outcome: 'failed' },
      { kind: 'finished', at: at(10), workflowId: 'order-SID-1-vendor-DRWEB', outcome: 'failed' },
    ]);
  });

  it('merges workflows and decisions in time order, keeping the given order for equal times', () => {
    const order = workflowHistoryEntries('order-SID-1', [
      { type: 'started', at: at(0), workflowType: 'order' },
      { type: 'update', at: at(3), name: 'releasePolicyHold' },
    ]);
    const decisions = [{ kind: 'decision' as const, at: at(3), action: 'order.policy_hold_released', actor: 'staff@demo.sid', details: { decision: 'proceed' } }];
    expect(mergeHistory(decisions, order).map((e) => e.kind)).toEqual(['started', 'decision', 'update']);
  });
});
