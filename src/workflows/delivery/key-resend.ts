import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { KeyResendInput } from './key-resend.contract';

// Someone is waiting for this letter: retry a down relay for minutes, then give up (the dealer can ask again).
const resendMail = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  scheduleToCloseTimeout: '30 minutes',
});

/**
 * A dealer asked for a shipped order's key archive to be mailed again, to one of its users. The
 * API checked who may send what to whom and audited the request; this only delivers the letter.
 */
export async function keyResend(input: KeyResendInput): Promise<{ attached: boolean }> {
  return resendMail.resendKeyArchive(input);
}
