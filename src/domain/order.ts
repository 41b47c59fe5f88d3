/** Order vocabulary shared by the database, the API, the workflows and the UI. */
export const SETTLEMENT_SCHEMES = ['prepay', 'postpay', 'monthly'] as const;
export type SettlementScheme = (typeof SETTLEMENT_SCHEMES)[number];

export const ADAPTER_KINDS = ['api', 'email', 'manual'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

export const ORDER_STATUSES = [
  'submitted',
  'awaiting_approval',
  'awaiting_payment',
  'fulfilling',
  'keys_received',
  'shipped',
  'completed',
  'cancelled',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Order numbers look like "SID-0001234": a prefix and a zero-padded database sequence value. */
export function formatOrderNumber(sequenceValue: number): string {
  return `SID-${String(sequenceValue).padStart(7, '0')}`;
}

export const ORDER_NUMBER_PATTERN = /^SID-\d{7,}$/;
