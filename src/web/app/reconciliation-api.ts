/** The reconciliation statement (акт сверки): the dealer's own, and staff sending it to a dealer. */
import { api, query } from './api';

export interface ReconciliationRow {
  date: string;
  kind: 'shipment' | 'payment';
  /** The act's 1C number (shipments). */
  documentNumber: string | null;
  orderNumber: string | null;
  /** The invoice a payment was applied to (payments). */
  invoiceNumber: string | null;
  paymentOrderNumber: string | null;
  debitKopecks: number;
  creditKopecks: number;
}

export interface Reconciliation {
  period: { from: string; to: string };
  date: string;
  supplier: { name: string; inn: string; kpp: string | null };
  dealer: { name: string; inn: string; kpp: string | null };
  /** Positive: the dealer owes; negative: the distributor owes the dealer. */
  openingKopecks: number;
  debitKopecks: number;
  creditKopecks: number;
  closingKopecks: number;
  debtor: 'dealer' | 'supplier' | 'nobody';
  rows: ReconciliationRow[];
}

export interface Period {
  from: string;
  to: string;
}

export const getReconciliation = (period: Period) => api<Reconciliation>('GET', `/api/reconciliation${query({ ...period })}`);
/** Download links: the browser fetches them with the session cookie. */
export const reconciliationFileUrl = (period: Period, format: 'pdf' | 'xlsx') => `/api/reconciliation.${format}${query({ ...period })}`;

export const sendReconciliation = (dealerId: string, period: Period) =>
  api<{ workflowId: string; email: string; message: string }>('POST', `/api/staff/dealers/${encodeURIComponent(dealerId)}/reconciliation/send`, period);
