import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray } from 'drizzle-orm';
import { dealers, documents, licenses, orderLines, orders, users } from '../../../db/schema';
import type { ReminderDays } from '../../domain/license-term';
import { orderLog } from '../../infra/order-log';
import { readBlob } from '../../infra/blob-store';
import { ru } from '../../locale/ru';
import type { ActivityDeps } from '../deps';
import { KEY_ARCHIVE_RESEND_KIND, keyResendReference, type KeyResendInput } from '../../workflows/delivery/key-resend.contract';
import { LICENSE_LAPSED_KIND, RENEWAL_REMINDER_KIND, renewalReminderReference } from '../../workflows/licenses/license-renewal.contract';
import { sendOnce } from './send-once';
import { actDocumentFileName } from '../delivery/key-archive';

/** The outgoing-mail kind of the letter carrying a numbered act (and УПД): one per order. */
export const ACT_DOCUMENTS_KIND = 'act_documents';
import { authoriseKeyResend } from '../../usecases/delivery/key-resend.usecases';

/** Letters to the dealer about an order: to the user who placed it, or the dealer's own address. */
export function createDealerMailActivities({ db, blobStore, mail, publicUrl }: ActivityDeps) {
  async function recipientOf(orderId: string) {
    const [row] = await db
      .select({ orderNumber: orders.orderNumber, dealerEmail: dealers.email, userEmail: users.email })
      .from(orders)
      .innerJoin(dealers, eq(dealers.id, orders.dealerId))
      .leftJoin(users, eq(users.id, orders.placedByUserId))
      .where(eq(orders.id, orderId));
    if (!row) throw new Error(`order ${orderId} does not exist`);
    return { orderNumber: row.orderNumber, to: row.userEmail ?? row.dealerEmail };
  }
  // The order's page in the web app, not the API's download: a mail client opening the API gets a
  // JSON 401, the page asks for a login and comes back. The download needs the dealer's session,
  // so a forwarded letter gives nobody else the keys.
  const orderPageUrl = (orderNumber: string) => `${publicUrl.replace(/\/$/, '')}/#/orders/${encodeURIComponent(orderNumber)}`;

  const renewalsUrl = () => `${publicUrl.replace(/\/$/, '')}/#/renewals`;

  /** A licence as its letters name it, and the user who placed the order it came with. */
  async function licenseLetterOf(licenseId: string) {
    const [row] = await db
      .select({ orderId: orders.id, partNumber: licenses.partNumber, productName: orderLines.productName, quantity: licenses.quantity, endUser: licenses.endUserName, licenseNumber: licenses.licenseNumber, endsOn: licenses.endsOn })
      .from(licenses)
      .innerJoin(orderLines, eq(orderLines.id, licenses.orderLineId))
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(licenses.id, licenseId));
    if (!row) throw new Error(`licence ${licenseId} does not exist`);
    const { orderId, endsOn, ...named } = row;
    const { orderNumber, to } = await recipientOf(orderId);
    const letter = { ...named, endsOn: endsOn.split('-').reverse().join('.'), orderNumber };
    return { letter, to };
  }

  /**
   * One letter carrying an order's key archive: attached, or a link when it is too large for mail.
   * The shipment letter and every resend go through here, each under its own (kind, reference).
   */
  async function sendKeyArchive(letter: {
    orderId: string;
    orderNumber: string;
    to: string;
    kind: string;
    reference: string;
    subject: string;
    text: (attached: boolean, url: string) => string;
  }): Promise<{ attached: boolean }> {
    const [archive] = await db
      .select({ blobKey: documents.blobKey, sizeBytes: documents.sizeBytes })
      .from(documents)
      .where(and(eq(documents.orderId, letter.orderId), eq(documents.kind, 'key_archive')));
    if (!archive) throw new Error(`order ${letter.orderNumber} has no key archive yet`);
    const attached = archive.sizeBytes <= mail.attachmentLimitBytes;
    await sendOnce(db, mail.mailer, {
      kind: letter.kind,
      reference: letter.reference,
      to: letter.to,
      subject: letter.subject,
      text: letter.text(attached, orderPageUrl(letter.orderNumber)),
      attachments: attached
        ? [{ filename: `keys-${letter.orderNumber}.zip`, content: await readBlob(blobStore, archive.blobKey), contentType: 'application/zip' }]
        : [],
    });
    return { attached };
  }

  return {
    /** The shipped keys: the archive attached, or a link when it is too large for mail. */
    async mailKeyArchive(input: { orderId: string; keyCount: number }): Promise<{ to: string; attached: boolean }> {
      const { orderNumber, to } = await recipientOf(input.orderId);
      // The act joins the archive only once 1C numbers it, usually after this letter: say it follows (mailActDocuments).
      const [act] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.orderId, input.orderId), eq(documents.kind, 'act')));
      const actNote = act ? '' : `\n${ru.keyArchive.actPending}\n`;
      const { attached } = await sendKeyArchive({
        orderId: input.orderId,
        orderNumber,
        to,
        kind: 'key_archive',
        reference: orderNumber,
        subject: ru.mail.archiveSubject(orderNumber),
        text: (attached, url) => (attached ? ru.mail.archiveAttached(orderNumber, input.keyCount, url) : ru.mail.archiveLinked(orderNumber, input.keyCount, url)) + actNote,
      });
      orderLog(orderNumber).info('key archive mailed to the dealer', { attached, keyCount: input.keyCount, actFollows: !act });
      return { to, attached };
    },

    /** The archive again, to the user a dealer chose: one letter per request (key-resend workflow). */
    async resendKeyArchive(input: KeyResendInput): Promise<{ attached: boolean }> {
      // Whoever started the workflow (the API, or anyone who reaches Temporal): checked here.
      const authorised = await authoriseKeyResend(db, input);
      if (!authorised.ok) {
        orderLog(input.orderNumber).warn('key archive resend refused', { refusal: authorised.refusal, requestId: input.requestId });
        throw ApplicationFailure.nonRetryable(`key resend ${input.requestId} for ${input.orderNumber} refused: ${authorised.refusal}`, 'KeyResendRefused');
      }
      const { attached } = await sendKeyArchive({
        orderId: input.orderId,
        orderNumber: input.orderNumber,
        to: input.to,
        kind: KEY_ARCHIVE_RESEND_KIND,
        reference: keyResendReference(input.orderNumber, input.requestId),
        subject: ru.keyDelivery.resentSubject(input.orderNumber),
        text: (attached, url) => (attached ? ru.keyDelivery.resentAttached(input.orderNumber, url) : ru.keyDelivery.resentLinked(input.orderNumber, url)),
      });
      orderLog(input.orderNumber).info('key archive resent', { attached, requestId: input.requestId });
      return { attached };
    },

    /**
     * The act of transfer of rights, once 1C has numbered it, with the УПД (printed form and ФНС
     * XML) where filed: the key letter went out before them. Once per order, however often it runs.
     */
    async mailActDocuments(input: { orderId: string }): Promise<{ to: string; files: string[] }> {
      const { orderNumber, to } = await recipientOf(input.orderId);
      const kinds = ['act', 'upd', 'upd_xml'] as const;
      const filed = await db
        .select({ kind: documents.kind, number: documents.number, documentDate: documents.documentDate, blobKey: documents.blobKey, contentType: documents.contentType })
        .from(documents)
        .where(and(eq(documents.orderId, input.orderId), inArray(documents.kind, [...kinds])));
      const act = filed.find((d) => d.kind === 'act');
      if (!act?.number || !act.documentDate) throw new Error(`order ${orderNumber} has no numbered act yet`);
      const attachments = await Promise.all(
        filed
          .sort((a, b) => kinds.indexOf(a.kind as (typeof kinds)[number]) - kinds.indexOf(b.kind as (typeof kinds)[number]))
          .map(async (d) => ({ filename: actDocumentFileName(d), content: await readBlob(blobStore, d.blobKey), contentType: d.contentType })),
      );
      await sendOnce(db, mail.mailer, {
        kind: ACT_DOCUMENTS_KIND,
        reference: orderNumber,
        to,
        subject: ru.keyArchive.actSubject(orderNumber, act.number),
        text: ru.keyArchive.actLetter(orderNumber, act.number, act.documentDate.split('-').reverse().join('.'), filed.some((d) => d.kind === 'upd'), orderPageUrl(orderNumber)),
        attachments,
      });
      const files = attachments.map((a) => a.filename);
      orderLog(orderNumber).info('act documents mailed to the dealer', { actNumber: act.number, files });
      return { to, files };
    },

    /** A prepay order cancelled because its invoice was not paid in time. */
    async mailOrderCancelled(input: { orderId: string; invoiceNumber: string | null }): Promise<void> {
      const { orderNumber, to } = await recipientOf(input.orderId);
      await sendOnce(db, mail.mailer, {
        kind: 'prepay_expired',
        reference: orderNumber,
        to,
        subject: ru.mail.prepayExpiredSubject(orderNumber),
        text: ru.mail.prepayExpired(orderNumber, input.invoiceNumber),
      });
      orderLog(orderNumber).info('order cancellation mailed to the dealer', { invoiceNumber: input.invoiceNumber });
    },

    /** A licence's term ends in `daysBefore` days (licence-renewal workflow): once per licence and milestone. */
    async mailRenewalReminder(input: { licenseId: string; daysBefore: ReminderDays }): Promise<void> {
      const { letter, to } = await licenseLetterOf(input.licenseId);
      await sendOnce(db, mail.mailer, {
        kind: RENEWAL_REMINDER_KIND,
        reference: renewalReminderReference(input.licenseId, input.daysBefore),
        to,
        subject: ru.licenses.reminderSubject(letter.partNumber, letter.endUser, input.daysBefore),
        text: ru.licenses.reminder(letter, input.daysBefore, renewalsUrl()),
      });
      orderLog(letter.orderNumber).info('licence renewal reminder mailed', { licenseId: input.licenseId, daysBefore: input.daysBefore });
    },

    /** A licence's term ended without a renewal (licence-renewal workflow). */
    async mailLicenseLapsed(input: { licenseId: string }): Promise<void> {
      const { letter, to } = await licenseLetterOf(input.licenseId);
      await sendOnce(db, mail.mailer, {
        kind: LICENSE_LAPSED_KIND,
        reference: input.licenseId,
        to,
        subject: ru.licenses.lapsedSubject(letter.partNumber, letter.endUser),
        text: ru.licenses.lapsed(letter, renewalsUrl()),
      });
      orderLog(letter.orderNumber).info('licence lapse mailed', { licenseId: input.licenseId });
    },
  };
}
