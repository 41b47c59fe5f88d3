/**
 * A vendor order's state: `placing` (sent to a vendor API, no answer yet), `placed` (the vendor
 * took it), `requested` (mailed to an e-mail vendor), `manual` (staff obtain and type the keys),
 * `completed` (every key stored).
 */
export const VENDOR_ORDER_STATUSES = ['placing', 'placed', 'requested', 'manual', 'completed'] as const;
export type VendorOrderStatus = (typeof VENDOR_ORDER_STATUSES)[number];
