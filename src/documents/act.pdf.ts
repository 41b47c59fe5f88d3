import { formatMinor } from '../domain/money';
import { checkActModel, type ActModel } from './documents.model';
import { actSignatures, amountLines, documentFrame, labelledRows, linesTable, partyLine, rule, totalsBlock } from './layout';
import { renderPdf } from './pdf';
import { monthName, texts } from '../locale/documents.ru';

/**
 * Акт приёма-передачи прав with the requisites 402-ФЗ art. 9 requires of a primary document:
 * title and date, both organisations, what was transferred, quantities and and the
 * positions, names and signature places of the people responsible on each side.
 */
export async function renderActPdf(model: ActModel): Promise<Buffer> {
  checkActModel(model);
  const t = texts.act;
  const title = t.title(model.number, model.date);
  const rows: [string, string][] = [
    [t.supplier, partyLine(model.supplier, true)],
    [t.buyer, partyLine(model.buyer, true)],
  ];
  if (model.basis) rows.push([t.basis, model.basis]);
  rows.push(
    model.scope.kind === 'order'
      ? [t.orderLabel, t.order(model.scope.orderNumber, model.scope.orderDate)]
      : [t.monthLabel, monthName(model.scope.month)],
  );

  const definition = documentFrame(title, [
    { text: title, style: 'title', alignment: 'center', margin: [0, 0, 0, 2] },
    { text: t.subtitle, style: 'subtitle', alignment: 'center' },
    rule(),
    labelledRows(rows),
    { text: t.intro, margin: [0, 0, 0, 4] },
    linesTable(model.lines, texts.lines.rightsName),
    {
      unbreakable: true,
      stack: [
        // An act records a transfer, not a demand for payment: no "Всего к оплате".
        totalsBlock(model.totals, model.lines, { toPay: false }),
        amountLines(t.total(formatMinor(model.totals.grossKopecks)), model.totals.grossKopecks),
        { text: t.closing, margin: [0, 0, 0, 4] },
        rule(),
        actSignatures(
          { organisation: model.supplier.name, signatory: model.supplierSignatory },
          { organisation: model.buyer.name, signatory: model.buyerSignatory },
        ),
      ],
    },
  ]);
  return renderPdf(definition, { title, author: model.supplier.name, date: model.date });
}
