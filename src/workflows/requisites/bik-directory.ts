import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// The Bank may be briefly unreachable: retry for hours; the schedule runs again the next day.
const { refreshBikDirectory } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 10 },
});

/** Run by the `bik-directory` Temporal Schedule: the Central Bank's BIK directory into the database. */
export async function refreshBikDirectoryWorkflow(): Promise<{ status: string; date: string }> {
  const outcome = await refreshBikDirectory();
  return { status: outcome.status, date: outcome.date };
}
