/**
 * Blocks the three documents share, so an invoice, its consolidated twin and the act look like
 * one family: the bank details box, party lines, the product table, totals and signatures.
 */
import type { Content, ContentText, CustomTableLayout, TableCell, TableCellProperties, TDocumentDefinitions } from 'pdfmake/interfaces';
import { amountInWords } from '../domain/amount-in-words';
import { formatMinor, type Minor } from '../domain/money';
import { vatByRate, type DocumentLine, type DocumentTotals, type PartyRequisites, type Signatory } from './documents.model';
import { texts, vatRate } from '../locale/documents.ru';

const NBSP = '\u00a0';
/** A4 minus the page margins below: what a full-width line or table spans. */
const PAGE_MARGINS: [number, number, number, number] = [40, 30, 30, 36];
export const CONTENT_WIDTH = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];

/** The frame every document shares; `title` also goes into the footer of multi-page documents. */
export function documentFrame(title: string, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 14, bold: true, margin: [0, 14, 0, 3] },
      subtitle: { fontSize: 10, bold: true, margin: [0, 0, 0, 3] },
      tableHeader: { bold: true, alignment: 'center', fillColor: '#eeeeee', fontSize: 8 },
      caption: { fontSize: 6.5, color: '#555555' },
      small: { fontSize: 7.5 },
    },
    footer: (page: number, pages: number) =>
      pages > 1 ? { text: texts.pageOf(title, page, pages), style: 'caption', alignment: 'right', margin: [PAGE_MARGINS[0], 12, PAGE_MARGINS[2], 0] } : null,
    content,
  };
}

/**
 * "Иванов Иван Иванович" → "Иванов И. И.", the way a signature is deciphered ("Мария-Анна" gives
 * "М.-А."). Anything that does not look like a capitalised full name is printed as given.
 */
export function surnameWithInitials(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  const looksLikeName = words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}[\p{L}-]*$/u.test(w));
  if (!looksLikeName) return fullName.trim();
  const initials = words.slice(1).map((w) => w.split('-').map((part) => `${part.charAt(0)}.`).join('-'));
  return [words[0], ...initials].join(NBSP);
}

export const thinLines: CustomTableLayout = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** Cells draw only the borders they ask for; used for signature lines. */
export const cellBorders: CustomTableLayout = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0,
  paddingLeft: () => 2,
  paddingRight: () => 2,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

type TextCell = ContentText & TableCellProperties;
const plain = (cell: TextCell): TableCell => ({ ...cell, border: [false, false, false, false] });
const underlined = (cell: TextCell): TableCell => ({ ...cell, border: [false, false, false, true] });
const caption = (text: string, colSpan?: number): TableCell => plain({ text, style: 'caption', alignment: 'center', colSpan });

export function rule(lineWidth = 1.2): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth }], margin: [0, 2, 0, 6] };
}

/** The box payers copy into their payment order, laid out as Russian banks' forms expect it. */
export function bankDetailsBox(supplier: PartyRequisites): Content {
  const t = texts.bank;
  return {
    table: {
      widths: ['*', '*', 34, 150],
      body: [
        [
          { colSpan: 2, rowSpan: 2, stack: [supplier.bankName, { text: t.recipientBank, style: 'caption', margin: [0, 4, 0, 0] }] },
          {},
          t.bik,
          supplier.bik,
        ],
        [{}, {}, t.account, supplier.correspondentAccount ?? ''],
        [
          `${t.inn} ${supplier.inn}`,
          supplier.kpp ? `${t.kpp} ${supplier.kpp}` : t.kpp,
          { text: t.account, rowSpan: 2 },
          { text: supplier.settlementAccount, rowSpan: 2 },
        ],
        [{ colSpan: 2, stack: [supplier.name, { text: t.recipient, style: 'caption', margin: [0, 4, 0, 0] }] }, {}, {}, {}],
      ],
    },
    layout: thinLines,
  };
}

/** "ООО «Ромашка», ИНН 7701234567, КПП 770101001, 123456, г. Москва, …" with bank details when asked. */
export function partyLine(party: PartyRequisites, withBank: boolean): string {
  const t = texts.party;
  const parts = [party.name, `${t.inn} ${party.inn}`];
  if (party.kpp) parts.push(`${t.kpp} ${party.kpp}`);
  parts.push(party.address);
  if (withBank) {
    parts.push(`${t.account} ${party.settlementAccount}`, `${t.bank} ${party.bankName}`, `${t.bik} ${party.bik}`);
    if (party.correspondentAccount) parts.push(`${t.correspondentAccount} ${party.correspondentAccount}`);
  }
  return parts.join(', ');
}

/** Label–value rows under the title: parties, basis, order. */
export function labelledRows(rows: readonly [string, string][]): Content {
  return {
    table: { widths: [72, '*'], body: rows.map(([label, value]) => [label, { text: value, bold: true }]) },
    layout: 'noBorders',
    margin: [0, 0, 0, 8],
  };
}

/** Short headers stay on one line: "Кол-во" would otherwise break at its hyphen. */
export function headerCell(text: string): TableCell {
  return { text, style: 'tableHeader', noWrap: !text.includes(' ') };
}

function vatCell(basisPoints: number, vat: Minor): TableCell {
  if (basisPoints === 0) return { text: texts.totals.noVat, alignment: 'center', noWrap: true };
  return { stack: [vatRate(basisPoints), formatMinor(vat)], alignment: 'right', noWrap: true };
}

