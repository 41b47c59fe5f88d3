import type { Content, ContentText, TableCell, TableCellProperties } from 'pdfmake/interfaces';
import { formatMinor } from '../domain/money';
import type { Signatory } from './documents.model';
import { cellBorders, documentFrame, headerCell, labelledRows, partyLine, rule, surnameWithInitials, thinLines } from './layout';
import { renderPdf } from './pdf';
import { balanceColumns, type ReconciliationDocument } from './reconciliation.model';
import { reconciliationTexts as t } from '../locale/reconciliation.ru';
import { shortDate, texts } from '../locale/documents.ru';

type TextCell = ContentText & TableCellProperties;
const money = (kopecks: number | null): TextCell => ({ text: kopecks === null || kopecks === 0 ? '' : formatMinor(kopecks), alignment: 'right', noWrap: true });
/** The dealer's half of a row: left blank for its accountant to fill in from its own books. */
const theirSide = (): TableCell[] => ['', '', '', ''];

/** A summary row (opening, turnover, closing): the label over date and document, on both sides. */
function summaryRow(label: string, debitKopecks: number | null, creditKopecks: number | null): TableCell[] {
  const labelCell = (): TableCell[] => [{ text: label, colSpan: 2, bold: true }, {}];
  return [...labelCell(), { ...money(debitKopecks), bold: true }, { ...money(creditKopecks), bold: true }, ...labelCell(), '', ''];
}

/**
 * The two-sided table of the Russian акт сверки: the distributor's side filled from its books,
 * the dealer's side with the same columns left empty, so the dealer can compare line by line.
 */
function statementTable(doc: ReconciliationDocument): Content {
  const s = doc.statement;
  const opening = balanceColumns(s.openingKopecks);
  const closing = balanceColumns(s.closingKopecks);
  // Fresh cells for each side: pdfmake writes layout data into the cell objects it draws.
  const columns = () => [t.columns.date, t.columns.document, t.columns.debit, t.columns.credit].map(headerCell);
  const body: TableCell[][] = [
    [
      { text: t.side(doc.supplier.name), colSpan: 4, style: 'tableHeader' },
      {},
      {},
      {},
      { text: t.side(doc.buyer.name), colSpan: 4, style: 'tableHeader' },
      {},
      {},
      {},
    ],
    [...columns(), ...columns()],
    summaryRow(t.opening, opening.debitKopecks, opening.creditKopecks),
    ...s.rows.map((row): TableCell[] => [
      { text: shortDate(row.date), noWrap: true },
      t.document(row),
      money(row.debitKopecks),
      money(row.creditKopecks),
      ...theirSide(),
    ]),
    summaryRow(t.turnover, s.debitKopecks, s.creditKopecks),
    summaryRow(t.closing, closing.debitKopecks, closing.creditKopecks),
  ];
  return {
    table: { headerRows: 2, dontBreakRows: true, widths: [40, '*', 50, 50, 40, '*', 50, 50], body },
    layout: thinLines,
    fontSize: 7.5,
    margin: [0, 0, 0, 8],
  };
}


/** От ООО «…»: position, signature and its decoding, stamp — the block 1C prints under the table. */
function signatureBlock(organisation: string, signatory: Signatory): Content {
  const plain = (cell: TextCell): TextCell => ({ ...cell, border: [false, false, false, false] });
  const underlined = (cell: TextCell): TextCell => ({ ...cell, border: [false, false, false, true] });
  const caption = (text: string): TextCell => plain({ text, style: 'caption', alignment: 'center' });
  return {
    table: {
      widths: [80, '*'],
      body: [
        [plain({ text: t.signFor(organisation), bold: true, colSpan: 2, margin: [0, 0, 0, 6] }), plain({ text: '' })],
        [underlined({ text: signatory.position, colSpan: 2 }), plain({ text: '' })],
        [plain({ ...caption(texts.signatures.position), colSpan: 2 }), plain({ text: '' })],
        [underlined({ text: '', margin: [0, 14, 0, 0] }), underlined({ text: surnameWithInitials(signatory.name), alignment: 'center', margin: [0, 14, 0, 0] })],
        [caption(texts.signatures.signature), caption(texts.signatures.decoding)],
        [plain({ text: t.stamp, margin: [0, 4, 0, 0] }), plain({ text: '' })],
      ],
    },
    layout: cellBorders,
  };
}

/** Акт сверки взаимных расчётов for a period, as the distributor's books see it. */
export async function renderReconciliationPdf(doc: ReconciliationDocument): Promise<Buffer> {
  const s = doc.statement;
  const title = t.documentTitle(s.period.from, s.period.to);
  const person = (signatory: Signatory) => surnameWithInitials(signatory.name);
  const definition = documentFrame(title, [
    { text: t.title, style: 'title', alignment: 'center', margin: [0, 0, 0, 2] },
    { text: t.subtitle(s.period.from, s.period.to, doc.supplier.name, doc.buyer.name), style: 'subtitle', alignment: 'center' },
    rule(),
    labelledRows([
      [t.supplierLabel, partyLine(doc.supplier, false)],
      [t.buyerLabel, partyLine(doc.buyer, false)],
      ...(doc.basis ? [[t.basisLabel, doc.basis] as [string, string]] : []),
    ]),
    {
      text: t.intro(
        { name: doc.supplier.name, position: doc.supplierSignatory.position, person: person(doc.supplierSignatory) },
        { name: doc.buyer.name, position: doc.buyerSignatory.position, person: person(doc.buyerSignatory) },
      ),
      margin: [0, 0, 0, 6],
    },
    statementTable(doc),
    {
      // The result and the signatures stay together rather than split across pages.
      unbreakable: true,
      stack: [
        { text: t.result({ supplier: doc.supplier.name, buyer: doc.buyer.name, to: s.period.to, closingKopecks: s.closingKopecks, debtor: s.debtor }), bold: true, margin: [0, 0, 0, 6] },
        rule(),
        { columns: [signatureBlock(doc.supplier.name, doc.supplierSignatory), signatureBlock(doc.buyer.name, doc.buyerSignatory)], columnGap: 30, margin: [0, 6, 0, 0] },
      ],
    },
  ]);
  return renderPdf(definition, { title, author: doc.supplier.name, date: doc.date });
}
