import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import {
  cancelFulfillmentSignal,
  keysEnteredSignal,
  retryFulfillmentSignal,
  switchToManualSignal,
  vendorFulfillmentWorkflowId,
} from '../../workflows/orders/order.contract';
import { HttpError } from '../errors';
import { staffFulfilmentContracts as contracts } from './staff-fulfilment.schemas';
import { signalIfRunning } from '../../infra/signal-if-running';
import { requireStaff } from '../staff/require-staff';
import { audit } from '../../usecases/audit/audit.usecases';
import { enterKeysByStaff } from '../../usecases/fulfilment/staff-keys.usecases';
import type { AuditAction } from '../../domain/audit';
import type { Principal } from '../../usecases/principal';

/** Staff hand over what automation cannot: keys of vendors without an API, and giving up on a vendor. */
export function registerFulfilmentRoutes(app: FastifyInstance, { db, temporal, keyCipher }: { db: Db; temporal: Client; keyCipher: KeyCipher }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post('/api/staff/orders/:orderNumber/keys', { schema: contracts.enterKeys }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body;
    const { vendorCode, ...entered } = await enterKeysByStaff(db, keyCipher, { userId: principal.userId, ip: request.ip }, request.params.orderNumber, body.lineNo, body.keys);
    await signalIfRunning(temporal, vendorFulfillmentWorkflowId(request.params.orderNumber, vendorCode), (h) => h.signal(keysEnteredSignal));
    // The request log carries the order number (the route has :orderNumber); the keys themselves never go to a log.
    request.log.info({ vendorCode, lineNo: body.lineNo, added: entered.added, stored: entered.stored, quantity: entered.quantity, staffUserId: principal.userId }, 'license keys entered by staff');
    return entered;
  });

  /** Signals one vendor's fulfilment of an order; 404 when there is none running. */
  async function signalFulfilment(orderNumber: string, vendorCode: string, send: (handle: WorkflowHandle) => Promise<void>): Promise<void> {
    try {
      const handle = temporal.workflow.getHandle(vendorFulfillmentWorkflowId(orderNumber, vendorCode));
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') throw new HttpError(404, 'FULFILMENT_NOT_FOUND', ru.staff.fulfilmentNotFound(orderNumber, vendorCode));
      await send(handle);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(404, 'FULFILMENT_NOT_FOUND', ru.staff.fulfilmentNotFound(orderNumber, vendorCode));
      throw err;
    }
  }
  /** A staff decision on one vendor's part of an order: the fulfilment is signalled, then the decision is audited and logged. */
  async function decide(request: { params: { orderNumber: string; vendorCode: string }; ip: string; log: { info: (obj: object, msg: string) => void } }, principal: Principal, action: AuditAction, details: { reason?: string }, send: (handle: WorkflowHandle) => Promise<void>) {
    const { orderNumber } = request.params;
    const vendorCode = request.params.vendorCode.toUpperCase();
    await signalFulfilment(orderNumber, vendorCode, send);
    await audit(db, { actorUserId: principal.userId, action, subjectType: 'order', subjectId: orderNumber, details: { vendor: vendorCode, ...details }, ip: request.ip });
    request.log.info({ vendorCode, staffUserId: principal.userId, ...details }, `staff: ${action}`);
    return { orderNumber, vendorCode };
  }

  api.post('/api/staff/orders/:orderNumber/vendors/:vendorCode/cancel', { schema: contracts.cancel }, async (request) => {
    const principal = requireStaff(request);
    const { reason } = request.body;
    const done = await decide(request, principal, 'fulfilment.cancelled', { reason }, (h) => h.signal(cancelFulfillmentSignal, { reason }));
    return { ...done, status: 'cancel_requested' as const };
  });

  /** Another attempt now: an API vendor is asked again at once, an e-mail vendor gets the request again. */
  api.post('/api/staff/orders/:orderNumber/vendors/:vendorCode/retry', { schema: contracts.retry }, async (request) => {
    const principal = requireStaff(request);
    const done = await decide(request, principal, 'fulfilment.retried', {}, (h) => h.signal(retryFulfillmentSignal));
    return { ...done, status: 'retry_requested' as const };
  });

  /**
   * Staff take the vendor's lines over: the fulfilment stops waiting for the vendor, records the
   * switch and puts a key-entry task on the queue; keys are then entered by hand, whatever the adapter.
   */
  api.post('/api/staff/orders/:orderNumber/vendors/:vendorCode/switch-to-manual', { schema: contracts.switchToManual }, async (request) => {
    const principal = requireStaff(request);
    const { reason } = request.body;
    const done = await decide(request, principal, 'fulfilment.switched_to_manual', { reason }, (h) => h.signal(switchToManualSignal, { reason }));
    return { ...done, status: 'switched_to_manual' as const };
  });
}
