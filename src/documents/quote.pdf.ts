import type { Content } from 'pdfmake/interfaces';
import { formatMinor } from '../domain/money';
import type { DocumentLine, DocumentTotals, PartyRequisites } from './documents.model';
import { amountLines, documentFrame, labelledRows, linesTable, partyLine, rule, surnameWithInitials, totalsBlock } from './layout';
import { renderPdf } from './pdf';
import { texts } from '../locale/documents.ru';

/** A dealer's commercial offer to its customer, as printed: the dealer sells, at its marked-up prices. */
export interface QuoteModel {
  number: string;
  /** YYYY-MM-DD, Moscow: the day the offer was made (also the PDF's creation date). */
  date: string;
  validUntil: string;
  /** The dealer, with the requisites from its `dealers` row. */
  seller: PartyRequisites;
  customer: { name: string; inn?: string };
  endUser?: { name: string; inn?: string };
  lines: DocumentLine[];
  totals: DocumentTotals;
}

/**
 * Коммерческое предложение: the seller's full requisites at the top (the customer copies them into
 * its own papers), the lines with VAT per line, totals, the amount in words and the validity date.
 * Rendered from the stored quote on every download; the same quote gives the same bytes.
 */
export async function renderQuotePdf(model: QuoteModel): Promise<Buffer> {
  const t = texts.quote;
  const title = t.title(model.number, model.date);
  const withInn = (p: { name: string; inn?: string }) => [p.name, p.inn && t.customerInn(p.inn)].filter(Boolean).join(', ');
  const rows: [string, string][] = [
    [t.seller, partyLine(model.seller, true)],
    [t.customer, withInn(model.customer)],
  ];
  if (model.endUser) rows.push([t.endUser, withInn(model.endUser)]);

  const signature: Content = {
    columns: [
      { text: texts.signatures.head, bold: true, width: 'auto' },
      { text: '_______________________', width: 'auto', margin: [10, 0, 10, 0] },
      { text: surnameWithInitials(model.seller.director), width: '*' },
    ],
    margin: [0, 14, 0, 0],
  };
  const definition = documentFrame(title, [
    { text: title, style: 'title' },
    rule(),
    labelledRows(rows),
    { text: t.intro, margin: [0, 0, 0, 6] },
    linesTable(model.lines, texts.lines.rightsName),
    {
      unbreakable: true,
      stack: [
        totalsBlock(model.totals, model.lines, { toPay: false }),
        amountLines(t.count(model.lines.length, formatMinor(model.totals.grossKopecks)), model.totals.grossKopecks),
        { text: t.validUntil(model.validUntil), bold: true, margin: [0, 0, 0, 3] },
        { text: t.terms, style: 'small' },
        signature,
      ],
    },
  ]);
  return renderPdf(definition, { title, author: model.seller.name, date: model.date });
}
