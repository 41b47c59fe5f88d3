import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatMinor } from '../domain/money';
import { checkConsolidatedInvoiceModel, type ConsolidatedInvoiceModel, type ConsolidatedOrderLine } from './documents.model';
import {
  amountLines,
  bankDetailsBox,
  documentFrame,
  headerCell,
  invoiceSignatures,
  labelledRows,
  partyLine,
  paymentQrBlock,
  rule,
  thinLines,
  totalsBlock,
} from './layout';
import { renderPdf } from './pdf';
import { shortDate, texts, vatRate } from '../locale/documents.ru';

/** One row per order of the month; the orders' own lines are on their acts. */
function ordersTable(orders: readonly ConsolidatedOrderLine[]): Content {
  const c = texts.consolidated.columns;
  const header = [c.number, c.order, c.orderDate, c.net, c.vat, c.gross].map(headerCell);
  const body: TableCell[][] = orders.map((order) => [
    { text: String(order.lineNo), alignment: 'center' },
    texts.consolidated.orderCell(order.orderNumber),
    { text: shortDate(order.orderDate), alignment: 'center' },
    { text: formatMinor(order.netKopecks), alignment: 'right', noWrap: true },
    order.vatBasisPoints === 0
      ? { text: texts.totals.noVat, alignment: 'center', noWrap: true }
      : { text: `${vatRate(order.vatBasisPoints)}: ${formatMinor(order.vatKopecks)}`, alignment: 'right', noWrap: true },
    { text: formatMinor(order.grossKopecks), alignment: 'right', noWrap: true },
  ]);
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [16, '*', 'auto', 'auto', 'auto', 'auto'], body: [header, ...body] },
    layout: thinLines,
    fontSize: 8,
    margin: [0, 0, 0, 6],
  };
}

/** Сводный счёт: the monthly scheme's single invoice for all orders shipped in the month. */
export async function renderConsolidatedInvoicePdf(model: ConsolidatedInvoiceModel): Promise<Buffer> {
  checkConsolidatedInvoiceModel(model);
  const t = texts.consolidated;
  const title = t.title(model.number, model.date);
  const rows: [string, string][] = [
    [texts.invoice.supplier, partyLine(model.supplier, false)],
    [texts.invoice.buyer, partyLine(model.buyer, false)],
  ];
  if (model.basis) rows.push([texts.invoice.basis, model.basis]);

  const definition = documentFrame(title, [
    bankDetailsBox(model.supplier),
    { text: title, style: 'title' },
    { text: t.period(model.month), style: 'subtitle' },
    rule(),
    labelledRows(rows),
    ordersTable(model.orders),
    {
      unbreakable: true,
      stack: [
        totalsBlock(model.totals, model.orders, { totalLabel: t.monthTotal(model.month) }),
        amountLines(t.count(model.orders.length, formatMinor(model.totals.grossKopecks)), model.totals.grossKopecks),
        ...(model.paymentDueDate
          ? [{ text: texts.invoice.payUntil(model.paymentDueDate), bold: true, margin: [0, 0, 0, 3] as [number, number, number, number] }]
          : []),
        ...paymentQrBlock(model.paymentQr),
        { text: texts.invoice.notice, style: 'small' },
        rule(),
        invoiceSignatures(model.supplier.director, model.chiefAccountant),
      ],
    },
  ]);
  return renderPdf(definition, { title, author: model.supplier.name, date: model.date });
}
