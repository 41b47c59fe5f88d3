/** The vendor-mailbox watcher's contract: one per deployment, started by the worker at start-up. */
export const VENDOR_MAILBOX_WATCH_WORKFLOW_ID = 'vendor-mailbox-watch';

/** The workflow's type name and signature, for starting it without importing workflow code. */
export const vendorMailboxWatchWorkflowType = 'vendorMailboxWatch';
export type VendorMailboxWatchWorkflow = () => Promise<void>;

/** One watch (one IMAP IDLE connection) lasts this long before the workflow starts the next. */
export const WATCH_SECONDS = 30 * 60;
/** Watches per run before the workflow continues as new, keeping its history short. */
export const WATCHES_PER_RUN = 24;
