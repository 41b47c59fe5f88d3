/**
 * Key re-delivery: a dealer mails a shipped order's key archive again to one of its users, and
 * sees every download and every letter that carried the archive.
 *
 * Who may send to whom: a dealer user (and an API key, which acts as one) only to itself; a
 * dealer admin to any active user of its dealer; staff to any active user of the order's dealer.
 * The letter is sent by the `keyResend` workflow through the same sender as the shipment letter;
 * the workflow checks again (`authoriseKeyResend`) before it sends.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, desc, eq, gt, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog, documents, orders, outgoingMail, users } from '../../../db/schema';
import { DEALER_ROLES } from '../../domain/accounts';
import { ru } from '../../locale/ru';
import { KEY_ARCHIVE_RESEND_KIND, KEY_RESENDS_PER_ORDER_PER_HOUR, keyResendReference, keyResendWorkflowId, keyResendWorkflowType, type KeyResendWorkflow } from '../../workflows/delivery/key-resend.contract';
import { ORDER_TASK_QUEUE } from '../../workflows/orders/order.contract';
import { audit } from '../audit/audit.usecases';
import { isStaff, orderScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import type { Principal } from '../principal';

const t = ru.keyDelivery;
const SHIPPED = ['shipped', 'completed'] as const;

/** Another dealer's order is "not found", never "forbidden" (as everywhere under /api/orders). */
async function visibleOrder(db: Db, principal: Principal, orderNumber: string) {
  const [row] = await db.select().from(orders).where(and(eq(orders.orderNumber, orderNumber), orderScope(principal)));
  if (!row) throw new UseCaseError(404, 'ORDER_NOT_FOUND', ru.orders.notFound(orderNumber));
  return row;
}

/**
 * Accepts a resend of a shipped order's archive to `userId` and starts the workflow that mails it.
 * At most KEY_RESENDS_PER_ORDER_PER_HOUR per order (429); when the workflow cannot start, the
 * record is taken back and the caller told (503).
 */
export async function resendKeyArchive(
  db: Db,
  temporal: Client,
  principal: Principal,
  request: { orderNumber: string; userId: string; ip: string },
  onStartFailure: (err: unknown) => void,
) {
  const order = await visibleOrder(db, principal, request.orderNumber);
  const [archive] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.orderId, order.id), eq(documents.kind, 'key_archive')));
  if (!archive || !(SHIPPED as readonly string[]).includes(order.status)) throw new UseCaseError(409, 'ARCHIVE_NOT_READY', t.notShipped(order.orderNumber));
  if (!isStaff(principal) && principal.role !== 'dealer_admin' && request.userId !== principal.userId) {
    throw new UseCaseError(403, 'RESEND_ONLY_TO_SELF', t.onlyToSelf, [{ field: 'userId', message: t.onlyToSelf }]);
  }
  const [recipient] = await db
    .select({ id: users.id, login: users.login, email: users.email, fullName: users.fullName })
    .from(users)
    .where(and(eq(users.id, request.userId), eq(users.dealerId, order.dealerId), inArray(users.role, [...DEALER_ROLES]), isNull(users.disabledAt)));
  if (!recipient) throw new UseCaseError(422, 'RECIPIENT_NOT_FOUND', t.recipientNotFound, [{ field: 'userId', message: t.recipientNotFound }]);

  const requestId = randomUUID();
  const reference = keyResendReference(order.orderNumber, requestId);
  // Counted and recorded under one lock per order: ten requests at once cannot all pass a limit of ten.
  const auditId = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`key-resend:${order.orderNumber}`}))`);
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'keys.archive_resent'), eq(auditLog.subjectType, 'order'), eq(auditLog.subjectId, order.orderNumber), gt(auditLog.createdAt, sql`now() - interval '1 hour'`)));
    if ((recent?.n ?? 0) >= KEY_RESENDS_PER_ORDER_PER_HOUR) return null;
    const { id } = await audit(tx, {
      actorUserId: principal.userId,
      action: 'keys.archive_resent',
      subjectType: 'order',
      subjectId: order.orderNumber,
      details: { recipientUserId: recipient.id, recipientEmail: recipient.email, requestId, reference, ...(principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}) },
      ip: request.ip,
    });
    return id;
  });
  if (auditId === null) {
    throw new UseCaseError(429, 'TOO_MANY_RESENDS', t.tooMany(KEY_RESENDS_PER_ORDER_PER_HOUR));
  }
  try {
    await temporal.workflow.start<KeyResendWorkflow>(keyResendWorkflowType, {
      taskQueue: ORDER_TASK_QUEUE,
      workflowId: keyResendWorkflowId(requestId),
      args: [{ orderId: order.id, orderNumber: order.orderNumber, requestId, to: recipient.email }],
    });
  } catch (err) {
    onStartFailure(err);
    // Nothing will be sent: the record of a resend must not claim one (nor count against the limit).
    await db.delete(auditLog).where(eq(auditLog.id, auditId));
    throw new UseCaseError(503, 'RESEND_UNAVAILABLE', t.unavailable);
  }
  return { message: t.sent(recipient.email), requestId, recipient: { userId: recipient.id, login: recipient.login, email: recipient.email, fullName: recipient.fullName } };
}

/** Every download of the key archive and every letter that carried it, newest first. */
export async function keyArchiveDeliveries(db: Db, principal: Principal, orderNumber: string) {
  const order = await visibleOrder(db, principal, orderNumber);
  const subject = and(eq(auditLog.subjectType, 'order'), eq(auditLog.subjectId, order.orderNumber));
  const [downloads, resends, letters] = await Promise.all([
    db
      .select({ at: auditLog.createdAt, ip: auditLog.ip, login: users.login, fullName: users.fullName })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(subject, eq(auditLog.action, 'keys.archive_downloaded')))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id)),
    db
      .select({ at: auditLog.createdAt, details: auditLog.details, login: users.login, fullName: users.fullName })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(subject, eq(auditLog.action, 'keys.archive_resent'))),
    db
      .select()
      .from(outgoingMail)
      .where(
        or(
          and(eq(outgoingMail.kind, 'key_archive'), eq(outgoingMail.reference, order.orderNumber)),
          and(eq(outgoingMail.kind, KEY_ARCHIVE_RESEND_KIND), like(outgoingMail.reference, `${order.orderNumber}/%`)),
        ),
      ),
  ]);
  const letterOf = new Map(letters.map((l) => [`${l.kind}:${l.reference}`, l]));
  const shipment = letters
    .filter((l) => l.kind === 'key_archive')
    .map((l) => ({ kind: 'shipment' as const, to: l.recipient, status: l.status, createdAt: l.createdAt, sentAt: l.sentAt, requestedBy: null }));
  // A resend is listed from the moment it was accepted; its letter row appears when the workflow sends it.
  const resent = resends.map((r) => {
    const details = r.details as { recipientEmail: string; reference: string };
    const letter = letterOf.get(`${KEY_ARCHIVE_RESEND_KIND}:${details.reference}`);
    return {
      kind: 'resend' as const,
      to: letter?.recipient ?? details.recipientEmail,
      status: letter?.status ?? 'queued',
      createdAt: r.at,
      sentAt: letter?.sentAt ?? null,
      requestedBy: r.login ? { login: r.login, fullName: r.fullName } : null,
    };
  });
  return {
    orderNumber: order.orderNumber,
    downloads: downloads.map((d) => ({ at: d.at, ip: d.ip, user: d.login ? { login: d.login, fullName: d.fullName } : null })),
    letters: [...shipment, ...resent].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
  };
}
