import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { acts, invoices, orders, payments } from '../../../db/schema';
import type { BankingCalendar } from '../../domain/banking-calendar';
import { checkDocumentDate } from '../../domain/invoice';
import { formatMinor, parseMinor } from '../../domain/money';
import { moscowDateOf } from '../../domain/moscow-time';
import { invoiceDue } from '../../domain/settlement';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import { UseCaseError } from '../errors';
import { queueForStaff, resolveStaffTasks } from '../staff-queue/staff-queue.usecases';
import { applyPayment, revertPayment } from './invoices.usecases';


export type PaymentOutcome =
  | { status: 'applied'; invoiceNumber: string; remainingKopecks: number; overpaidKopecks: number; workflowId: string }
  | { status: 'duplicate'; invoiceNumber: string; workflowId: string | null }
  | { status: 'queued'; reason: 'unknown_invoice' | 'invoice_closed' };

/**
 * Payments and the numbering of invoices serialise per invoice number: a payment naming a number
 * and that number being assigned cannot pass each other unseen (the payment finding no invoice
 * while the number's transaction, not yet committed, finds no payment to apply).
 */
const lockInvoiceNumber = (tx: Tx, invoiceNumber: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'invoice-number:' + invoiceNumber}))`);

/**
 * Records a payment 1C reports. Nothing 1C sends is dropped: a payment for a number no invoice
 * has yet is held (1C may report a payment before the invoice's number reaches SID) and applied
 * when the number arrives, and staff see it meanwhile; a payment for a closed invoice is stored
 * and queued for staff; an overpayment is applied and the excess queued. The same payment id
 * twice changes nothing the second time.
 */
export async function recordPayment(
  db: Db,
  input: { paymentId: string; invoiceNumber: string; amount: string; paidOn: string; paymentOrderNumber: string },
): Promise<PaymentOutcome> {
  const amountKopecks = parseMinor(input.amount.replace(',', '.'));
  if (amountKopecks <= 0) throw new UseCaseError(422, 'INVALID_AMOUNT', `Сумма платежа ${input.amount} должна быть больше нуля.`, [{ field: 'amount', message: 'больше нуля' }]);

  return db.transaction(async (tx) => {
    await lockInvoiceNumber(tx, input.invoiceNumber);
    const inserted = await tx
      .insert(payments)
      .values({
        invoiceNumber: input.invoiceNumber,
        amountKopecks,
        paidOn: input.paidOn,
        paymentOrderNumber: input.paymentOrderNumber,
        externalId: input.paymentId,
        status: 'received',
      })
      .onConflictDoNothing({ target: payments.externalId })
      .returning();
    if (inserted.length === 0) {
      const [existing] = await tx.select().from(payments).where(eq(payments.externalId, input.paymentId));
      if (existing!.amountKopecks !== amountKopecks || existing!.invoiceNumber !== input.invoiceNumber) {
        throw new UseCaseError(409, 'PAYMENT_CONFLICT', `Платёж ${input.paymentId} уже получен с другими данными (счёт ${existing!.invoiceNumber}, сумма ${formatMinor(existing!.amountKopecks)}).`);
      }
      // A repeat may be 1C retrying after SID failed to wake the workflow: wake it again (harmless).
      const [invoice] = existing!.status === 'applied' && existing!.invoiceId ? await tx.select({ workflowId: invoices.workflowId }).from(invoices).where(eq(invoices.id, existing!.invoiceId)) : [];
      return { status: 'duplicate', invoiceNumber: input.invoiceNumber, workflowId: invoice?.workflowId ?? null };
    }
    const payment = inserted[0]!;

    // The invoice row is locked so that expiry (a workflow activity) and payments serialise.
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.number, input.invoiceNumber)).for('update');
    if (!invoice) {
      // Held until an invoice gets this number (assignDocumentNumber applies it then); staff see it meanwhile.
      await tx.update(payments).set({ status: 'queued' }).where(eq(payments.id, payment.id));
      await queueForStaff(
        tx,
        {
          kind: 'payment_unknown_invoice',
          reference: input.invoiceNumber,
          summary: `Платёж ${input.paymentOrderNumber} на ${formatMinor(amountKopecks)} ₽ по неизвестному счёту ${input.invoiceNumber}: зачтётся сам, когда 1С пришлёт этот номер счёта; если номер не придёт — разберитесь`,
          payload: { ...input, amountKopecks },
        },
        { perEvent: true },
      );
      return { status: 'queued', reason: 'unknown_invoice' };
    }
    const { paidKopecks: _paid, ...outcome } = await applyPayment(tx, invoice, payment);
    return outcome;
  });
}

/**
 * Applies the payments held for an invoice number that has just been assigned, oldest first, and
 * closes the staff items they raised. Runs in the numbering transaction: each held payment is
 * applied exactly once (it leaves the held state under the number's lock).
 */
async function applyHeldPayments(tx: Tx, invoiceId: string): Promise<{ applied: number }> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  if (!invoice?.number) return { applied: 0 };
  const held = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.invoiceNumber, invoice.number), isNull(payments.invoiceId), eq(payments.status, 'queued')))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .for('update');
  let current = invoice;
  for (const payment of held) {
    const outcome = await applyPayment(tx, current, payment);
    current = { ...current, paidKopecks: outcome.paidKopecks };
  }
  if (held.length > 0) {
    await resolveStaffTasks(tx, { kinds: ['payment_unknown_invoice'], reference: invoice.number });
  }
  return { applied: held.length };
}

/** 1C reports a payment as cancelled (returned, wrongly posted): the invoice owes it again. */
export async function cancelPayment(db: Db, paymentId: string, reason: string): Promise<{ changed: boolean; workflowId: string | null }> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.externalId, paymentId)).for('update');
    if (!payment) throw new UseCaseError(404, 'PAYMENT_NOT_FOUND', `Платёж ${paymentId} в SID не найден.`);
    if (payment.status === 'cancelled') return { changed: false, workflowId: null };
    await tx.update(payments).set({ status: 'cancelled' }).where(eq(payments.id, payment.id));
    if (payment.status !== 'applied' || !payment.invoiceId) return { changed: true, workflowId: null };
    const { workflowId } = await revertPayment(tx, { ...payment, invoiceId: payment.invoiceId }, reason);
    return { changed: true, workflowId };
  });
}

/**
 * A document dated more than one banking day ahead (Moscow), or before its order existed, is
 * refused before anything is stored: its due date would follow the wrong date.
 */
async function refuseImplausibleDate(
  db: Db,
  calendar: BankingCalendar,
  kind: 'invoice' | 'act',
  document: { orderId: string | null; statementMonth?: string | null; createdAt: Date },
  date: string,
  now: Date,
): Promise<void> {
  let earliest = moscowDateOf(document.createdAt);
  if (document.orderId) {
    const [order] = await db.select({ createdAt: orders.createdAt }).from(orders).where(eq(orders.id, document.orderId));
    if (order) earliest = moscowDateOf(order.createdAt);
  } else if (document.statementMonth) {
    earliest = `${document.statementMonth}-01`;
  }
  const problem = checkDocumentDate(calendar, { date, today: moscowDateOf(now), earliest });
  if (!problem) return;
  const message = problem.code === 'document_date.too_far_ahead' ? ru.documentDate.tooFarAhead(kind, date, problem.latest) : ru.documentDate.beforeOrder(kind, date, problem.earliest);
  throw new UseCaseError(422, problem.code === 'document_date.too_far_ahead' ? 'DOCUMENT_DATE_AHEAD' : 'DOCUMENT_DATE_BEFORE_ORDER', message, [{ field: 'date', message }]);
}

/**
 * Records the number 1C gave a document (invoice or act) before the workflow hears of it, so that
 * the answer to 1C is the truth: the same number again is fine, another number for a numbered
 * document or a number another document has is refused, and an invoice date whose due date the
 * production calendar cannot tell is refused rather than left to fail later.
 */
export async function assignDocumentNumber(
  db: Db,
  calendar: BankingCalendar,
  input: { sidDocumentId: string; number: string; date: string },
  now: Date = new Date(),
): Promise<{ documentType: 'invoice' | 'act'; workflowId: string; repeated: boolean; heldPaymentsApplied: number }> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, input.sidDocumentId));
  const [act] = invoice ? [] : await db.select().from(acts).where(eq(acts.id, input.sidDocumentId));
  const document = invoice ?? act;
  if (!document) throw new UseCaseError(404, 'DOCUMENT_NOT_FOUND', `Документ ${input.sidDocumentId} в SID не найден.`);
  if (document.number && document.number !== input.number) {
    throw new UseCaseError(409, 'NUMBER_CONFLICT', `Документу ${input.sidDocumentId} уже присвоен номер ${document.number}.`);
  }
  const repeated = document.number === input.number;
  if (invoice && !repeated) {
    try {
      invoiceDue(calendar, input.date, invoice.termBankingDays);
    } catch (err) {
      throw new UseCaseError(422, 'CALENDAR_MISSING', `Срок оплаты от ${input.date} не определить: ${(err as Error).message}. Номер не принят.`, [{ field: 'date', message: (err as Error).message }]);
    }
  }
  if (!repeated) await refuseImplausibleDate(db, calendar, invoice ? 'invoice' : 'act', document, input.date, now);
  try {
    const table = invoice ? invoices : acts;
    const applied = await db.transaction(async (tx) => {
      if (invoice) await lockInvoiceNumber(tx, input.number);
      const updated = await tx
        .update(table)
        .set({ number: input.number, numberDate: input.date })
        .where(and(eq(table.id, document.id), sql`(${table.number} is null or ${table.number} = ${input.number})`))
        .returning({ id: table.id });
      if (updated.length === 0) throw new UseCaseError(409, 'NUMBER_CONFLICT', `Документу ${input.sidDocumentId} уже присвоен другой номер.`);
      // Payments 1C reported before this number reached SID are the invoice's now.
      return invoice ? (await applyHeldPayments(tx, invoice.id)).applied : 0;
    });
    return { documentType: invoice ? 'invoice' : 'act', workflowId: document.workflowId, repeated, heldPaymentsApplied: applied };
  } catch (err) {
    if (isUniqueViolation(err)) throw new UseCaseError(409, 'NUMBER_TAKEN', `Номер ${input.number} уже присвоен другому документу.`);
    throw err;
  }
}
