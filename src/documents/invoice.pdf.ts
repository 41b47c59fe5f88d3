import { formatMinor } from '../domain/money';
import { checkInvoiceModel, type InvoiceModel } from './documents.model';
import {
  amountLines,
  bankDetailsBox,
  documentFrame,
  invoiceSignatures,
  labelledRows,
  linesTable,
  partyLine,
  paymentQrBlock,
  rule,
  totalsBlock,
} from './layout';
import { renderPdf } from './pdf';
import { texts } from '../locale/documents.ru';

/** Счёт на оплату: the bank box first, because the payer copies it into a payment order. */
export async function renderInvoicePdf(model: InvoiceModel): Promise<Buffer> {
  checkInvoiceModel(model);
  const t = texts.invoice;
  const title = t.title(model.number, model.date);
  const basis = [model.basis, model.orderNumber && t.order(model.orderNumber)].filter(Boolean).join('; ');
  const rows: [string, string][] = [
    [t.supplier, partyLine(model.supplier, false)],
    [t.buyer, partyLine(model.buyer, false)],
  ];
  if (basis) rows.push([t.basis, basis]);

  const definition = documentFrame(title, [
    bankDetailsBox(model.supplier),
    { text: title, style: 'title' },
    rule(),
    labelledRows(rows),
    linesTable(model.lines, texts.lines.name),
    {
      // Totals, words and signatures move to the next page together rather than split.
      unbreakable: true,
      stack: [
        totalsBlock(model.totals, model.lines),
        amountLines(t.count(model.lines.length, formatMinor(model.totals.grossKopecks)), model.totals.grossKopecks),
        ...(model.paymentDueDate ? [{ text: t.payUntil(model.paymentDueDate), bold: true, margin: [0, 0, 0, 3] as [number, number, number, number] }] : []),
        ...paymentQrBlock(model.paymentQr),
        { text: t.notice, style: 'small' },
        rule(),
        invoiceSignatures(model.supplier.director, model.chiefAccountant),
      ],
    },
  ]);
  return renderPdf(definition, { title, author: model.supplier.name, date: model.date });
}
