/** The reconciliation-mail workflow's contract: staff send a dealer its statement for a period. */
export const reconciliationMailWorkflowId = (requestId: string) => `reconciliation-mail-${requestId}`;

export interface ReconciliationMailInput {
  /** One press of "send" (a random UUID from the API): the letter is sent once per request. */
  requestId: string;
  dealerId: string;
  /** YYYY-MM-DD, Moscow calendar days, both included; checked by the API. */
  from: string;
  to: string;
  /** YYYY-MM-DD: the day the statement is drawn up, fixed by the API so a retry prints the same file. */
  date: string;
}

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const reconciliationMailWorkflowType = 'reconciliationMail';
export type ReconciliationMailWorkflow = (input: ReconciliationMailInput) => Promise<{ to: string }>;
