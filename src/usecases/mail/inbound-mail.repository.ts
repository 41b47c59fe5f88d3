/** Vendor replies as staff list them: what ingestion did with each letter, newest first. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { inboundMail, orders, vendors } from '../../../db/schema';
import type { InboundMailStatus } from '../../domain/vendor-mail';

/** A letter's own record, as the staff list shows it (the original stays in the blob store). */
const listedLetter = {
  id: inboundMail.id,
  receivedAt: inboundMail.createdAt,
  sentAt: inboundMail.sentAt,
  from: inboundMail.fromAddress,
  subject: inboundMail.subject,
  kind: inboundMail.kind,
  status: inboundMail.status,
  reason: inboundMail.reason,
  keyCount: inboundMail.keyCount,
  problems: inboundMail.problems,
  details: inboundMail.details,
};

/** Letters by status and by the order they were matched to, with that order's number and the vendor's code. */
export async function listInboundMail(db: Db, filter: { status?: InboundMailStatus | undefined; orderNumber?: string | undefined; limit: number }) {
  const items = await db
    .select({ ...listedLetter, orderNumber: orders.orderNumber, vendorCode: vendors.code })
    .from(inboundMail)
    .leftJoin(orders, eq(orders.id, inboundMail.orderId))
    .leftJoin(vendors, eq(vendors.id, inboundMail.vendorId))
    .where(and(filter.status ? eq(inboundMail.status, filter.status) : undefined, filter.orderNumber ? eq(orders.orderNumber, filter.orderNumber) : undefined))
    .orderBy(desc(inboundMail.createdAt))
    .limit(filter.limit);
  return items.map((item) => ({ ...item, problems: item.problems as string[] }));
}
