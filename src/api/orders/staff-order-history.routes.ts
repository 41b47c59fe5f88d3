import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { mergeHistory, workflowHistoryEntries, type OrderHistoryEntry } from '../../domain/order-history';
import { plainHistoryEvents } from '../../infra/temporal-history';
import { orderDecisionsForStaff } from '../../usecases/orders/order-history.usecases';
import { orderWorkflowId } from '../../workflows/orders/order.contract';
import { requireStaff } from '../staff/require-staff';
import { staffOrderHistoryContract } from './staff-order-history.schemas';

/** Children of children are followed this deep at most (order → vendor fulfilment, invoice). */
const MAX_WORKFLOWS = 20;

/**
 * An order's process for staff in business terms (issue 17): the steps, waits, retries and
 * signals of its workflow and its children, read from Temporal's history through the client, with
 * the audit log's decisions (who decided what) in between. Staff need the Temporal UI only for
 * engineering work.
 */
export function registerStaffOrderHistoryRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/staff/orders/:orderNumber/history', { schema: staffOrderHistoryContract }, async (request) => {
    requireStaff(request);
    const { orderNumber } = request.params;
    const lists: OrderHistoryEntry[][] = [await orderDecisionsForStaff(db, orderNumber)];
    let status: 'ok' | 'not_found' | 'unavailable' = 'ok';
    const queue = [orderWorkflowId(orderNumber)];
    const seen = new Set<string>();
    while (queue.length && seen.size < MAX_WORKFLOWS) {
      const workflowId = queue.shift()!;
      if (seen.has(workflowId)) continue;
      seen.add(workflowId);
      try {
        const entries = workflowHistoryEntries(workflowId, plainHistoryEvents(await temporal.workflow.getHandle(workflowId).fetchHistory()));
        lists.push(entries);
        for (const e of entries) if (e.kind === 'child') queue.push(e.childWorkflowId);
      } catch (err) {
        // The order's own workflow decides the answer's status; a child gone is simply left out.
        if (workflowId === orderWorkflowId(orderNumber)) status = err instanceof WorkflowNotFoundError ? 'not_found' : 'unavailable';
        if (!(err instanceof WorkflowNotFoundError)) request.log.warn({ err, workflowId }, 'order history: Temporal did not answer');
      }
    }
    return { orderNumber, temporal: status, entries: mergeHistory(...lists) };
  });
}
