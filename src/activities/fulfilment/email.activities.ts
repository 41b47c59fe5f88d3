import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { orders, vendors } from '../../../db/schema';
import { domainOf } from '../../infra/mail';
import { orderLog } from '../../infra/order-log';
import { ru } from '../../locale/ru';
import type { FulfillmentLine } from '../../workflows/orders/order.contract';
import type { ActivityDeps } from '../deps';
import { sendOnce } from '../mail/send-once';
import { emailAdapterSettingsSchema, requestMessageId } from './email-settings';
import { vendorIdempotencyKey } from './vendor-api.activities';
import { openVendorOrder, recordVendorRequestSent } from '../../usecases/fulfilment/vendor-orders.usecases';

interface EmailTask {
  orderId: string;
  orderNumber: string;
  vendorId: number;
  vendorCode: string;
  lines: FulfillmentLine[];
  /** Staff asked for the request to go out again. */
  resend?: boolean;
}

/** The end user as the vendor needs it on the license: name, INN, region, e-mail, whichever were given. */
function describeEndUser(endUser: unknown): string | null {
  if (!endUser || typeof endUser !== 'object') return null;
  const fields = ['name', 'inn', 'region', 'email'] as const;
  const parts = fields.map((f) => (endUser as Record<string, unknown>)[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length > 0 ? parts.join(', ') : null;
}

export function createEmailVendorActivities({ db, mail, supplier }: ActivityDeps) {
  return {
    /**
     * Sends the order request to the vendor's order desk. The first request goes out once however
     * often the activity runs; a resend is a new attempt with its own Message-ID, so replies to
     * either are matched.
     */
    async sendVendorOrderRequest(task: EmailTask): Promise<{ messageId: string; attempt: number }> {
      const [vendor] = await db.select().from(vendors).where(eq(vendors.id, task.vendorId));
      if (!vendor) throw ApplicationFailure.nonRetryable(`vendor ${task.vendorId} does not exist`, 'AdapterMisconfigured');
      const settings = emailAdapterSettingsSchema.safeParse(vendor.adapterSettings);
      if (!settings.success) {
        throw ApplicationFailure.nonRetryable(`vendor ${vendor.code} has no valid e-mail adapter settings: ${settings.error.message}`, 'AdapterMisconfigured');
      }
      const idempotencyKey = vendorIdempotencyKey(task.orderNumber, task.vendorCode);
      const row = await openVendorOrder(db, { orderId: task.orderId, vendorId: task.vendorId, idempotencyKey, status: 'requested' });
      // A retried resend finds its own attempt already counted only after it was sent.
      const attempt = task.resend ? Math.max(row!.requestsSent, 1) + 1 : 1;

      const [order] = await db.select({ endUser: orders.endUser }).from(orders).where(eq(orders.id, task.orderId));
      const lines = await db.query.orderLines.findMany({
        where: (l, { inArray }) => inArray(l.id, task.lines.map((x) => x.orderLineId)),
        orderBy: (l, { asc }) => asc(l.lineNo),
      });
      const messageId = requestMessageId(task.orderNumber, vendor.code, attempt, domainOf(mail.mailer.from));
      await sendOnce(db, mail.mailer, {
        kind: 'vendor_request',
        reference: `${task.orderNumber}/${vendor.code}/${attempt}`,
        to: settings.data.orderDesk,
        subject: ru.mail.vendorRequestSubject(task.orderNumber, attempt),
        text: ru.mail.vendorRequest({
          orderNumber: task.orderNumber,
          supplierName: supplier.name,
          lines: lines.map((l) => ({ partNumber: l.partNumber, productName: l.productName, quantity: l.quantity })),
          endUser: describeEndUser(order?.endUser),
        }),
        messageId,
      });
      await recordVendorRequestSent(db, idempotencyKey, attempt, messageId);
      orderLog(task.orderNumber, { vendorCode: vendor.code }).info('vendor order request mailed', { attempt, messageId });
      return { messageId, attempt };
    },
  };
}
