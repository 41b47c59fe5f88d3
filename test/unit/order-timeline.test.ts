import { describe, expect, it } from 'vitest';
import { readTimelineEntry, type RecordedTimelineEntry } from '../../src/domain/order-timeline';

// The workflow's clock, passed through as given: any fixed instant serves.
const at = '2026-01-15T10:00:00.000Z';

describe('a timeline entry, whichever form it was recorded in', () => {
  it('reads the sentences older runs wrote into detail as reason codes with their parameters', () => {
    expect(readTimelineEntry({ step: 'cancelled', at, detail: 'счёт СЧ-2002 не оплачен в срок' })).toEqual({ step: 'cancelled', at, reason: { code: 'invoice_expired', invoiceNumber: 'СЧ-2002' } });
    expect(readTimelineEntry({ step: 'cancelled', at, detail: 'отменён сотрудником' })).toEqual({ step: 'cancelled', at, reason: { code: 'policy_hold_cancelled' } });
    expect(readTimelineEntry({ step: 'policy_hold_released', at, detail: 'продолжить (staff@demo.sid)' })).toEqual({
      step: 'policy_hold_released',
      at,
      reason: { code: 'staff_decision', decision: 'proceed', login: 'staff@demo.sid' },
    });
    expect(readTimelineEntry({ step: 'policy_hold_released', at, detail: 'отменить (ivanov (ночная смена))' })).toEqual({
      step: 'policy_hold_released',
      at,
      reason: { code: 'staff_decision', decision: 'cancel', login: 'ivanov (ночная смена)' },
    });
  });

  it('leaves the codes new runs write as they are', () => {
    const entries: RecordedTimelineEntry[] = [
      { step: 'cancelled', at, reason: { code: 'invoice_expired', invoiceNumber: 'СЧ-2002' } },
      { step: 'cancelled', at, reason: { code: 'policy_hold_cancelled_after_payment' } },
      { step: 'policy_hold_released', at, reason: { code: 'staff_decision', decision: 'cancel', login: 'staff' } },
    ];
    for (const entry of entries) expect(readTimelineEntry(entry)).toBe(entry);
  });

  it('keeps the values a step concerns, and a sentence it does not know, in detail', () => {
    const values: RecordedTimelineEntry[] = [
      { step: 'sent_to_vendor', at, detail: 'KASP' },
      { step: 'paid', at, detail: 'отменён сотрудником' },
      { step: 'act_issued', at, detail: 'А-17' },
      { step: 'failed', at, detail: 'end-user INN is missing' },
      { step: 'cancelled', at, detail: 'отменён дилером' },
      { step: 'submitted', at },
    ];
    for (const entry of values) expect(readTimelineEntry(entry)).toEqual(entry);
  });
});
