/**
 * The reconciliation statement (акт сверки взаимных расчётов) as the distributor's books see it:
 * shipment documents are the debit, payments received from the dealer the credit. Pure: the use
 * case (src/usecases/billing/dealer-ledger.usecases.ts) loads rows; the statement, the balance page
 * and the credit check all read the same figures from it; integer kopecks only.
 *
 * What counts, so that the statement matches what 1C holds:
 * - the debt arises with the shipment document (акт приёма-передачи прав, later the УПД), on the
 *   date 1C numbered it, once it has a number. A payment invoice (счёт на оплату) is not an
 *   accounting document and creates no debt: it is not on the statement at all.
 * - a payment counts on its `paidOn` day when SID has tied it to one of the dealer's invoices:
 *   `applied`, or `queued` against an invoice that had been annulled (the money did arrive; staff
 *   return it or apply it elsewhere, which 1C reports as a correction). A `cancelled` payment was
 *   taken back by 1C and does not count. A payment held for an invoice number SID does not know
 *   cannot be told apart by dealer (1C names only the invoice), so no statement shows it until
 *   that number arrives and the payment is applied.
 * - so a prepay dealer who paid before shipment holds an advance (a credit balance, the
 *   distributor owes) until the act is numbered.
 */
import type { Minor } from './money';

/** A shipment document (the act of transfer of rights) for one order. */
export interface ReconciliationShipment {
  /** 1C's number; null until 1C numbers the act. */
  number: string | null;
  /** YYYY-MM-DD: the date 1C gave the number. */
  date: string | null;
  /** The shipped order's total, VAT included. */
  amountKopecks: Minor;
  orderNumber: string;
}

export interface ReconciliationPayment {
  /** YYYY-MM-DD, as 1C reported it. */
  paidOn: string;
  amountKopecks: Minor;
  paymentOrderNumber: string;
  invoiceNumber: string;
  status: string;
}

/** Moscow calendar days, both ends included. */
export interface Period {
  from: string;
  to: string;
}

export type ReconciliationRow =
  | { kind: 'shipment'; date: string; documentNumber: string; orderNumber: string; debitKopecks: Minor; creditKopecks: 0 }
  | { kind: 'payment'; date: string; invoiceNumber: string; paymentOrderNumber: string; debitKopecks: 0; creditKopecks: Minor };

/** Who owes whom at the end of the period. */
export type Debtor = 'dealer' | 'supplier' | 'nobody';

export interface Reconciliation {
  period: Period;
  /** Positive: the dealer owes the distributor; negative: the distributor owes the dealer (an advance). */
  openingKopecks: Minor;
  rows: ReconciliationRow[];
  debitKopecks: Minor;
  creditKopecks: Minor;
  closingKopecks: Minor;
  debtor: Debtor;
}

export const COUNTED_PAYMENT_STATUSES: ReadonlySet<string> = new Set(['applied', 'queued']);

/** The longest period one statement covers: five years, so a request cannot ask for all time by mistake. */
export const MAX_PERIOD_YEARS = 5;

export type PeriodProblem = 'from_after_to' | 'too_long';

/** Dates are real 'YYYY-MM-DD' days (the edge checks that); this checks how they relate. */
export function checkPeriod(period: Period): PeriodProblem | null {
  if (period.from > period.to) return 'from_after_to';
  // The same day five years on is already one day too many; Feb 29 compares fine as a string.
  const limit = `${Number(period.from.slice(0, 4)) + MAX_PERIOD_YEARS}${period.from.slice(4)}`;
  if (period.to >= limit) return 'too_long';
  return null;
}

/** The day after a 'YYYY-MM-DD' day. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the quarter containing a day: the web app's default start of a period. */
export function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

export function debtorOf(balanceKopecks: Minor): Debtor {
  return balanceKopecks > 0 ? 'dealer' : balanceKopecks < 0 ? 'supplier' : 'nobody';
}

/** Every movement that counts, in date order: shipments before payments on a day, then by number. */
export function movements(shipments: readonly ReconciliationShipment[], payments: readonly ReconciliationPayment[]): ReconciliationRow[] {
  const rows: ReconciliationRow[] = [];
  for (const shipment of shipments) {
    if (!shipment.number || !shipment.date) continue;
    rows.push({ kind: 'shipment', date: shipment.date, documentNumber: shipment.number, orderNumber: shipment.orderNumber, debitKopecks: shipment.amountKopecks, creditKopecks: 0 });
  }
  for (const payment of payments) {
    if (!COUNTED_PAYMENT_STATUSES.has(payment.status)) continue;
    rows.push({
      kind: 'payment',
      date: payment.paidOn,
      invoiceNumber: payment.invoiceNumber,
      paymentOrderNumber: payment.paymentOrderNumber,
      debitKopecks: 0,
      creditKopecks: payment.amountKopecks,
    });
  }
  const order = (row: ReconciliationRow) =>
    [row.date, row.kind === 'shipment' ? 0 : 1, row.kind === 'shipment' ? row.documentNumber : row.invoiceNumber, row.kind === 'payment' ? row.paymentOrderNumber : ''] as const;
  return rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

/**
 * The statement for a period: the opening balance is everything before `from`, the rows are the
 * period's movements, and opening + debit − credit = closing by construction, to the kopeck.
 */
export function reconcile(period: Period, shipments: readonly ReconciliationShipment[], payments: readonly ReconciliationPayment[]): Reconciliation {
  for (const item of [...shipments, ...payments]) {
    if (!Number.isSafeInteger(item.amountKopecks)) throw new RangeError(`amount ${item.amountKopecks} is not a whole number of kopecks`);
  }
  let openingKopecks = 0;
  let debitKopecks = 0;
  let creditKopecks = 0;
  const rows: ReconciliationRow[] = [];
  for (const row of movements(shipments, payments)) {
    if (row.date > period.to) break;
    if (row.date < period.from) {
      openingKopecks += row.debitKopecks - row.creditKopecks;
      continue;
    }
    rows.push(row);
    debitKopecks += row.debitKopecks;
    creditKopecks += row.creditKopecks;
  }
  const closingKopecks = openingKopecks + debitKopecks - creditKopecks;
  return { period, openingKopecks, rows, debitKopecks, creditKopecks, closingKopecks, debtor: debtorOf(closingKopecks) };
}
