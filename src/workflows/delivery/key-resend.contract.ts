/** The key-resend workflow's contract: a dealer sends a past order's key archive again. */
export const keyResendWorkflowId = (requestId: string) => `key-resend-${requestId}`;

/** The outgoing_mail kind of a resent archive (the shipment letter is `key_archive`). */
export const KEY_ARCHIVE_RESEND_KIND = 'key_archive_resend';
/** Each request is its own letter: `<orderNumber>/<requestId>`, unique per kind in outgoing_mail. */
export const keyResendReference = (orderNumber: string, requestId: string) => `${orderNumber}/${requestId}`;

export interface KeyResendInput {
  orderId: string;
  orderNumber: string;
  /** One resend request (a random UUID from the API). */
  requestId: string;
  /** The recipient's address, read from the user row when the request was accepted. */
  to: string;
}

/** Resends per order per hour: a loop of clicks or calls must not flood a mailbox with archives. */
export const KEY_RESENDS_PER_ORDER_PER_HOUR = 10;

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const keyResendWorkflowType = 'keyResend';
export type KeyResendWorkflow = (input: KeyResendInput) => Promise<{ attached: boolean }>;
