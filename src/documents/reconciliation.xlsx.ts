import { writeXlsx, type XlsxRow } from '../infra/xlsx-writer';
import { balanceColumns, type ReconciliationDocument } from './reconciliation.model';
import { reconciliationTexts as t } from '../locale/reconciliation.ru';
import { partyLine } from './layout';
import { shortDate } from '../locale/documents.ru';

/** The four columns of the statement's table: where the rows begin, for readers of the sheet. */
export const RECONCILIATION_TABLE_HEADER = [t.columns.date, t.columns.document, t.columns.debit, t.columns.credit] as const;

const amount = (kopecks: number | null) => (kopecks === null || kopecks === 0 ? null : { kopecks });

/**
 * The same statement as the PDF, as a spreadsheet the dealer's accountant can sort and sum: the
 * distributor's side only (the dealer's own figures are what it compares them with), amounts as
 * numbers of roubles.
 */
export function renderReconciliationXlsx(doc: ReconciliationDocument): Buffer {
  const s = doc.statement;
  const opening = balanceColumns(s.openingKopecks);
  const closing = balanceColumns(s.closingKopecks);
  const rows: XlsxRow[] = [
    { cells: [t.documentTitle(s.period.from, s.period.to)], bold: true },
    { cells: [t.supplierLabel, partyLine(doc.supplier, false)] },
    { cells: [t.buyerLabel, partyLine(doc.buyer, false)] },
    ...(doc.basis ? [{ cells: [t.basisLabel, doc.basis] }] : []),
    { cells: [t.side(doc.supplier.name)] },
    { cells: RECONCILIATION_TABLE_HEADER, bold: true },
    { cells: [t.opening, null, amount(opening.debitKopecks), amount(opening.creditKopecks)], bold: true },
    ...s.rows.map((row): XlsxRow => ({ cells: [shortDate(row.date), t.document(row), amount(row.debitKopecks), amount(row.creditKopecks)] })),
    { cells: [t.turnover, null, amount(s.debitKopecks), amount(s.creditKopecks)], bold: true },
    { cells: [t.closing, null, amount(closing.debitKopecks), amount(closing.creditKopecks)], bold: true },
    { cells: [] },
    { cells: [t.result({ supplier: doc.supplier.name, buyer: doc.buyer.name, to: s.period.to, closingKopecks: s.closingKopecks, debtor: s.debtor })] },
  ];
  return writeXlsx({ name: t.sheetName, rows, columnWidths: [18, 48, 16, 16] });
}
