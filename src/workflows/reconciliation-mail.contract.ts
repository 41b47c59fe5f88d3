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
