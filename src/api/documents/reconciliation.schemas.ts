import { z } from 'zod';
import type { ReconciliationDocument } from '../../activities/documents/reconciliation.model';
import { checkPeriod, MAX_PERIOD_YEARS, type Period } from '../../domain/reconciliation';
import { ru } from '../../locale/ru';
import { HttpError } from '../errors';
import { isoDateSchema } from '../iso-date';

const t = ru.reconciliation;

const periodFields = {
  from: z.string({ error: t.fromRequired }).pipe(isoDateSchema),
  to: z.string({ error: t.toRequired }).pipe(isoDateSchema),
};
/** The period of a statement, as the query string gives it (also what the OpenAPI description shows). */
export const periodSchema = z.object(periodFields);

/** Real days in the right order, at most five years apart; each mistake named on its field. */
export function parsePeriod(input: unknown, where: 'query' | 'body' = 'query'): Period {
  const parsed = periodSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || where, message: issue.message }));
    throw new HttpError(400, 'INVALID_PERIOD', t.invalidPeriod, fields);
  }
  const period = parsed.data;
  const problem = checkPeriod(period);
  if (problem === 'from_after_to') {
    throw new HttpError(400, 'INVALID_PERIOD', t.fromAfterTo(period.from, period.to), [{ field: 'from', message: t.fromAfterTo(period.from, period.to) }]);
  }
  if (problem === 'too_long') throw new HttpError(400, 'INVALID_PERIOD', t.tooLong(MAX_PERIOD_YEARS), [{ field: 'to', message: t.tooLong(MAX_PERIOD_YEARS) }]);
  return period;
}

/** The statement as JSON: the domain's figures and the parties' names, everything in kopecks. */
export function statementAnswer(doc: ReconciliationDocument) {
  const s = doc.statement;
  return {
    period: s.period,
    date: doc.date,
    supplier: { name: doc.supplier.name, inn: doc.supplier.inn, kpp: doc.supplier.kpp ?? null },
    dealer: { name: doc.buyer.name, inn: doc.buyer.inn, kpp: doc.buyer.kpp ?? null },
    openingKopecks: s.openingKopecks,
    debitKopecks: s.debitKopecks,
    creditKopecks: s.creditKopecks,
    closingKopecks: s.closingKopecks,
    debtor: s.debtor,
    rows: s.rows.map((row) => ({
      date: row.date,
      kind: row.kind,
      /** The shipment document's (act's) 1C number; null for a payment. */
      documentNumber: row.kind === 'shipment' ? row.documentNumber : null,
      orderNumber: row.kind === 'shipment' ? row.orderNumber : null,
      invoiceNumber: row.kind === 'payment' ? row.invoiceNumber : null,
      paymentOrderNumber: row.kind === 'payment' ? row.paymentOrderNumber : null,
      debitKopecks: row.debitKopecks,
      creditKopecks: row.creditKopecks,
    })),
  };
}
