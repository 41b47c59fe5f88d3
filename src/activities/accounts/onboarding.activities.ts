import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, users } from '../../../db/schema';
import { APPROVAL_BANKING_DAYS, approvalReminderAt } from '../../domain/dealers/onboarding';
import { formatMinor } from '../../domain/money';
import { STAFF_ROLES } from '../../domain/accounts';
import { ru } from '../../locale/ru';
import type { DealerDecision, DealerDecisionOutcome } from '../../workflows/accounts/onboarding.contract';
import type { ActivityDeps } from '../deps';
import { sendOnce } from '../mail/send-once';
import { queueForStaff, resolveStaffTasks } from '../../usecases/staff-queue/staff-queue.usecases';
import { audit } from '../../usecases/audit/audit.usecases';
import { isUuid } from '../../domain/ids';

export const DEALER_APPROVAL_TASK = 'dealer_approval';
export const DEALER_APPROVAL_OVERDUE_TASK = 'dealer_approval_overdue';

async function dealerOf(db: Db, dealerId: string) {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, dealerId));
  // The registration is taken back only when its workflow never started: a missing dealer is a bug, not a retry.
  if (!dealer) throw ApplicationFailure.nonRetryable(`dealer ${dealerId} does not exist`, 'DealerNotFound');
  return dealer;
}

