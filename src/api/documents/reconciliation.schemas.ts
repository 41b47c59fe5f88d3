import { z } from 'zod';
import type { ReconciliationDocument } from '../../documents/reconciliation.model';
import { checkPeriod, MAX_PERIOD_YEARS, type Period } from '../../domain/reconciliation';
import { ru } from '../../locale/ru';
import { inRussian } from '../../locale/zod.ru';
import { HttpError } from '../errors';
import { isoDateSchema } from '../iso-date';
import { anyDealer, errors, fileResponse, isoDate, kopecks } from '../common.schemas';

const t = ru.reconciliation;

const periodFields = {
  from: z.string({ error: t.fromRequired }).pipe(isoDateSchema).meta({ example: '2026-10-01' }),
  to: z.string({ error: t.toRequired }).pipe(isoDateSchema).meta({ example: '2026-12-31' }),
};
/** The period of a statement, as the query string gives it (also what the OpenAPI description shows). */
export const periodSchema = z.object(periodFields);

/** Real days in the right order, at most five years apart; each mistake named on its field. */
export function parsePeriod(input: unknown, where: 'query' | 'body' = 'query'): Period {
  const parsed = periodSchema.safeParse(input ?? {}, inRussian);
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

const party = z.object({ name: z.string(), inn: z.string(), kpp: z.string().nullable() });

/** The statement as JSON (statementAnswer). */
export const statementSchema = z
  .object({
    period: z.object({ from: isoDate, to: isoDate }),
    date: isoDate.meta({ description: 'The day the statement was drawn up (Moscow)' }),
    supplier: party,
    dealer: party,
    openingKopecks: kopecks.meta({ description: 'Positive: the dealer owes; negative: an advance in the dealer’s favour' }),
    debitKopecks: kopecks,
    creditKopecks: kopecks,
    closingKopecks: kopecks,
    debtor: z.enum(['dealer', 'supplier', 'nobody']),
    rows: z.array(
      z.object({
        date: isoDate,
        kind: z.enum(['shipment', 'payment']),
        documentNumber: z.string().nullable().meta({ description: 'The act’s 1C number (shipments)' }),
        orderNumber: z.string().nullable(),
        invoiceNumber: z.string().nullable().meta({ description: 'The invoice a payment was applied to (payments)' }),
        paymentOrderNumber: z.string().nullable(),
        debitKopecks: kopecks,
        creditKopecks: kopecks,
      }),
    ),
  })
  .meta({ id: 'ReconciliationStatement' });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The dealer's statement in each format; staff read any dealer's through the same answers. */
export const reconciliationContracts = {
  json: {
    tags: ['invoices'],
    summary: 'Reconciliation statement (акт сверки) for a period: opening balance, movements, closing balance',
    security: anyDealer,
    querystring: periodSchema,
    response: { 200: statementSchema, ...errors(400, 401, 403) },
  },
  pdf: {
    tags: ['invoices'],
    summary: 'The reconciliation statement as PDF',
    security: anyDealer,
    querystring: periodSchema,
    response: { 200: fileResponse('application/pdf', 'PDF'), ...errors(400, 401, 403) },
  },
  xlsx: {
    tags: ['invoices'],
    summary: 'The reconciliation statement as an Excel workbook',
    security: anyDealer,
    querystring: periodSchema,
    response: { 200: fileResponse(XLSX_TYPE, 'XLSX'), ...errors(400, 401, 403) },
  },
};

/** What staff get when they mail a dealer its statement: the mail workflow started, to the dealer's address. */
export const statementSentSchema = z.object({ workflowId: z.string(), email: z.string(), message: z.string() });
/** The period of a statement to mail is read like the statement's own query (parsePeriod); the answer is declared. */
export const reconciliationSendContract = { response: { 202: statementSentSchema, ...errors(401, 403, 404, 409, 503) } };
