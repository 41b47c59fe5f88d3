/**
 * The only place an invoice's status and paid amount change. The invoice workflow's activities,
 * the 1C exchange's routes and staff actions call these; each is one transaction, safe to run twice.
 *
 *   awaiting_number ─number─▶ issued ─part─▶ partially_paid ─full─▶ paid
 *          │                    │ due date passed: overdue (credit hold) ─full─▶ paid (hold lifted)
 *          └── prepay validity ran out: expired (money received goes to staff)
 */
import { and, asc, eq, gte, inArray, lt, ne, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../../db/client';
import { dealers, invoices, onecOutbox, orderLines, orders, payments } from '../../../db/schema';
import type { BankingCalendar } from '../../domain/banking-calendar';
import { formatMinor } from '../../domain/money';
import { invoiceDue } from '../../domain/settlement';
import { orderLog } from '../../infra/order-log';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import { queueForStaff } from '../staff-queue/staff-queue.usecases';
import type { InvoiceWorkflowInput } from '../../workflows/billing/invoice.contract';
import { onecConsolidatedLines, onecCounterparty, onecLines } from './onec-payload';

/** Order statuses whose amounts a consolidated invoice bills. */
const BILLABLE = ['shipped', 'completed'] as const;

export type InvoiceRow = typeof invoices.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

/** What is billed (one order, or a dealer's month of shipped orders), keyed by the invoice workflow's id. */
export type InvoiceToRegister = InvoiceWorkflowInput & { workflowId: string };

/** The counterparty and lines 1C needs to register the document, as it stood when invoiced. */
async function outboxPayload(db: DbOrTx, invoiceId: string, input: InvoiceToRegister, amountKopecks: number) {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, input.dealerId));
  if (!dealer) throw new UseCaseError(404, 'DEALER_NOT_FOUND', `dealer ${input.dealerId} does not exist`);
  const billedOrders = input.orderId
    ? await db.select().from(orders).where(eq(orders.id, input.orderId))
    : await db
        .select()
        .from(orders)
        .where(and(eq(orders.dealerId, input.dealerId), eq(orders.statementMonth, input.statementMonth!), inArray(orders.status, BILLABLE)))
        .orderBy(asc(orders.orderNumber));
  const lines = input.orderId
    ? onecLines(await db.select().from(orderLines).where(eq(orderLines.orderId, input.orderId)).orderBy(asc(orderLines.lineNo)))
    : onecConsolidatedLines(
        billedOrders,
        billedOrders.length === 0 ? [] : await db.select().from(orderLines).where(inArray(orderLines.orderId, billedOrders.map((o) => o.id))),
      );
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

/**
 * Records the invoice (awaiting its 1C number) and queues it in the 1C outbox. Keyed by the
 * workflow id: a second call finds the invoice the first made.
 */
export async function registerInvoice(db: Db, input: InvoiceToRegister): Promise<{ invoiceId: string; amountKopecks: number }> {
  const amountKopecks = input.orderId
    ? (await db.select({ gross: orders.grossKopecks }).from(orders).where(eq(orders.id, input.orderId)))[0]?.gross
    : (
        await db
          .select({ gross: sql<number>`coalesce(sum(${orders.grossKopecks}), 0)::bigint` })
          .from(orders)
          .where(and(eq(orders.dealerId, input.dealerId), eq(orders.statementMonth, input.statementMonth!), inArray(orders.status, BILLABLE)))
      )[0]?.gross;
  if (amountKopecks === undefined) throw new UseCaseError(404, 'NOTHING_TO_INVOICE', `nothing to invoice for ${input.workflowId}`);
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
        workflowId: input.workflowId,
      })
      .onConflictDoNothing({ target: invoices.workflowId });
    const [row] = await tx.select().from(invoices).where(eq(invoices.workflowId, input.workflowId));
    // Inside the transaction, on its connection: a query through the pool here would wait for
    // a connection that other such transactions hold, and under load they all would.
    const payload = await outboxPayload(tx, row!.id, input, row!.amountKopecks);
    await tx.insert(onecOutbox).values({ documentType: payload.documentType, documentId: row!.id, payload }).onConflictDoNothing();
    // A monthly statement's invoice concerns many orders, none of them by number.
    if (input.orderNumber) orderLog(input.orderNumber).info('invoice registered for 1C', { invoiceId: row!.id, purpose: input.purpose });
    return { invoiceId: row!.id, amountKopecks: row!.amountKopecks };
  });
}

