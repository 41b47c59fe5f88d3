/**
 * What staff are asked to look at: one code per kind of task. The staff queue page names each in
 * Russian (src/web/app/locale-ru.ts, typed by this list, so a new kind cannot go unnamed).
 */
export const STAFF_QUEUE_KINDS = [
  // Fulfilment
  'manual_keys',
  'stuck_fulfilment',
  'order_policy_hold',
  // Vendor mail
  'vendor_mail_unmatched',
  'vendor_mail_bounce',
  'vendor_mail_unreadable',
  'vendor_mail_surplus',
  'vendor_mail_unknown_sender',
  'vendor_mail_no_keys',
  // Billing and the 1C exchange
  'late_statement_order',
  'document_not_numbered',
  'partial_payment_on_expired_invoice',
  'refund_due',
  'payment_unknown_invoice',
  'payment_after_expiry',
  'overpayment',
  'paid_invoice_payment_cancelled',
  'exchange_rate_stale',
  // Dealers
  'dealer_approval',
  'dealer_approval_overdue',
] as const;
export type StaffQueueKind = (typeof STAFF_QUEUE_KINDS)[number];

export const STAFF_QUEUE_STATUSES = ['open', 'resolved'] as const;
export type StaffQueueStatus = (typeof STAFF_QUEUE_STATUSES)[number];
