import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ReconciliationMailInput } from './reconciliation-mail.contract';

// Staff wait for this letter today, not next week: retry a down relay for hours, then give up visibly.
const statementMail = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  scheduleToCloseTimeout: '6 hours',
});

/**
 * Staff send a dealer its reconciliation statement: render the PDF and the XLSX from the books as
 * they are and mail both to the dealer's address. A workflow because the API has no mailer: the
 * worker owns outgoing mail, and Temporal retries a relay that is down.
 */
export async function reconciliationMail(input: ReconciliationMailInput): Promise<{ to: string }> {
  return statementMail.mailReconciliation(input);
}
