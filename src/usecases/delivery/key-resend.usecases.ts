import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog, documents, orders, users } from '../../../db/schema';
import { DEALER_ROLES } from '../../domain/accounts';
import { KEY_RESENDS_PER_ORDER_PER_HOUR, keyResendReference, type KeyResendInput } from '../../workflows/delivery/key-resend.contract';
import { audit } from '../audit/audit.usecases';

const SHIPPED = ['shipped', 'completed'] as const;

/** Why a key re-send was not made: the order, the recipient or the hourly limit. */
export type KeyResendRefusal = 'order_not_shipped' | 'recipient_not_a_user_of_the_dealer' | 'request_mismatch' | 'rate_limited';

/**
 * The key-resend activity's own check, whoever started the workflow: the order is shipped with an
 * archive, the address is an active user of the order's dealer, and the re-send is on the audit
 * log within the hourly limit. A request the API accepted already has its audit row (with the
 * person and address); a start that did not come through the API gets one here, under the same
 * lock and limit, or is refused (and the refusal is audited). Idempotent for a retried activity.
 */
export async function authoriseKeyResend(db: Db, input: KeyResendInput): Promise<{ ok: true } | { ok: false; refusal: KeyResendRefusal }> {
  const refuse = async (refusal: KeyResendRefusal) => {
    await audit(db, {
      action: 'workflow.input_refused',
      subjectType: 'order',
      subjectId: input.orderNumber,
      details: { workflow: 'keyResend', refusal, requestId: input.requestId, to: input.to, orderId: input.orderId },
    });
    return { ok: false as const, refusal };
  };
  const [order] = await db
    .select({ id: orders.id, orderNumber: orders.orderNumber, dealerId: orders.dealerId, status: orders.status })
    .from(orders)
    .where(eq(orders.id, input.orderId));
  if (!order || order.orderNumber !== input.orderNumber || !(SHIPPED as readonly string[]).includes(order.status)) return refuse('order_not_shipped');
  const [archive] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.orderId, order.id), eq(documents.kind, 'key_archive')));
  if (!archive) return refuse('order_not_shipped');
  const [recipient] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${input.to})`, eq(users.dealerId, order.dealerId), inArray(users.role, [...DEALER_ROLES]), isNull(users.disabledAt)));
  if (!recipient) return refuse('recipient_not_a_user_of_the_dealer');

  const reference = keyResendReference(order.orderNumber, input.requestId);
  const outcome = await db.transaction(async (tx) => {
    // The lock and the count the API uses: a direct start cannot pass the limit either.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`key-resend:${order.orderNumber}`}))`);
    const resent = and(eq(auditLog.action, 'keys.archive_resent'), eq(auditLog.subjectType, 'order'), eq(auditLog.subjectId, order.orderNumber));
    const [recorded] = await tx
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(resent, sql`${auditLog.details}->>'requestId' = ${input.requestId}`));
    if (recorded) {
      // Accepted by the API (or by an earlier attempt of this activity): the same address, or nothing.
      const details = recorded.details as { recipientEmail?: string };
      return details.recipientEmail?.toLowerCase() === input.to.toLowerCase() ? 'ok' : 'request_mismatch';
    }
    const [recent] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(resent, gt(auditLog.createdAt, sql`now() - interval '1 hour'`)));
    if ((recent?.n ?? 0) >= KEY_RESENDS_PER_ORDER_PER_HOUR) return 'rate_limited';
    await audit(tx, {
      action: 'keys.archive_resent',
      subjectType: 'order',
      subjectId: order.orderNumber,
      // No person: the workflow was started without the API.
      details: { recipientUserId: recipient.id, recipientEmail: input.to, requestId: input.requestId, reference, startedOutsideApi: true },
    });
    return 'ok';
  });
  return outcome === 'ok' ? { ok: true } : refuse(outcome);
}
