import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { WATCH_SECONDS, WATCHES_PER_RUN, type VendorMailboxWatchWorkflow } from './vendor-mailbox-watch.contract';

// A watch heartbeats every few seconds: a worker that died is noticed within 30 s and the watch
// starts again on another. Retried without end (a mail server that is down comes back), slowly.
const { watchVendorMailbox } = proxyActivities<Activities>({
  startToCloseTimeout: `${WATCH_SECONDS + 5 * 60} seconds`,
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: ['AdapterMisconfigured'] },
});

/**
 * Reads vendor replies within a second of their arrival: IMAP IDLE on the vendor mailbox, one watch
 * after another. The `vendor-mailbox` schedule keeps reading every minute as the safety net for
 * anything a watch missed (a dropped connection, a worker restart).
 */
export const vendorMailboxWatch: VendorMailboxWatchWorkflow = async () => {
  for (let watch = 0; watch < WATCHES_PER_RUN; watch++) await watchVendorMailbox({ maxSeconds: WATCH_SECONDS });
  await continueAsNew<VendorMailboxWatchWorkflow>();
};