/**
 * 1C's number and date are the invoice's: it is issued (part-paid already, when 1C reported
 * payments before the number) and falls due by the one due-date rule.
 */
export async function issueInvoice(
  db: DbOrTx,
  calendar: BankingCalendar,
  input: { invoiceId: string; number: string; date: string; termBankingDays: number },
): Promise<{ dueDate: string; overdueAt: Date }> {
  const due = invoiceDue(calendar, input.date, input.termBankingDays);
  const [updated] = await db
    .update(invoices)
    .set({
      number: input.number,
      numberDate: input.date,
      dueDate: due.dueDate,
      status: sql`case when ${invoices.status} <> 'awaiting_number' then ${invoices.status} when ${invoices.paidKopecks} > 0 then 'partially_paid'::invoice_status else 'issued'::invoice_status end`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(invoices.id, input.invoiceId), sql`(${invoices.number} is null or ${invoices.number} = ${input.number})`))
    .returning({ id: invoices.id });
  if (!updated) throw new UseCaseError(409, 'NUMBER_CONFLICT', `invoice ${input.invoiceId} already has another 1C number than ${input.number}`);
  return due;
}

/**
 * Applies one recorded payment to its invoice, which the caller has locked. A closed invoice
 * takes no money: the payment goes to staff. An overpayment is applied and the excess queued
 * (each payment is its own staff task: two overpayments of one invoice are two tasks).
 */
export async function applyPayment(tx: Tx, invoice: InvoiceRow, payment: PaymentRow) {
  const { invoiceNumber, amountKopecks, paymentOrderNumber, externalId: paymentId } = payment;
  // What staff see in the item's payload: the payment as 1C reported it.
  const reported = { paymentId, invoiceNumber, amount: `${Math.floor(amountKopecks / 100)}.${String(amountKopecks % 100).padStart(2, '0')}`, paidOn: payment.paidOn, paymentOrderNumber, amountKopecks };
  if (invoice.status === 'expired' || invoice.status === 'cancelled') {
    await tx.update(payments).set({ status: 'queued', invoiceId: invoice.id }).where(eq(payments.id, payment.id));
    await queueForStaff(
      tx,
      { kind: 'payment_after_expiry', reference: invoiceNumber, summary: `Платёж ${paymentOrderNumber} на ${formatMinor(amountKopecks)} ₽ пришёл по счёту ${invoiceNumber} после его аннулирования`, payload: reported },
      { perEvent: true },
    );
    return { status: 'queued' as const, reason: 'invoice_closed' as const, paidKopecks: invoice.paidKopecks };
  }
  const paidBefore = invoice.paidKopecks;
  const paidAfter = paidBefore + amountKopecks;
  await tx.update(payments).set({ status: 'applied', invoiceId: invoice.id }).where(eq(payments.id, payment.id));
  await tx
    .update(invoices)
    .set({
      paidKopecks: paidAfter,
      // The workflow closes a fully paid invoice (settleInvoice); a partly paid one shows what is left.
      status: paidAfter < invoice.amountKopecks && invoice.status === 'issued' ? 'partially_paid' : invoice.status,
      updatedAt: sql`now()`,
    })
    .where(eq(invoices.id, invoice.id));
  const overpaidKopecks = Math.max(0, paidAfter - Math.max(paidBefore, invoice.amountKopecks));
  if (overpaidKopecks > 0) {
    await queueForStaff(
      tx,
      { kind: 'overpayment', reference: invoiceNumber, summary: `Переплата ${formatMinor(overpaidKopecks)} ₽ по счёту ${invoiceNumber} (платёж ${paymentOrderNumber})`, payload: { ...reported, overpaidKopecks } },
      { perEvent: true },
    );
  }
  return {
    status: 'applied' as const,
    invoiceNumber,
    remainingKopecks: Math.max(0, invoice.amountKopecks - paidAfter),
    overpaidKopecks,
    workflowId: invoice.workflowId,
    paidKopecks: paidAfter,
  };
}

