/**
 * What the printed documents say, decided before any layout: the invoice for payment, the act of
 * transfer of rights and the consolidated monthly invoice. Activities fill these from the database
 * and 1C's answer; the renderers only draw them. Pure: no I/O, no pdfmake.
 */
import { percentOf, type Minor } from '../domain/money';

/** One side of a document, shaped like the `dealers` table so a dealer row maps field by field. */
export interface PartyRequisites {
  /** Name with the legal form, as it should be printed: «ООО «Ромашка»». */
  name: string;
  inn: string;
  /** Individual entrepreneurs have none. */
  kpp?: string;
  address: string;
  bankName: string;
  bik: string;
  /** Nullable in `dealers`: a treasury account may come without one. */
  correspondentAccount?: string;
  settlementAccount: string;
  /** The head's full name, "Иванов Иван Иванович"; signatures print it as "Иванов И. И.". */
  director: string;
}

/** Who signs for a party: 402-ФЗ art. 9 wants the position and the name next to the signature. */
export interface Signatory {
  position: string;
  name: string;
}

export type LineUnit = 'шт.' | 'лиц.';

/** A product line with the amounts `priceLine` produced: net unit price, VAT on top, rounded per line. */
export interface DocumentLine {
  lineNo: number;
  name: string;
  partNumber: string;
  quantity: number;
  unit: LineUnit;
  unitPriceKopecks: Minor;
  netKopecks: Minor;
  /** 2200 = 22%; 0 = software in the Russian register, printed "Без НДС". */
  vatBasisPoints: number;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

export interface DocumentTotals {
  netKopecks: Minor;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

/** What every document carries; number and date are the ones 1C gave it. */
export interface DocumentHeader {
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  supplier: PartyRequisites;
  buyer: PartyRequisites;
  /** "Договор № 15/26 от 12 января 2026 г."; printed as the basis when present. */
  basis?: string;
}

export interface InvoiceModel extends DocumentHeader {
  lines: DocumentLine[];
  totals: DocumentTotals;
  /** The order the invoice is for, printed next to the basis. */
  orderNumber?: string;
  /** YYYY-MM-DD: for prepay, the day after which the order is cancelled. */
  paymentDueDate?: string;
  /** Signs under the supplier's head. */
  chiefAccountant: string;
  /** The ГОСТ Р 56042-2014 payment string (src/domain/payment-qr.ts), drawn as a QR code when given. */
  paymentQr?: string;
}

/** An act covers one order (prepay and postpay) or one month (monthly settlement). */
export type ActScope = { kind: 'order'; orderNumber: string; orderDate: string } | { kind: 'month'; month: string };

export interface ActModel extends DocumentHeader {
  scope: ActScope;
  lines: DocumentLine[];
  totals: DocumentTotals;
  supplierSignatory: Signatory;
  buyerSignatory: Signatory;
}

/** One order of the month on the consolidated invoice. */
export interface ConsolidatedOrderLine {
  lineNo: number;
  orderNumber: string;
  /** YYYY-MM-DD. */
  orderDate: string;
  netKopecks: Minor;
  /**
   * The rate of the order's taxable lines, 0 when all of them are "Без НДС". Within one month
   * there is a single general rate, so an order with mixed lines still has one rate to print.
   */
  vatBasisPoints: number;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

export interface ConsolidatedInvoiceModel extends DocumentHeader {
  /** YYYY-MM. */
  month: string;
  orders: ConsolidatedOrderLine[];
  totals: DocumentTotals;
  paymentDueDate?: string;
  chiefAccountant: string;
  /** The ГОСТ Р 56042-2014 payment string, drawn as a QR code when given. */
  paymentQr?: string;
}

export class DocumentModelError extends Error {
  override name = 'DocumentModelError';
}

/** VAT totals by rate, highest first, leaving out "Без НДС" lines: "В том числе НДС 22%: …". */
export function vatByRate(lines: readonly { vatBasisPoints: number; vatKopecks: Minor }[]): { basisPoints: number; vatKopecks: Minor }[] {
  const byRate = new Map<number, Minor>();
  for (const line of lines) {
    if (line.vatBasisPoints === 0) continue;
    byRate.set(line.vatBasisPoints, (byRate.get(line.vatBasisPoints) ?? 0) + line.vatKopecks);
  }
  return [...byRate].sort(([a], [b]) => b - a).map(([basisPoints, vatKopecks]) => ({ basisPoints, vatKopecks }));
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkDate(value: string, what: string): void {
  if (!DATE.test(value)) throw new DocumentModelError(`${what} "${value}" is not a YYYY-MM-DD date`);
}

function checkHeader(doc: DocumentHeader, what: string): void {
  if (doc.number.trim() === '') throw new DocumentModelError(`${what}: the 1C number is empty; wait for 1C to number the document`);
  checkDate(doc.date, `${what} ${doc.number}: date`);
}

function checkAmounts(
  items: readonly { lineNo: number; netKopecks: Minor; vatBasisPoints: number; vatKopecks: Minor; grossKopecks: Minor }[],
  totals: DocumentTotals,
  where: string,
): void {
  if (items.length === 0) throw new DocumentModelError(`${where}: no lines to print`);
  const sum: DocumentTotals = { netKopecks: 0, vatKopecks: 0, grossKopecks: 0 };
  items.forEach((item, index) => {
    if (item.lineNo !== index + 1) throw new DocumentModelError(`${where}: line ${index + 1} is numbered ${item.lineNo}; number lines 1, 2, 3…`);
    if (item.netKopecks + item.vatKopecks !== item.grossKopecks) {
      throw new DocumentModelError(`${where}, line ${item.lineNo}: net ${item.netKopecks} + VAT ${item.vatKopecks} should be ${item.grossKopecks}`);
    }
    if (item.vatBasisPoints === 0 && item.vatKopecks !== 0) {
      throw new DocumentModelError(`${where}, line ${item.lineNo}: a "Без НДС" line carries VAT ${item.vatKopecks}`);
    }
    sum.netKopecks += item.netKopecks;
    sum.vatKopecks += item.vatKopecks;
    sum.grossKopecks += item.grossKopecks;
  });
  for (const key of ['netKopecks', 'vatKopecks', 'grossKopecks'] as const) {
    if (sum[key] !== totals[key]) throw new DocumentModelError(`${where}: total ${key} is ${totals[key]} but the lines add up to ${sum[key]}`);
  }
}

/** A product line must multiply out exactly as `priceLine` does, or the printed columns contradict each other. */
function checkProductLines(lines: readonly DocumentLine[], where: string): void {
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new DocumentModelError(`${where}, line ${line.lineNo}: quantity ${line.quantity} is not a positive whole number`);
    }
    if (line.unitPriceKopecks * line.quantity !== line.netKopecks) {
      throw new DocumentModelError(`${where}, line ${line.lineNo}: ${line.quantity} × ${line.unitPriceKopecks} is not the net ${line.netKopecks}`);
    }
    if (percentOf(line.netKopecks, line.vatBasisPoints) !== line.vatKopecks) {
      throw new DocumentModelError(`${where}, line ${line.lineNo}: VAT ${line.vatKopecks} is not ${line.vatBasisPoints / 100}% of ${line.netKopecks}`);
    }
  }
}

/** Refuses a model whose figures do not add up: a wrong document is worse than a failed activity. */
export function checkInvoiceModel(model: InvoiceModel): void {
  checkHeader(model, 'invoice');
  if (model.paymentDueDate !== undefined) checkDate(model.paymentDueDate, `invoice ${model.number}: payment due date`);
  checkAmounts(model.lines, model.totals, `invoice ${model.number}`);
  checkProductLines(model.lines, `invoice ${model.number}`);
}

export function checkActModel(model: ActModel): void {
  checkHeader(model, 'act');
  if (model.scope.kind === 'order') checkDate(model.scope.orderDate, `act ${model.number}: order date`);
  else if (!MONTH.test(model.scope.month)) throw new DocumentModelError(`act ${model.number}: month "${model.scope.month}" is not YYYY-MM`);
  checkAmounts(model.lines, model.totals, `act ${model.number}`);
  checkProductLines(model.lines, `act ${model.number}`);
}

export function checkConsolidatedInvoiceModel(model: ConsolidatedInvoiceModel): void {
  checkHeader(model, 'consolidated invoice');
  if (!MONTH.test(model.month)) throw new DocumentModelError(`consolidated invoice ${model.number}: month "${model.month}" is not YYYY-MM`);
  if (model.paymentDueDate !== undefined) checkDate(model.paymentDueDate, `consolidated invoice ${model.number}: payment due date`);
  for (const order of model.orders) checkDate(order.orderDate, `consolidated invoice ${model.number}, order ${order.orderNumber}: date`);
  checkAmounts(model.orders, model.totals, `consolidated invoice ${model.number}`);
}
