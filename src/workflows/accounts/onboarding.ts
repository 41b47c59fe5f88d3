import { ApplicationFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  ALREADY_DECIDED,
  decideDealerUpdate,
  ONBOARDING_PATCHES,
  onboardingStateQuery,
  type DealerDecision,
  type DealerDecisionOutcome,
  type OnboardingInput,
  type OnboardingState,
} from './onboarding.contract';

const onboardingWork = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
// An unreachable mail relay is retried for as long as it takes; the decision is already stored.
const onboardingMail = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * A registered dealer: put the application in front of staff, tell the applicant it arrived, wait
 * for staff to approve or reject it (reminding them once if the deadline passes undecided), apply
 * the decision, and tell the dealer.
 */
export async function onboarding(input: OnboardingInput): Promise<DealerDecisionOutcome> {
  const { dealerId } = input;
  const state: OnboardingState = { status: 'awaiting_decision', remindAt: null, reminded: false };
  let decision: DealerDecision | null = null;
  let outcome: DealerDecisionOutcome | null = null;
  /** Decisions the activity refused, each answered to its own caller. */
  const refusals = new Map<DealerDecision, DealerDecisionOutcome>();
  setHandler(onboardingStateQuery, () => state);
  setHandler(
    decideDealerUpdate,
    async (proposed) => {
      decision = proposed;
      await condition(() => outcome !== null || refusals.has(proposed));
      return outcome ?? refusals.get(proposed)!;
    },
    {
      validator: (_proposed: DealerDecision) => {
        if (decision !== null) throw ApplicationFailure.nonRetryable(`dealer ${dealerId} has already been decided on`, ALREADY_DECIDED);
      },
    },
  );

  const { remindAt } = await onboardingWork.openDealerApproval({ dealerId });
  state.remindAt = remindAt;
  // A mail relay that is down must not hold up the staff's decision; the letter is awaited before
  // the outcome letter, so that the two arrive in order.
  const receivedLetter = onboardingMail.mailRegistrationReceived({ dealerId });

  const untilReminder = Date.parse(remindAt) - Date.now();
  const decidedInTime = untilReminder > 0 && (await condition(() => decision !== null, untilReminder));
  if (!decidedInTime && decision === null) {
    await onboardingWork.remindStaffOfDealerApproval({ dealerId });
    state.reminded = true;
    await condition(() => decision !== null);
  }

  let taken: DealerDecision = decision!;
  let applied = await onboardingWork.applyDealerDecision({ dealerId, decision: taken });
  // Anyone who reaches Temporal can send an update: the activity checks the decider against the
  // database, and a refused decision leaves the registration waiting for staff.
  while (applied.refused && patched(ONBOARDING_PATCHES.refusedDecisionWaits)) {
    refusals.set(taken, applied);
    decision = null;
    await condition(() => decision !== null);
    taken = decision!;
    applied = await onboardingWork.applyDealerDecision({ dealerId, decision: taken });
  }
  outcome = applied;
  await receivedLetter;
  if (outcome.applied) {
    state.status = taken.decision === 'approve' ? 'approved' : 'rejected';
    await onboardingMail.mailDealerDecision({ dealerId });
  }
  return outcome;
}
