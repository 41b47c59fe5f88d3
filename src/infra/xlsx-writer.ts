/**
 * Writing a one-sheet Excel workbook (.xlsx): the smallest set of parts Excel, LibreOffice and
 * 1C open without complaint — content types, package and workbook relations, the workbook, a
 * stylesheet and the sheet. Text goes in as inline strings (no shared-string table to keep in
 * step); money goes in as numbers of roubles written from integer kopecks as exact decimals
 * ("1234.50", never through floats) with a "#,##0.00" format (the reader's locale groups the thousands), so sums in Excel work. The zip's
 * entry times are fixed: the same rows give the same bytes.
 */
import AdmZip from 'adm-zip';
import type { Minor } from '../domain/money';
import { neutraliseSpreadsheetText } from '../domain/text-safety';

/** A cell: text, a plain number, an amount in kopecks shown as roubles, or nothing. */
export type XlsxCell = string | number | { kopecks: Minor } | null;

export interface XlsxRow {
  cells: readonly XlsxCell[];
  /** Headers and totals. */
  bold?: boolean;
}

export interface XlsxSheetInput {
  /** At most 31 characters, none of : \ / ? * [ ] (Excel's rules for sheet names). */
  name: string;
  rows: readonly XlsxRow[];
  /** Column widths in characters, from column A. */
  columnWidths?: readonly number[];
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Control characters other than tab and newlines are not allowed in XML 1.0.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** 0 → "A", 27 → "AB". */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Integer kopecks as an exact decimal number of roubles: -123456 → "-1234.56". */
export function kopecksAsDecimal(kopecks: Minor): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`${kopecks} is not a whole number of kopecks`);
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// Style indexes into cellXfs below.
const STYLE = { plain: 0, bold: 1, money: 2, boldMoney: 3 } as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const CONTENT_TYPES =
  XML_HEAD +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const PACKAGE_RELS =
  XML_HEAD +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS =
  XML_HEAD +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

// numFmtId 164 is the first id free for custom formats; the space groups thousands as Russians write them.
const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function workbookXml(sheetName: string): string {
  return XML_HEAD + `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

function cellXml(cell: XlsxCell, reference: string, bold: boolean): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'string') {
    const style = bold ? ` s="${STYLE.bold}"` : '';
    // Text cells are never formulas in XLSX, but a copy to CSV would make them one: neutralised alike.
    return `<c r="${reference}" t="inlineStr"${style}><is><t xml:space="preserve">${escapeXml(neutraliseSpreadsheetText(cell))}</t></is></c>`;
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`cell ${reference}: ${cell} is not a finite number`);
    return `<c r="${reference}"${bold ? ` s="${STYLE.bold}"` : ''}><v>${cell}</v></c>`;
  }
  return `<c r="${reference}" s="${bold ? STYLE.boldMoney : STYLE.money}"><v>${kopecksAsDecimal(cell.kopecks)}</v></c>`;
}

function sheetXml(sheet: XlsxSheetInput): string {
  const cols = sheet.columnWidths?.length
    ? `<cols>${sheet.columnWidths.map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const rows = sheet.rows
    .map((row, r) => {
      const cells = row.cells.map((cell, c) => cellXml(cell, `${columnName(c)}${r + 1}`, row.bold ?? false)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return XML_HEAD + `<worksheet xmlns="${MAIN_NS}">${cols}<sheetData>${rows}</sheetData></worksheet>`;
}

const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]]/;
// Zip (DOS) times start in 1980; any fixed instant will do.
const FIXED_TIME = new Date(Date.UTC(2000, 0, 1));

/** The workbook's bytes. */
export function writeXlsx(sheet: XlsxSheetInput): Buffer {
  if (sheet.name.length === 0 || sheet.name.length > 31 || SHEET_NAME_FORBIDDEN.test(sheet.name)) {
    throw new RangeError(`"${sheet.name}" cannot name an Excel sheet: 1 to 31 characters, none of : \\ / ? * [ ]`);
  }
  const zip = new AdmZip();
  const parts: [string, string][] = [
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', PACKAGE_RELS],
    ['xl/workbook.xml', workbookXml(sheet.name)],
    ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
    ['xl/styles.xml', STYLES],
    ['xl/worksheets/sheet1.xml', sheetXml(sheet)],
  ];
  for (const [name, xml] of parts) {
    zip.addFile(name, Buffer.from(xml, 'utf8'));
    zip.getEntry(name)!.header.time = FIXED_TIME;
  }
  return zip.toBuffer();
}
