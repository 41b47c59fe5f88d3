/** What became of a message read from the vendor mailbox. */
export const INBOUND_MAIL_STATUSES = [
  /** Keys taken into an order. */
  'matched',
  /** About an order, but nothing to take: an acknowledgement, an auto-reply. */
  'no_keys',
  /** Sent to staff: no order found, unreadable, a bounce of our request, or more keys than ordered. */
  'staff',
  /** The same message delivered again: nothing added. */
  'duplicate',
] as const;
export type InboundMailStatus = (typeof INBOUND_MAIL_STATUSES)[number];
