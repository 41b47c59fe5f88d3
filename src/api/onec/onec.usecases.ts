import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { acts, invoices, payments, staffQueue } from '../../../db/schema';
import type { BankingCalendar } from '../../domain/banking-calendar';
import { formatMinor, parseMinor } from '../../domain/money';
import { isUniqueViolation } from '../../infra/pg-errors';
import { HttpError } from '../errors';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type PaymentOutcome =
  | { status: 'applied'; invoiceNumber: string; remainingKopecks: number; overpaidKopecks: number; workflowId: string }
  | { status: 'duplicate'; invoiceNumber: string; workflowId: string | null }
  | { status: 'queued'; reason: 'unknown_invoice' | 'invoice_closed' };

const queue = (tx: Tx, kind: string, reference: string, summary: string, payload: Record<string, unknown>) =>
  tx.insert(staffQueue).values({ kind, reference, summary, payload });

/**
 * Records a payment 1C reports. Nothing 1C sends is dropped: a payment for an unknown or closed
 * invoice is stored and queued for staff; an overpayment is applied and the excess queued.
 * The same payment id twice changes nothing the second time.
 */
export async function recordPayment(
  db: Db,
  input: { paymentId: string; invoiceNumber: string; amount: string; paidOn: string; paymentOrderNumber: string },
): Promise<PaymentOutcome> {
  const amountKopecks = parseMinor(input.amount.replace(',', '.'));
  if (amountKopecks <= 0) throw new HttpError(422, 'INVALID_AMOUNT', `Сумма платежа ${input.amount} должна быть больше нуля.`, [{ field: 'amount', message: 'больше нуля' }]);

  return db.transaction(async (tx) => {
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
      .returning({ id: payments.id });
    if (inserted.length === 0) {
      const [existing] = await tx.select().from(payments).where(eq(payments.externalId, input.paymentId));
      if (existing!.amountKopecks !== amountKopecks || existing!.invoiceNumber !== input.invoiceNumber) {
        throw new HttpError(409, 'PAYMENT_CONFLICT', `Платёж ${input.paymentId} уже получен с другими данными (счёт ${existing!.invoiceNumber}, сумма ${formatMinor(existing!.amountKopecks)}).`);
      }
      // A repeat may be 1C retrying after SID failed to wake the workflow: wake it again (harmless).
      const [invoice] = existing!.status === 'applied' && existing!.invoiceId ? await tx.select({ workflowId: invoices.workflowId }).from(invoices).where(eq(invoices.id, existing!.invoiceId)) : [];
      return { status: 'duplicate', invoiceNumber: input.invoiceNumber, workflowId: invoice?.workflowId ?? null };
    }
    const paymentRowId = inserted[0]!.id;

    // The invoice row is locked so that expiry (a workflow activity) and payments serialise.
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.number, input.invoiceNumber)).for('update');
    if (!invoice) {
      await tx.update(payments).set({ status: 'queued' }).where(eq(payments.id, paymentRowId));
      await queue(tx, 'payment_unknown_invoice', input.invoiceNumber, `Платёж ${input.paymentOrderNumber} на ${formatMinor(amountKopecks)} ₽ по неизвестному счёту ${input.invoiceNumber}`, { ...input, amountKopecks });
      return { status: 'queued', reason: 'unknown_invoice' };
    }
    if (invoice.status === 'expired' || invoice.status === 'cancelled') {
      await tx.update(payments).set({ status: 'queued', invoiceId: invoice.id }).where(eq(payments.id, paymentRowId));
      await queue(tx, 'payment_after_expiry', input.invoiceNumber, `Платёж ${input.paymentOrderNumber} на ${formatMinor(amountKopecks)} ₽ пришёл по счёту ${input.invoiceNumber} после его аннулирования`, { ...input, amountKopecks });
      return { status: 'queued', reason: 'invoice_closed' };
    }

    const paidBefore = invoice.paidKopecks;
    const paidAfter = paidBefore + amountKopecks;
    await tx.update(payments).set({ status: 'applied', invoiceId: invoice.id }).where(eq(payments.id, paymentRowId));
    await tx
      .update(invoices)
      .set({
        paidKopecks: paidAfter,
        // The workflow closes a fully paid invoice; a partly paid one shows what is left.
        status: paidAfter < invoice.amountKopecks && invoice.status === 'issued' ? 'partially_paid' : invoice.status,
        updatedAt: sql`now()`,
      })
      .where(eq(invoices.id, invoice.id));
    const overpaidKopecks = Math.max(0, paidAfter - Math.max(paidBefore, invoice.amountKopecks));
    if (overpaidKopecks > 0) {
      await queue(tx, 'overpayment', input.invoiceNumber, `Переплата ${formatMinor(overpaidKopecks)} ₽ по счёту ${input.invoiceNumber} (платёж ${input.paymentOrderNumber})`, { ...input, amountKopecks, overpaidKopecks });
    }
    return {
      status: 'applied',
      invoiceNumber: input.invoiceNumber,
      remainingKopecks: Math.max(0, invoice.amountKopecks - paidAfter),
      overpaidKopecks,
      workflowId: invoice.workflowId,
    };
  });
}

