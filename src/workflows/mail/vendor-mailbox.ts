import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// One reading of the mailbox; heartbeats after every message, so a stuck connection is noticed
// within a minute and the next attempt goes on from what is still in the inbox.
const { ingestVendorMailbox } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

/** Run by the `vendor-mailbox` Temporal Schedule: vendors' replies into their orders, or to staff. */
export async function vendorMailbox(): Promise<Awaited<ReturnType<Activities['ingestVendorMailbox']>>> {
  return ingestVendorMailbox();
}
