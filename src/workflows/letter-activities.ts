import { proxyActivities } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Activities } from '../activities';

/** How long one letter someone is waiting for may take to leave, and when to stop trying. */
export interface LetterTiming {
  /** One attempt at the relay. */
  attempt: Duration;
  /** The pause after the first failure; each next pause doubles, up to `longestPause`. */
  firstPause: Duration;
  longestPause: Duration;
  /** After this the workflow fails, visibly, rather than mail a letter nobody waits for any more. */
  giveUpAfter: Duration;
}

/**
 * The activities of a workflow that mails one letter on request (a reset link, a key archive, a
 * statement): a relay that is down is retried with doubling pauses until the letter is no longer
 * worth sending.
 */
export function letterActivities(timing: LetterTiming) {
  return proxyActivities<Activities>({
    startToCloseTimeout: timing.attempt,
    retry: { initialInterval: timing.firstPause, backoffCoefficient: 2, maximumInterval: timing.longestPause },
    scheduleToCloseTimeout: timing.giveUpAfter,
  });
}
