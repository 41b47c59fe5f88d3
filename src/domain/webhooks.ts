/** A webhook delivery's state: waiting or retrying, delivered, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * Why the last attempt of a delivery did not land, as the dealer's delivery log shows it: a code
 * (worded by the locale), never the receiver's body or a raw network error, which could carry
 * what an internal address answered.
 */
export const WEBHOOK_DELIVERY_PROBLEMS = [
  /** The receiver answered with a non-2xx status (the log shows the code). */
  'http_status',
  /** A 3xx: redirects are not followed. */
  'redirect',
  'timeout',
  'unreachable',
  /** The host has no address. */
  'unresolvable',
  /** The host is, or resolves to, a private, loopback or otherwise non-public address. */
  'address_not_public',
  /** The URL is no longer acceptable (scheme, credentials). */
  'invalid_url',
  'endpoint_disabled',
  /** The delivery service was down when the delivery was asked for. */
  'not_sent',
  /** A day of retries ran out without one of the above recorded. */
  'gave_up',
] as const;
export type WebhookDeliveryProblem = (typeof WEBHOOK_DELIVERY_PROBLEMS)[number];
