/**
 * The onboarding workflow's contract: a registered dealer waits for staff to approve or reject it.
 * The API and tests import these; nobody builds a workflow id by hand.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AuthorisedSegment, DealerStatus } from '../../domain/dealers/onboarding';
import type { SettlementScheme } from '../../domain/order';

export const onboardingWorkflowId = (dealerId: string) => `onboarding-${dealerId}`;

export interface OnboardingInput {
  dealerId: string;
}

/** Who decided, for the audit log written with the decision. */
export interface DecidedBy {
  userId: string;
  ip: string | null;
}

export interface DealerApproval {
  decision: 'approve';
  priceGroupId: number;
  settlementScheme: SettlementScheme;
  creditLimitKopecks: number;
  segments: AuthorisedSegment[];
  authorizedVendors: string[];
  decidedBy: DecidedBy;
}

export interface DealerRejection {
  decision: 'reject';
  reason: string;
  decidedBy: DecidedBy;
}

export type DealerDecision = DealerApproval | DealerRejection;

export interface DealerDecisionOutcome {
  /** The dealer's status once the decision was applied. */
  status: DealerStatus;
  /** False when the dealer was no longer pending (changed outside the workflow): nothing was written. */
  applied: boolean;
  /**
   * The decision named someone who is not an active staff member (it did not come through the
   * staff API): nothing was written, the refusal was audited, and the workflow waits for a real one.
   */
  refused?: true;
}

export interface OnboardingState {
  status: 'awaiting_decision' | 'approved' | 'rejected';
  /** When staff are (or were) reminded of an undecided registration, ISO time. */
  remindAt: string | null;
  reminded: boolean;
}

/**
 * Staff decide on the registration. An update rather than a signal, so that the caller learns
 * whether its decision was the one taken: the first decision stands, a second one is refused by
 * the validator (two staff members clicking at once), and the answer comes once the decision is
 * in the database.
 */
export const decideDealerUpdate = defineUpdate<DealerDecisionOutcome, [DealerDecision]>('decideDealer');
export const onboardingStateQuery = defineQuery<OnboardingState>('onboardingState');

/** Deliberate changes of the workflow's commands, for replay of runs started before them. */
export const ONBOARDING_PATCHES = {
  /** A decision the activity refuses (not a staff member's) is not final: wait for another. */
  refusedDecisionWaits: 'onboarding-refused-decision-waits',
} as const;

/** The validator's failure type: the API turns it into 409. */
export const ALREADY_DECIDED = 'DealerAlreadyDecided';

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const onboardingWorkflowType = 'onboarding';
export type OnboardingWorkflow = (input: OnboardingInput) => Promise<DealerDecisionOutcome>;
