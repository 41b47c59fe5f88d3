import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, gte, inArray, lt, ne, notInArray, sql } from 'drizzle-orm';
import { dealers, invoices, onecOutbox, orderLines, orders } from '../../../db/schema';
import { formatMinor } from '../../domain/money';
import type { Db } from '../../../db/client';
import { orderLog } from '../../infra/order-log';
import type { InvoiceWorkflowInput } from '../../workflows/invoice.contract';
import type { ActivityDeps } from '../deps';
import { onecCounterparty, onecLines } from './onec-payload';
import { queueForStaff } from '../../usecases/staff-queue/staff-queue.usecases';
import { audit } from '../../usecases/audit/audit.usecases';
import { invoiceDue } from '../../domain/settlement';

/** Order statuses whose amounts a consolidated invoice bills. */
const BILLABLE = ['shipped', 'completed'] as const;

export function createInvoiceActivities({ db, calendar }: Pick<ActivityDeps, 'db' | 'calendar'>) {
  /** The counterparty and lines 1C needs to register the document, as it stood when invoiced. */
  async function outboxPayload(db: Db, invoiceId: string, input: InvoiceWorkflowInput, amountKopecks: number) {
    const [dealer] = await db.select().from(dealers).where(eq(dealers.id, input.dealerId));
    if (!dealer) throw ApplicationFailure.nonRetryable(`dealer ${input.dealerId} does not exist`);
    const billedOrders = input.orderId
      ? await db.select().from(orders).where(eq(orders.id, input.orderId))
      : await db
          .select()
          .from(orders)
          .where(and(eq(orders.dealerId, input.dealerId), eq(orders.statementMonth, input.statementMonth!), inArray(orders.status, BILLABLE)))
          .orderBy(asc(orders.orderNumber));
    const lines = input.orderId
      ? onecLines(await db.select().from(orderLines).where(eq(orderLines.orderId, input.orderId)).orderBy(asc(orderLines.lineNo)))
      : billedOrders.map((o, i) => ({
          lineNo: i + 1,
          orderNumber: o.orderNumber,
          shippedAt: o.shippedAt,
          netKopecks: o.netKopecks,
          vatKopecks: o.vatKopecks,
          grossKopecks: o.grossKopecks,
        }));
    return {
      sidInvoiceId: invoiceId,
      documentType: input.purpose === 'monthly' ? 'consolidated_invoice' : 'invoice',
      purpose: input.purpose,
      orderNumber: input.orderNumber ?? null,
      statementMonth: input.statementMonth ?? null,
      amountKopecks,
      counterparty: onecCounterparty(dealer),
      lines,
    };
  }

  return {
    /**
     * Records the invoice and queues it for 1C to number. Keyed by the workflow id: a retry finds
     * the invoice it already made.
     */
    async registerInvoice(input: InvoiceWorkflowInput & { workflowId: string }): Promise<{ invoiceId: string; amountKopecks: number }> {
      const { workflowId } = input;
      const amountKopecks = input.orderId
        ? (await db.select({ gross: orders.grossKopecks }).from(orders).where(eq(orders.id, input.orderId)))[0]?.gross
        : (
            await db
              .select({ gross: sql<number>`coalesce(sum(${orders.grossKopecks}), 0)::bigint` })
              .from(orders)
              .where(and(eq(orders.dealerId, input.dealerId), eq(orders.statementMonth, input.statementMonth!), inArray(orders.status, BILLABLE)))
          )[0]?.gross;
      if (amountKopecks === undefined) throw ApplicationFailure.nonRetryable(`nothing to invoice for ${workflowId}`);
      return db.transaction(async (tx) => {
        await tx
          .insert(invoices)
          .values({
            dealerId: input.dealerId,
            orderId: input.orderId ?? null,
            statementMonth: input.statementMonth ?? null,
            purpose: input.purpose,
            amountKopecks: Number(amountKopecks),
            termBankingDays: input.termBankingDays,
            status: 'awaiting_number',
            workflowId,
          })
          .onConflictDoNothing({ target: invoices.workflowId });
        const [row] = await tx.select().from(invoices).where(eq(invoices.workflowId, workflowId));
        // Inside the transaction, on its connection: a query through the pool here would wait for
        // a connection that other such transactions hold, and under load they all would.
        const payload = await outboxPayload(tx as unknown as Db, row!.id, input, row!.amountKopecks);
        await tx
          .insert(onecOutbox)
          .values({ documentType: payload.documentType, documentId: row!.id, payload })
          .onConflictDoNothing();
        // A monthly statement's invoice concerns many orders, none of them by number.
        if (input.orderNumber) orderLog(input.orderNumber).info('invoice registered for 1C', { invoiceId: row!.id, purpose: input.purpose });
        return { invoiceId: row!.id, amountKopecks: row!.amountKopecks };
      });
    },

    /**
     * Stores 1C's number and date and fixes the due date by the production calendar: due at the
     * end of the last banking day of the term, overdue from the next Moscow midnight.
     */
    async issueInvoice(input: { invoiceId: string; number: string; date: string; termBankingDays: number }): Promise<{ dueDate: string; overdueAt: string }> {
      const due = invoiceDue(calendar, input.date, input.termBankingDays);
      const { dueDate } = due;
      const overdueAt = due.overdueAt.toISOString();
      const [updated] = await db
        .update(invoices)
        .set({
          number: input.number,
          numberDate: input.date,
          dueDate,
          // Payments 1C reported before the number are applied with it (src/api/onec): such an invoice is issued part-paid.
          status: sql`case when ${invoices.status} <> 'awaiting_number' then ${invoices.status} when ${invoices.paidKopecks} > 0 then 'partially_paid'::invoice_status else 'issued'::invoice_status end`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(invoices.id, input.invoiceId), sql`(${invoices.number} is null or ${invoices.number} = ${input.number})`))
        .returning({ id: invoices.id });
      if (!updated) throw ApplicationFailure.nonRetryable(`invoice ${input.invoiceId} already has another 1C number than ${input.number}`);
      return { dueDate, overdueAt };
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

    async readInvoiceBalance(input: { invoiceId: string }): Promise<{ amountKopecks: number; paidKopecks: number }> {
      const [row] = await db.select({ amountKopecks: invoices.amountKopecks, paidKopecks: invoices.paidKopecks }).from(invoices).where(eq(invoices.id, input.invoiceId));
      if (!row) throw ApplicationFailure.nonRetryable(`invoice ${input.invoiceId} does not exist`);
      return row;
    },

    /**
     * Paid in full: close the invoice and lift the dealer's credit hold if nothing else is overdue.
     * Decided by the books at this moment (a payment cancelled since the last read refuses it).
     */
    async settleInvoice(input: { invoiceId: string }): Promise<{ settled: boolean }> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(invoices)
          .set({ status: 'paid', updatedAt: sql`now()` })
          .where(and(eq(invoices.id, input.invoiceId), gte(invoices.paidKopecks, invoices.amountKopecks), notInArray(invoices.status, ['expired', 'cancelled'])))
          .returning({ dealerId: invoices.dealerId, orderId: invoices.orderId });
        if (!row) return { settled: false };
        // The dealer row is locked first, so a concurrent overdue mark cannot slip between check and lift.
        await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, row.dealerId)).for('update');
        const stillOverdue = await tx
          .select({ id: invoices.id })
          .from(invoices)
          .where(and(eq(invoices.dealerId, row!.dealerId), eq(invoices.status, 'overdue'), ne(invoices.id, input.invoiceId)))
          .limit(1);
        if (stillOverdue.length === 0) {
          const lifted = await tx.update(dealers).set({ creditHold: false }).where(and(eq(dealers.id, row!.dealerId), eq(dealers.creditHold, true))).returning({ id: dealers.id });
          if (lifted.length > 0) await audit(tx, { action: 'dealer.credit_hold_lifted', subjectType: 'dealer', subjectId: row!.dealerId, details: { invoiceId: input.invoiceId } });
        }
        return { settled: true };
      });
    },

    /** Prepay validity ran out. Refused (expired: false) when the books show the invoice paid. */
    async expireInvoice(input: { invoiceId: string }): Promise<{ expired: boolean }> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(invoices)
          .set({ status: 'expired', updatedAt: sql`now()` })
          .where(and(eq(invoices.id, input.invoiceId), lt(invoices.paidKopecks, invoices.amountKopecks), ne(invoices.status, 'paid')))
          .returning();
        if (!row) return { expired: false };
        // Money already received on an expired invoice is the dealer's: staff refund or re-apply it.
        if (row.paidKopecks > 0) {
          await queueForStaff(tx, {
            kind: 'partial_payment_on_expired_invoice',
            reference: row.number ?? row.id,
            summary: `Счёт ${row.number} аннулирован с частичной оплатой ${formatMinor(row.paidKopecks)} ₽: верните или зачтите`,
            payload: { invoiceId: row.id, paidKopecks: row.paidKopecks },
          });
        }
        return { expired: true };
      });
    },

    /** The due date passed unpaid: the invoice is overdue and the dealer goes on credit hold. */
    async markInvoiceOverdue(input: { invoiceId: string }): Promise<{ overdue: boolean }> {
      return db.transaction(async (tx) => {
        const [owner] = await tx.select({ dealerId: invoices.dealerId }).from(invoices).where(eq(invoices.id, input.invoiceId));
        await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, owner!.dealerId)).for('update');
        const [row] = await tx
          .update(invoices)
          .set({ status: 'overdue', updatedAt: sql`now()` })
          .where(and(eq(invoices.id, input.invoiceId), lt(invoices.paidKopecks, invoices.amountKopecks)))
          .returning({ dealerId: invoices.dealerId, number: invoices.number });
        if (!row) return { overdue: false };
        await tx.update(dealers).set({ creditHold: true }).where(eq(dealers.id, row.dealerId));
        await audit(tx, { action: 'dealer.credit_hold', subjectType: 'dealer', subjectId: row.dealerId, details: { invoiceNumber: row.number } });
        return { overdue: true };
      });
    },
  };
}
