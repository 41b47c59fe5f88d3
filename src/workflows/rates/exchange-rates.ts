import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// The Central Bank may be briefly unreachable: retry for hours, the schedule runs again tomorrow.
const { refreshCbrRates } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
});

/** Run by the `cbr-rates` Temporal Schedule: today's official rates into the database. */
export async function refreshExchangeRates(): Promise<{ date: string; rate: string }> {
  return refreshCbrRates();
}
