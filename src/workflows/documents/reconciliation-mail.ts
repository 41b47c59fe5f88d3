import { letterActivities } from '../letter-activities';
import type { ReconciliationMailInput } from './reconciliation-mail.contract';

// Staff wait for this letter today, not next week: retry a down relay for hours, then give up visibly.
const statementMail = letterActivities({ attempt: '2 minutes', firstPause: '5 seconds', longestPause: '5 minutes', giveUpAfter: '6 hours' });

/**
 * Staff send a dealer its reconciliation statement: render the PDF and the XLSX from the books as
 * they are and mail both to the dealer's address. A workflow because the API has no mailer: the
 * worker owns outgoing mail, and Temporal retries a relay that is down.
 */
export async function reconciliationMail(input: ReconciliationMailInput): Promise<{ to: string }> {
  return statementMail.mailReconciliation(input);
}
