import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatMinor } from '../domain/money';
import { cellBorders, documentFrame, headerCell, surnameWithInitials, thinLines } from './layout';
import { renderPdf } from './pdf';
import { shortDate, texts } from '../locale/documents.ru';
import { checkUpdModel, taxRateCode, type UpdModel } from './upd.model';

/**
 * The printed form of the УПД (the form of the ФНС letter ММВ-20-3/96@, landscape): the status box,
 * the счёт-фактура's header lines, the table with its columns, «Всего к оплате» and the
 * signatures of the transfer. The same model as the XML, so the two cannot disagree.
 */
export async function renderUpdPdf(model: UpdModel): Promise<Buffer> {
  checkUpdModel(model);
  const t = texts.upd;
  const heading = model.status === 1 ? t.invoiceTitle(model.number, model.date) : t.transferTitle(model.number, model.date);
  const innKpp = (party: { inn: string; kpp?: string }) => (party.kpp ? `${party.inn}/${party.kpp}` : party.inn);

  const statusBox = {
    width: 150,
    table: {
      widths: ['*'],
      body: [[{ stack: [t.title, { text: t.status(model.status), fontSize: 11, bold: true, margin: [0, 2, 0, 2] }, { text: t.statusNote, style: 'caption' }] }]],
    },
    layout: thinLines,
  } satisfies Content & { width: number };
  const headerRows: [string, string][] = [
    [t.seller, model.supplier.name],
    [t.sellerAddress, model.supplier.address],
    [t.sellerInnKpp, innKpp(model.supplier)],
    [t.shipper, t.none],
    [t.consignee, t.none],
    [t.paymentDocument, t.none],
    [t.shippingDocumentLabel, t.shippingDocumentValue(model.lines.length, model.number, model.date)],
    [t.buyer, model.buyer.name],
    [t.buyerAddress, model.buyer.address],
    [t.buyerInnKpp, innKpp(model.buyer)],
    [t.currency, t.currencyValue],
  ];
  const header = {
    width: '*',
    stack: [
      { text: heading, style: 'title', margin: [0, 0, 0, 4] },
      {
        table: { widths: [150, '*'], body: headerRows.map(([label, value]) => [label, { text: value, bold: true }]) },
        layout: { ...cellBorders, hLineWidth: () => 0, paddingTop: () => 0.5, paddingBottom: () => 0.5 },
        fontSize: 8,
      },
    ],
  } satisfies Content & { width: string };

  const c = t.columns;
  const columns = [c.number, c.code, c.name, c.unitCode, c.unitName, c.quantity, c.price, c.net, c.excise, c.rate, c.vat, c.gross].map(headerCell);
  const right = (text: string) => ({ text, alignment: 'right' as const, noWrap: true });
  const rows: TableCell[][] = model.lines.map((line) => [
    { text: String(line.lineNo), alignment: 'center' },
    { text: line.partNumber },
    { text: line.name },
    { text: t.none, alignment: 'center' },
    { text: line.unit, alignment: 'center' },
    right(String(line.quantity)),
    right(formatMinor(line.unitPriceKopecks)),
    right(formatMinor(line.netKopecks)),
    { text: t.noExcise, alignment: 'center' },
    { text: taxRateCode(line.vatBasisPoints), alignment: 'center', noWrap: true },
    line.vatBasisPoints === 0 ? { text: t.noVatCode, alignment: 'center', noWrap: true } : right(formatMinor(line.vatKopecks)),
    right(formatMinor(line.grossKopecks)),
  ]);
  const totalRow: TableCell[] = [
    { text: t.totalToPay, bold: true, colSpan: 7 },
    {}, {}, {}, {}, {}, {},
    { ...right(formatMinor(model.totals.netKopecks)), bold: true },
    // The form crosses out the excise and rate cells of «Всего к оплате».
    { text: 'Х', alignment: 'center' },
    { text: 'Х', alignment: 'center' },
    model.status === 2 ? { text: t.noVatCode, alignment: 'center', bold: true } : { ...right(formatMinor(model.totals.vatKopecks)), bold: true },
    { ...right(formatMinor(model.totals.grossKopecks)), bold: true },
  ];
  const table: Content = {
    table: { headerRows: 1, dontBreakRows: true, widths: [18, 70, '*', 30, 34, 42, 62, 70, 44, 40, 62, 70], body: [columns, ...rows, totalRow] },
    layout: thinLines,
    fontSize: 7.5,
    margin: [0, 8, 0, 8],
  };

  /** Position, signature, name deciphered; under a label on the left when given (a full-width line). */
  const signatureLine = (label: string | null, position: string, name: string): Content => {
    const line = (text: string, alignment: 'left' | 'center' = 'left'): TableCell => ({ text, alignment, border: [false, false, false, true] });
    const cells = [line(position), line(''), line(surnameWithInitials(name), 'center')];
    return {
      table: {
        widths: label === null ? ['*', 50, 90] : [150, '*', 80, 120],
        body: [label === null ? cells : [{ text: label, border: [false, false, false, false] }, ...cells]],
      },
      layout: cellBorders,
      margin: [0, 2, 0, 2],
    };
  };
  const basis = model.basisDocuments.length > 0
    ? model.basisDocuments.map((doc) => t.basisDocument(doc.kind === 'contract' ? t.contract : t.order, doc.number, doc.date)).join('; ')
    : t.noBasis;

  const definition = documentFrame(heading, [
    { columns: [statusBox, header], columnGap: 12 },
    table,
    {
      unbreakable: true,
      stack: [
        signatureLine(t.head, model.supplierSignatory.position, model.supplierSignatory.name),
        signatureLine(t.chiefAccountant, '', model.chiefAccountant),
        { text: [t.basis, ' ', { text: basis, bold: true }], margin: [0, 6, 0, 2] },
        {
          columns: [
            {
              stack: [
                { text: t.transferredBy, bold: true },
                signatureLine(null, model.supplierSignatory.position, model.supplierSignatory.name),
                { text: [t.transferDate, ' ', { text: shortDate(model.date), bold: true }] },
                { text: [t.composerLabel, ' ', { text: t.composer(model.supplier.name, model.supplier.inn), bold: true }], margin: [0, 4, 0, 0] },
              ],
            },
            {
              stack: [
                { text: t.receivedBy, bold: true },
                signatureLine(null, model.buyerSignatory.position, model.buyerSignatory.name),
                { text: t.receivedDate },
                { text: [t.composerLabel, ' ', { text: t.composer(model.buyer.name, model.buyer.inn), bold: true }], margin: [0, 4, 0, 0] },
              ],
            },
          ],
          columnGap: 20,
          fontSize: 8,
        },
        { text: t.fileLabel(model.fileId), style: 'caption', margin: [0, 8, 0, 0] },
      ],
    },
  ]);
  return renderPdf({ ...definition, pageOrientation: 'landscape' }, { title: heading, author: model.supplier.name, date: model.date });
}