/** 1C took a payment back: the invoice owes it again. A paid invoice stays paid, and staff are told. */
export async function revertPayment(tx: Tx, payment: PaymentRow & { invoiceId: string }, reason: string): Promise<{ workflowId: string }> {
  const [invoice] = await tx
    .update(invoices)
    .set({ paidKopecks: sql`${invoices.paidKopecks} - ${payment.amountKopecks}`, updatedAt: sql`now()` })
    .where(eq(invoices.id, payment.invoiceId))
    .returning();
  if (invoice!.status === 'paid') {
    await queueForStaff(
      tx,
      {
        kind: 'paid_invoice_payment_cancelled',
        reference: invoice!.number ?? invoice!.id,
        summary: `1С отменил платёж ${payment.paymentOrderNumber} по уже закрытому счёту ${invoice!.number}: ${reason}`,
        payload: { paymentId: payment.externalId, reason },
      },
      { perEvent: true },
    );
  }
  return { workflowId: invoice!.workflowId };
}

/**
 * Paid in full: close the invoice and lift the dealer's credit hold if nothing else is overdue.
 * Decided by the books at this moment (a payment cancelled since the last read refuses it).
 */
export async function settleInvoice(db: Db, invoiceId: string): Promise<{ settled: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invoices)
      .set({ status: 'paid', updatedAt: sql`now()` })
      .where(and(eq(invoices.id, invoiceId), gte(invoices.paidKopecks, invoices.amountKopecks), notInArray(invoices.status, ['expired', 'cancelled'])))
      .returning({ dealerId: invoices.dealerId, orderId: invoices.orderId });
    if (!row) return { settled: false };
    // The dealer row is locked first, so a concurrent overdue mark cannot slip between check and lift.
    await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, row.dealerId)).for('update');
    const stillOverdue = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.dealerId, row.dealerId), eq(invoices.status, 'overdue'), ne(invoices.id, invoiceId)))
      .limit(1);
    if (stillOverdue.length === 0) {
      const lifted = await tx.update(dealers).set({ creditHold: false }).where(and(eq(dealers.id, row.dealerId), eq(dealers.creditHold, true))).returning({ id: dealers.id });
      if (lifted.length > 0) await audit(tx, { action: 'dealer.credit_hold_lifted', subjectType: 'dealer', subjectId: row.dealerId, details: { invoiceId } });
    }
    return { settled: true };
  });
}

/** Prepay validity ran out. Refused (expired: false) when the books show the invoice paid. */
export async function expireInvoice(db: Db, invoiceId: string): Promise<{ expired: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invoices)
      .set({ status: 'expired', updatedAt: sql`now()` })
      .where(and(eq(invoices.id, invoiceId), lt(invoices.paidKopecks, invoices.amountKopecks), ne(invoices.status, 'paid')))
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
}

/** The due date passed unpaid: the invoice is overdue and the dealer goes on credit hold. */
export async function markInvoiceOverdue(db: Db, invoiceId: string): Promise<{ overdue: boolean }> {
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ dealerId: invoices.dealerId }).from(invoices).where(eq(invoices.id, invoiceId));
    if (!owner) throw new UseCaseError(404, 'INVOICE_NOT_FOUND', `invoice ${invoiceId} does not exist`);
    await tx.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, owner.dealerId)).for('update');
    const [row] = await tx
      .update(invoices)
      .set({ status: 'overdue', updatedAt: sql`now()` })
      .where(and(eq(invoices.id, invoiceId), lt(invoices.paidKopecks, invoices.amountKopecks)))
      .returning({ dealerId: invoices.dealerId, number: invoices.number });
    if (!row) return { overdue: false };
    await tx.update(dealers).set({ creditHold: true }).where(eq(dealers.id, row.dealerId));
    await audit(tx, { action: 'dealer.credit_hold', subjectType: 'dealer', subjectId: row.dealerId, details: { invoiceNumber: row.number } });
    return { overdue: true };
  });
}

/** What an invoice bills and what has been paid on it, as the books say now. */
export async function invoiceBalance(db: DbOrTx, invoiceId: string): Promise<{ amountKopecks: number; paidKopecks: number }> {
  const [row] = await db.select({ amountKopecks: invoices.amountKopecks, paidKopecks: invoices.paidKopecks }).from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw new UseCaseError(404, 'INVOICE_NOT_FOUND', `invoice ${invoiceId} does not exist`);
  return row;
}
