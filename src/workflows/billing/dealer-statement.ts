import { executeChild, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { moscowMonthEnd } from '../../domain/moscow-time';
import { MONTHLY_TERM_BANKING_DAYS } from '../../domain/settlement';
import {
  dealerStatementQuery,
  orderJoinedStatementSignal,
  STATEMENT_CLOSE_GRACE_MS,
  type DealerStatementInput,
  type DealerStatementState,
} from './dealer-statement.contract';
import { invoice } from './invoice';
import { invoiceWorkflowId } from './invoice.contract';

const { completeStatementOrders } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

/**
 * Collects a monthly dealer's shipped orders for one Moscow month, and after the month ends bills
 * them with one consolidated invoice (numbered by 1C, paid like any invoice). Which orders belong
 * to the month is recorded on the orders themselves; the signals keep staff's view live.
 */
export async function dealerStatement(input: DealerStatementInput): Promise<DealerStatementState> {
  const state: DealerStatementState = { month: input.month, orderNumbers: [], status: 'collecting', invoiceNumber: null };
  setHandler(dealerStatementQuery, () => state);
  setHandler(orderJoinedStatementSignal, ({ orderNumber }) => {
    if (!state.orderNumbers.includes(orderNumber)) state.orderNumbers.push(orderNumber);
  });

  const closesAt = moscowMonthEnd(input.month).getTime() + STATEMENT_CLOSE_GRACE_MS;
  const wait = closesAt - Date.now();
  if (wait > 0) await sleep(wait);

  if (state.orderNumbers.length === 0) {
    state.status = 'empty';
    return state;
  }
  state.status = 'invoiced';
  const billed = await executeChild(invoice, {
    workflowId: invoiceWorkflowId.forStatement(input.dealerId, input.month),
    args: [{ purpose: 'monthly', dealerId: input.dealerId, statementMonth: input.month, termBankingDays: MONTHLY_TERM_BANKING_DAYS }],
    typedSearchAttributes: workflowInfo().typedSearchAttributes,
  });
  state.invoiceNumber = billed.number;
  await completeStatementOrders({ dealerId: input.dealerId, month: input.month });
  state.status = 'paid';
  return state;
}
