/** The reconciliation statement (акт сверки): the dealer's own, and staff sending it to a dealer. */
import type { WireOf } from '../../api/common.schemas';
import type { statementSchema, statementSentSchema } from '../../api/documents/reconciliation.schemas';
import { api, query } from './api';

export type ReconciliationRow = Reconciliation['rows'][number];

export type Reconciliation = WireOf<typeof statementSchema>;

export interface Period {
  from: string;
  to: string;
}

export const getReconciliation = (period: Period) => api<Reconciliation>('GET', `/api/reconciliation${query({ ...period })}`);
/** Download links: the browser fetches them with the session cookie. */
export const reconciliationFileUrl = (period: Period, format: 'pdf' | 'xlsx') => `/api/reconciliation.${format}${query({ ...period })}`;

export const sendReconciliation = (dealerId: string, period: Period) =>
  api<WireOf<typeof statementSentSchema>>('POST', `/api/staff/dealers/${encodeURIComponent(dealerId)}/reconciliation/send`, period);
