/** The monthly statement of a dealer on the monthly scheme: one consolidated invoice per Moscow month. */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const dealerStatementWorkflowId = (dealerId: string, month: string) => `statement-${dealerId}-${month}`;

export interface DealerStatementInput {
  dealerId: string;
  /** Moscow month 'YYYY-MM'. */
  month: string;
}

export interface DealerStatementState {
  month: string;
  orderNumbers: string[];
  status: 'collecting' | 'invoiced' | 'paid' | 'empty';
  invoiceNumber: string | null;
}

/** An order shipped in this month joined the statement (sent with signalWithStart). */
export const orderJoinedStatementSignal = defineSignal<[{ orderNumber: string }]>('orderJoinedStatement');
export const dealerStatementQuery = defineQuery<DealerStatementState>('dealerStatement');

/**
 * How long after midnight at the month's end the statement still waits before closing, so an
 * order shipped at 23:59:59 whose signal is still in flight is not left out.
 */
export const STATEMENT_CLOSE_GRACE_MS = 60 * 60 * 1000;

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const dealerStatementWorkflowType = 'dealerStatement';
export type DealerStatementWorkflow = (input: DealerStatementInput) => Promise<DealerStatementState>;
