import { letterActivities } from '../letter-activities';
import type { PasswordResetInput } from './password-reset.contract';

// A reset link is worth sending only while someone waits for it: retry a down relay for minutes, not days.
const resetMail = letterActivities({ attempt: '1 minute', firstPause: '2 seconds', longestPause: '1 minute', giveUpAfter: '30 minutes' });

/**
 * Someone asked for a password-reset link: find the account and mail it one. The API starts this
 * for every request, known account or not, so that its answer and its timing say nothing about
 * which accounts exist; the token is made and stored by the activity and never enters history.
 */
export async function passwordReset(input: PasswordResetInput): Promise<{ mailed: number }> {
  return resetMail.mailPasswordResetLinks(input);
}