/** The applicant: the dealer's first administrator, who filled in the form (or the dealer's own address). */
async function applicantOf(db: Db, dealerId: string, dealerEmail: string) {
  const [user] = await db
    .select({ login: users.login, email: users.email })
    .from(users)
    .where(and(eq(users.dealerId, dealerId), eq(users.role, 'dealer_admin')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return { login: user?.login ?? null, to: user?.email ?? dealerEmail };
}

/** A dealer's registration: the staff task, the decision, and the letters to the applicant. */
const isUuidValue = (value: unknown): value is string => typeof value === 'string' && isUuid(value);

export function createOnboardingActivities({ db, calendar, mail, publicUrl }: Pick<ActivityDeps, 'db' | 'calendar' | 'mail' | 'publicUrl'>) {
  return {
    /** Puts the application in the staff queue; answers when staff are to be reminded of it. */
    async openDealerApproval(input: { dealerId: string }): Promise<{ remindAt: string }> {
      const dealer = await dealerOf(db, input.dealerId);
      if (dealer.status === 'pending') {
        await queueForStaff(db, {
          kind: DEALER_APPROVAL_TASK,
          reference: dealer.id,
          summary: ru.staffDealers.approvalTask(dealer.shortName, dealer.inn),
          payload: { dealerId: dealer.id, inn: dealer.inn, kpp: dealer.kpp, shortName: dealer.shortName },
        });
      }
      return { remindAt: approvalReminderAt(dealer.createdAt, calendar).toISOString() };
    },

    async mailRegistrationReceived(input: { dealerId: string }): Promise<void> {
      const dealer = await dealerOf(db, input.dealerId);
      const applicant = await applicantOf(db, dealer.id, dealer.email);
      await sendOnce(db, mail.mailer, {
        kind: 'dealer_registration_received',
        reference: dealer.id,
        to: applicant.to,
        subject: ru.accountMail.receivedSubject(dealer.shortName),
        text: ru.accountMail.received({ shortName: dealer.shortName, inn: dealer.inn, login: applicant.login ?? applicant.to }),
      });
    },

    /** Nobody decided in time: a second, louder task beside the first. */
    async remindStaffOfDealerApproval(input: { dealerId: string }): Promise<void> {
      const dealer = await dealerOf(db, input.dealerId);
      if (dealer.status !== 'pending') return;
      await queueForStaff(db, {
        kind: DEALER_APPROVAL_OVERDUE_TASK,
        reference: dealer.id,
        summary: ru.staffDealers.approvalOverdue(dealer.shortName, dealer.inn, APPROVAL_BANKING_DAYS),
        payload: { dealerId: dealer.id, inn: dealer.inn, kpp: dealer.kpp, shortName: dealer.shortName, registeredAt: dealer.createdAt.toISOString() },
      });
    },

    /**
     * Writes the decision, closes the staff tasks and records who decided, in one transaction and
     * only while the dealer is pending. Run twice (a retry after a lost answer), it finds the
     * decision already there and says so.
     */
    async applyDealerDecision(input: { dealerId: string; decision: DealerDecision }): Promise<DealerDecisionOutcome> {
      const { decision } = input;
      const target = decision.decision === 'approve' ? 'approved' : 'rejected';
      return db.transaction(async (tx) => {
        // The update may not have come through the staff API: the decider must be active staff.
        const decider = isUuidValue(decision.decidedBy?.userId)
          ? (await tx.select({ id: users.id }).from(users).where(and(eq(users.id, decision.decidedBy.userId), inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt))))[0]
          : undefined;
        if (!decider) {
          const [current] = await tx.select({ status: dealers.status }).from(dealers).where(eq(dealers.id, input.dealerId));
          await audit(tx, {
            action: 'workflow.input_refused',
            subjectType: 'dealer',
            subjectId: input.dealerId,
            details: { workflow: 'onboarding', refusal: 'decider_not_staff', claimedUserId: String(decision.decidedBy?.userId ?? ''), decision: decision.decision },
          });
          return { status: current?.status ?? 'pending', applied: false, refused: true };
        }
        const changes =
          decision.decision === 'approve'
            ? {
                status: 'approved' as const,
                priceGroupId: decision.priceGroupId,
                settlementScheme: decision.settlementScheme,
                creditLimitKopecks: decision.creditLimitKopecks,
                segments: decision.segments,
                authorizedVendors: decision.authorizedVendors,
                rejectionReason: null,
              }
            : { status: 'rejected' as const, rejectionReason: decision.reason };
        const [updated] = await tx
          .update(dealers)
          .set({ ...changes, decidedAt: sql`now()` })
          .where(and(eq(dealers.id, input.dealerId), eq(dealers.status, 'pending')))
          .returning({ id: dealers.id });
        if (!updated) {
          const [current] = await tx.select({ status: dealers.status }).from(dealers).where(eq(dealers.id, input.dealerId));
          if (!current) throw ApplicationFailure.nonRetryable(`dealer ${input.dealerId} does not exist`, 'DealerNotFound');
          return { status: current.status, applied: current.status === target };
        }
        await resolveStaffTasks(tx, { kinds: [DEALER_APPROVAL_TASK, DEALER_APPROVAL_OVERDUE_TASK], reference: input.dealerId, resolvedByUserId: decision.decidedBy.userId });
        const { decidedBy, ...details } = decision;
        await audit(tx, {
          actorUserId: decidedBy.userId,
          action: decision.decision === 'approve' ? 'dealer.approved' : 'dealer.rejected',
          subjectType: 'dealer',
          subjectId: input.dealerId,
          details,
          ip: decidedBy.ip,
        });
        return { status: target, applied: true };
      });
    },

    /** Tells the dealer the outcome: how to log in and on what terms, or why not. */
    async mailDealerDecision(input: { dealerId: string }): Promise<void> {
      const dealer = await dealerOf(db, input.dealerId);
      if (dealer.status !== 'approved' && dealer.status !== 'rejected') return;
      const applicant = await applicantOf(db, dealer.id, dealer.email);
      const approved = dealer.status === 'approved';
      const onCredit = dealer.settlementScheme !== null && dealer.settlementScheme !== 'prepay';
      await sendOnce(db, mail.mailer, {
        kind: 'dealer_decision',
        reference: dealer.id,
        to: applicant.to,
        subject: approved ? ru.accountMail.approvedSubject(dealer.shortName) : ru.accountMail.rejectedSubject(dealer.shortName),
        text: approved
          ? ru.accountMail.approved({
              shortName: dealer.shortName,
              login: applicant.login ?? applicant.to,
              url: `${publicUrl.replace(/\/$/, '')}/`,
              scheme: dealer.settlementScheme ? ru.schemes[dealer.settlementScheme] : '—',
              creditLimit: onCredit && dealer.creditLimitKopecks > 0 ? formatMinor(dealer.creditLimitKopecks) : null,
              segments: dealer.segments,
              vendorCount: dealer.authorizedVendors.length,
            })
          : ru.accountMail.rejected({ shortName: dealer.shortName, reason: dealer.rejectionReason ?? '—' }),
      });
    },
  };
}
