/**
 * Staff mail a dealer its reconciliation statement. The `reconciliationMail` workflow renders
 * and sends it (the API has no mailer; the worker owns outgoing mail), and the request is audited
 * once the workflow has started.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../../db/client';
import { moscowDateOf } from '../../domain/moscow-time';
import type { Period } from '../../domain/reconciliation';
import { ru } from '../../locale/ru';
import { reconciliationMailWorkflowId, reconciliationMailWorkflowType, type ReconciliationMailWorkflow } from '../../workflows/documents/reconciliation-mail.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import type { StaffActor } from '../principal';
import type { DealerRow } from './reconciliation.source';

const t = ru.reconciliation;

/** Starts the letter to the dealer's address; when the workflow cannot start, the caller is told (503). */
export async function mailReconciliation(db: Db, temporal: Client, actor: StaffActor, dealer: DealerRow, period: Period, onStartFailure: (err: unknown) => void) {
  const requestId = randomUUID();
  const workflowId = reconciliationMailWorkflowId(requestId);
  try {
    await temporal.workflow.start<ReconciliationMailWorkflow>(reconciliationMailWorkflowType, {
      taskQueue: ORDER_TASK_QUEUE,
      workflowId,
      args: [{ requestId, dealerId: dealer.id, from: period.from, to: period.to, date: moscowDateOf(Date.now()) }],
    });
  } catch (err) {
    onStartFailure(err);
    throw new UseCaseError(503, 'RECONCILIATION_MAIL_UNAVAILABLE', t.unavailable);
  }
  const details = { kind: 'reconciliation', from: period.from, to: period.to, email: dealer.email, workflowId };
  await audit(db, { actorUserId: actor.userId, action: 'document.sent', subjectType: 'dealer', subjectId: dealer.id, details, ip: actor.ip });
  return { workflowId, email: dealer.email, message: t.sending(dealer.email) };
}
