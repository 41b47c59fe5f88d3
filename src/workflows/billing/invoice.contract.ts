/** The invoice workflow's contract: one invoice from registration with 1C to payment. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { InvoicePurpose, InvoiceStatus } from '../../domain/invoice';

export const invoiceWorkflowId = {
  forOrder: (orderNumber: string) => `invoice-${orderNumber}`,
  forStatement: (dealerId: string, month: string) => `invoice-statement-${dealerId}-${month}`,
};

export interface InvoiceWorkflowInput {
  purpose: InvoicePurpose;
  dealerId: string;
  /** The billed order (prepay, postpay). */
  orderId?: string;
  orderNumber?: string;
  /** The billed month 'YYYY-MM' (monthly consolidated invoice). */
  statementMonth?: string;
  termBankingDays: number;
}

export interface InvoiceNumber {
  number: string;
  /** The document date 1C gave, 'YYYY-MM-DD'. */
  date: string;
}

export type { InvoiceStatus };

export interface InvoiceState {
  status: InvoiceStatus;
  invoiceId: string | null;
  number: string | null;
  dueDate: string | null;
  amountKopecks: number | null;
  paidKopecks: number;
}

export interface InvoiceResult {
  outcome: 'paid' | 'expired';
  invoiceId: string;
  number: string;
}

/** 1C assigned the invoice's number and date (sent by the exchange API). */
export const invoiceNumberAssignedSignal = defineSignal<[InvoiceNumber]>('invoiceNumberAssigned');
/** A payment for the invoice was recorded or corrected; the workflow re-reads the balance. */
export const invoicePaymentsChangedSignal = defineSignal<[]>('invoicePaymentsChanged');
export const invoiceStateQuery = defineQuery<InvoiceState>('invoiceState');
