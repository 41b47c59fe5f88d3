import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { acts, invoices, payments, staffQueue } from '../../../db/schema';
import { formatMinor, parseMinor } from '../../domain/money';
import { HttpError } from '../errors';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type PaymentOutcome =
  | { status: 'applied'; invoiceNumber: string; remainingKopecks: number; overpaidKopecks: number; workflowId: string }
  | { status: 'duplicate'; invoiceNumber: string }
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
      return { status: 'duplicate', invoiceNumber: input.invoiceNumber };
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
 * Stores nothing itself: the invoice workflow records the number. This checks that the number
 * fits (the same number again is fine, another number for a numbered invoice or a number already
 * taken is refused) and names the workflow to signal.
 */
export async function checkDocumentNumber(
  db: Db,
  input: { sidDocumentId: string; number: string },
): Promise<{ documentType: 'invoice' | 'act'; workflowId: string; repeated: boolean }> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, input.sidDocumentId));
  if (!invoice) return checkActNumber(db, input);
  if (invoice.number && invoice.number !== input.number) {
    throw new HttpError(409, 'NUMBER_CONFLICT', `Документу ${input.sidDocumentId} уже присвоен номер ${invoice.number}.`);
  }
  const [taken] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.number, input.number), ne(invoices.id, invoice.id)));
  if (taken) throw new HttpError(409, 'NUMBER_TAKEN', `Номер ${input.number} уже присвоен другому счёту.`);
  return { documentType: 'invoice', workflowId: invoice.workflowId, repeated: invoice.number === input.number };
}

async function checkActNumber(db: Db, input: { sidDocumentId: string; number: string }) {
  const [act] = await db.select().from(acts).where(eq(acts.id, input.sidDocumentId));
  if (!act) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', `Документ ${input.sidDocumentId} в SID не найден.`);
  if (act.number && act.number !== input.number) throw new HttpError(409, 'NUMBER_CONFLICT', `Акту ${input.sidDocumentId} уже присвоен номер ${act.number}.`);
  const [taken] = await db.select({ id: acts.id }).from(acts).where(and(eq(acts.number, input.number), ne(acts.id, act.id)));
  if (taken) throw new HttpError(409, 'NUMBER_TAKEN', `Номер ${input.number} уже присвоен другому акту.`);
  return { documentType: 'act' as const, workflowId: act.workflowId, repeated: act.number === input.number };
}