/** The product table of the invoice and the act: VAT per line, rate and amount, or "Без НДС". */
export function linesTable(lines: readonly DocumentLine[], nameHeader: string): Content {
  const t = texts.lines;
  const header = [t.number, nameHeader, t.quantity, t.unit, t.price, t.net, t.vat, t.gross].map(headerCell);
  const body: TableCell[][] = lines.map((line) => [
    { text: String(line.lineNo), alignment: 'center' },
    { stack: [line.name, { text: `${t.partNumber}: ${line.partNumber}`, style: 'caption', alignment: 'left' }] },
    { text: String(line.quantity), alignment: 'right' },
    { text: line.unit, alignment: 'center' },
    { text: formatMinor(line.unitPriceKopecks), alignment: 'right', noWrap: true },
    { text: formatMinor(line.netKopecks), alignment: 'right', noWrap: true },
    vatCell(line.vatBasisPoints, line.vatKopecks),
    { text: formatMinor(line.grossKopecks), alignment: 'right', noWrap: true },
  ]);
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [16, '*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'], body: [header, ...body] },
    layout: thinLines,
    fontSize: 8,
    margin: [0, 0, 0, 6],
  };
}

/**
 * Итого / В том числе НДС 22% (or Без НДС) / Всего к оплате (invoices only). Prices are net with VAT on top, so
 * "Итого" is the sum of the gross column, which is why the VAT is "included" in it.
 */
export function totalsBlock(
  totals: DocumentTotals,
  lines: readonly { vatBasisPoints: number; vatKopecks: Minor }[],
  options: { totalLabel?: string; toPay?: boolean } = {},
): Content {
  const t = texts.totals;
  const { totalLabel = t.total, toPay = true } = options;
  const rates = vatByRate(lines);
  const vatRows: [string, string][] =
    rates.length === 0 ? [[t.noVat, t.noVatValue]] : rates.map((r) => [t.vatIncluded(vatRate(r.basisPoints)), formatMinor(r.vatKopecks)]);
  const rows: [string, string][] = [[totalLabel, formatMinor(totals.grossKopecks)], ...vatRows];
  if (toPay) rows.push([t.toPay, formatMinor(totals.grossKopecks)]);
  return {
    table: {
      widths: ['*', 'auto'],
      body: rows.map(([label, value]) => [
        { text: label, bold: true, alignment: 'right' },
        { text: value, bold: true, alignment: 'right', noWrap: true },
      ]),
    },
    layout: { ...cellBorders, hLineWidth: () => 0, paddingTop: () => 0.5, paddingBottom: () => 0.5 },
    margin: [0, 0, 0, 6],
  };
}

/** "Всего наименований 3, на сумму 1 234,56 руб." and the amount in words beneath it. */
export function amountLines(summary: string, grossKopecks: Minor): Content {
  return { stack: [summary, { text: amountInWords(grossKopecks), bold: true }], margin: [0, 0, 0, 6] };
}

/** Руководитель ____ Иванов И. И.   Бухгалтер ____ Петрова А. А. — the supplier's invoice signatures. */
export function invoiceSignatures(head: string, accountant: string): Content {
  const t = texts.signatures;
  const gap = plain({ text: '' });
  return {
    table: {
      widths: ['auto', 64, '*', 14, 'auto', 64, '*'],
      body: [
        [
          plain({ text: t.head, bold: true }),
          underlined({ text: '' }),
          underlined({ text: surnameWithInitials(head), alignment: 'center' }),
          gap,
          plain({ text: t.accountant, bold: true }),
          underlined({ text: '' }),
          underlined({ text: surnameWithInitials(accountant), alignment: 'center' }),
        ],
        [gap, caption(t.signature), caption(t.decoding), gap, gap, caption(t.signature), caption(t.decoding)],
      ],
    },
    layout: cellBorders,
    margin: [0, 10, 0, 0],
  };
}

/** One party's signature block on the act: organisation, position, signature, name, stamp. */
function actSignatureBlock(heading: string, organisation: string, signatory: Signatory): Content {
  const t = texts.signatures;
  return {
    table: {
      widths: [80, '*'],
      body: [
        [plain({ text: heading, bold: true, colSpan: 2 }), plain({ text: '' })],
        [plain({ text: organisation, colSpan: 2, margin: [0, 0, 0, 6] }), plain({ text: '' })],
        [underlined({ text: signatory.position, colSpan: 2 }), plain({ text: '' })],
        [caption(t.position, 2), plain({ text: '' })],
        [underlined({ text: '', margin: [0, 14, 0, 0] }), underlined({ text: surnameWithInitials(signatory.name), alignment: 'center', margin: [0, 14, 0, 0] })],
        [caption(t.signature), caption(t.decoding)],
        [plain({ text: texts.act.stamp, margin: [0, 4, 0, 0] }), plain({ text: '' })],
      ],
    },
    layout: cellBorders,
  };
}

export function actSignatures(
  supplier: { organisation: string; signatory: Signatory },
  buyer: { organisation: string; signatory: Signatory },
): Content {
  return {
    columns: [
      actSignatureBlock(texts.act.signFor.supplier, supplier.organisation, supplier.signatory),
      actSignatureBlock(texts.act.signFor.buyer, buyer.organisation, buyer.signatory),
    ],
    columnGap: 30,
    margin: [0, 10, 0, 0],
  };
}

/** The payment QR code (ГОСТ Р 56042-2014) with its caption, under an invoice's totals. */
export function paymentQrBlock(paymentQr: string | undefined): Content[] {
  if (!paymentQr) return [];
  return [{ columns: [{ qr: paymentQr, fit: 130, eccLevel: 'M', width: 'auto' }, { text: texts.invoice.qrCaption, style: 'small', margin: [8, 0, 0, 0] }], margin: [0, 4, 0, 4] }];
}
