import { letterActivities } from '../letter-activities';
import type { KeyResendInput } from './key-resend.contract';

// Someone is waiting for this letter: retry a down relay for minutes, then give up (the dealer can ask again).
const resendMail = letterActivities({ attempt: '2 minutes', firstPause: '2 seconds', longestPause: '1 minute', giveUpAfter: '30 minutes' });

/**
 * A dealer asked for a shipped order's key archive to be mailed again, to one of its users. The
 * API checked who may send what to whom and audited the request; this only delivers the letter.
 */
export async function keyResend(input: KeyResendInput): Promise<{ attached: boolean }> {
  return resendMail.resendKeyArchive(input);
}