/** 1C reports a payment as cancelled (returned, wrongly posted): the invoice owes it again. */
export async function cancelPayment(db: Db, paymentId: string, reason: string): Promise<{ changed: boolean; workflowId: string | null }> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.externalId, paymentId)).for('update');
    if (!payment) throw new HttpError(404, 'PAYMENT_NOT_FOUND', `Платёж ${paymentId} в SID не найден.`);
    if (payment.status === 'cancelled') return { changed: false, workflowId: null };
    await tx.update(payments).set({ status: 'cancelled' }).where(eq(payments.id, payment.id));
    if (payment.status !== 'applied' || !payment.invoiceId) return { changed: true, workflowId: null };
    const [invoice] = await tx
      .update(invoices)
      .set({ paidKopecks: sql`${invoices.paidKopecks} - ${payment.amountKopecks}`, updatedAt: sql`now()` })
      .where(eq(invoices.id, payment.invoiceId))
      .returning();
    if (invoice!.status === 'paid') {
      await queue(tx, 'paid_invoice_payment_cancelled', invoice!.number ?? invoice!.id, `1С отменил платёж ${payment.paymentOrderNumber} по уже закрытому счёту ${invoice!.number}: ${reason}`, { paymentId, reason });
    }
    return { changed: true, workflowId: invoice!.workflowId };
  });
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
): Promise<{ documentType: 'invoice' | 'act'; workflowId: string; repeated: boolean }> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, input.sidDocumentId));
  const [act] = invoice ? [] : await db.select().from(acts).where(eq(acts.id, input.sidDocumentId));
  const document = invoice ?? act;
  if (!document) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', `Документ ${input.sidDocumentId} в SID не найден.`);
  if (document.number && document.number !== input.number) {
    throw new HttpError(409, 'NUMBER_CONFLICT', `Документу ${input.sidDocumentId} уже присвоен номер ${document.number}.`);
  }
  const repeated = document.number === input.number;
  if (invoice && !repeated) {
    try {
      calendar.addBankingDays(input.date, invoice.termBankingDays);
    } catch (err) {
      throw new HttpError(422, 'CALENDAR_MISSING', `Срок оплаты от ${input.date} не определить: ${(err as Error).message}. Номер не принят.`, [{ field: 'date', message: (err as Error).message }]);
    }
  }
  try {
    const table = invoice ? invoices : acts;
    const updated = await db
      .update(table)
      .set({ number: input.number, numberDate: input.date })
      .where(and(eq(table.id, document.id), sql`(${table.number} is null or ${table.number} = ${input.number})`))
      .returning({ id: table.id });
    if (updated.length === 0) throw new HttpError(409, 'NUMBER_CONFLICT', `Документу ${input.sidDocumentId} уже присвоен другой номер.`);
  } catch (err) {
    if (isUniqueViolation(err)) throw new HttpError(409, 'NUMBER_TAKEN', `Номер ${input.number} уже присвоен другому документу.`);
    throw err;
  }
  return { documentType: invoice ? 'invoice' : 'act', workflowId: document.workflowId, repeated };
}
