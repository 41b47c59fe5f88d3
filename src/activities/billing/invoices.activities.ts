import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { invoices } from '../../../db/schema';
import { audit } from '../../usecases/audit/audit.usecases';
import { queueForStaff } from '../../usecases/staff-queue/staff-queue.usecases';
import { UseCaseError } from '../../usecases/errors';
import {
  expireInvoice,
  invoiceBalance,
  issueInvoice,
  markInvoiceOverdue,
  registerInvoice,
  settleInvoice,
} from '../../usecases/billing/invoices.usecases';
import type { InvoiceWorkflowInput } from '../../workflows/billing/invoice.contract';
import type { ActivityDeps } from '../deps';

/** A rule's refusal will not change on a retry: the activity fails for good, with the rule's words. */
async function orFailForGood<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UseCaseError && !err.retryable) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}

/** The invoice workflow's steps: each one the billing use case of the same name (src/usecases/billing). */
export function createInvoiceActivities({ db, calendar }: Pick<ActivityDeps, 'db' | 'calendar'>) {
  return {
    /** Records the invoice and queues it for 1C to number; a retry finds the invoice it already made. */
    registerInvoice: (input: InvoiceWorkflowInput & { workflowId: string }) => orFailForGood(registerInvoice(db, input)),

    /** Stores 1C's number and date and fixes the due date: due at the end of the term's last banking day, overdue from the next Moscow midnight. */
    async issueInvoice(input: { invoiceId: string; number: string; date: string; termBankingDays: number }): Promise<{ dueDate: string; overdueAt: string; number: string }> {
      // The signal only wakes the workflow: the number is the one the 1C exchange recorded
      // (assignDocumentNumber), since anyone who reaches Temporal can send the signal.
      const [recorded] = await db.select({ number: invoices.number, numberDate: invoices.numberDate }).from(invoices).where(eq(invoices.id, input.invoiceId));
      if (!recorded) throw ApplicationFailure.nonRetryable(`invoice ${input.invoiceId} does not exist`, 'InvoiceNotFound');
      if (recorded.number !== input.number && Context.current().info.attempt === 1) {
        await audit(db, {
          action: 'workflow.input_refused',
          subjectType: 'invoice',
          subjectId: input.invoiceId,
          details: { workflow: 'invoice', signal: 'invoiceNumberAssigned', refusal: recorded.number ? 'number_differs_from_1c' : 'not_numbered_by_1c', signalled: input.number, recorded: recorded.number },
        });
      }
      if (!recorded.number || !recorded.numberDate) {
        throw ApplicationFailure.retryable(`invoice ${input.invoiceId}: 1C has not numbered it through the exchange yet (the signal's ${input.number} is not taken); waiting for 1C`, 'InvoiceNotNumbered');
      }
      const { dueDate, overdueAt } = await orFailForGood(issueInvoice(db, calendar, { ...input, number: recorded.number, date: recorded.numberDate }));
      return { dueDate, overdueAt: overdueAt.toISOString(), number: recorded.number };
    },

    /** 1C has not numbered a document for a day: staff check the exchange (the outbox, 1C's log). */
    async escalateUnnumberedDocument(input: { documentType: string; documentId: string; workflowId: string }): Promise<void> {
      await queueForStaff(db, {
        kind: 'document_not_numbered',
        reference: input.documentId,
        summary: `1С не присвоил номер документу (${input.documentType}) за сутки: проверьте обмен с 1С`,
        payload: input,
      });
    },

    readInvoiceBalance: (input: { invoiceId: string }) => orFailForGood(invoiceBalance(db, input.invoiceId)),
    settleInvoice: (input: { invoiceId: string }) => settleInvoice(db, input.invoiceId),
    expireInvoice: (input: { invoiceId: string }) => expireInvoice(db, input.invoiceId),
    markInvoiceOverdue: (input: { invoiceId: string }) => orFailForGood(markInvoiceOverdue(db, input.invoiceId)),
  };
}
