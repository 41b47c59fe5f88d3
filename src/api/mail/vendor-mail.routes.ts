import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { inboundMail } from '../../../db/schema';
import { acceptInboundByStaff, chooseKeysByStaff, letterForStaff, matchInboundByStaff, readOriginal } from '../../activities/mail/inbound-mail';
import type { BlobStore } from '../../infra/blob-store';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { HttpError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { vendorMailContracts as contracts } from './vendor-mail.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { listInboundMail } from '../../usecases/mail/inbound-mail.repository';

/** Vendor replies as staff see them: what ingestion did with each, the original, and matching by hand. */
export function registerVendorMailRoutes(
  app: FastifyInstance,
  deps: { db: Db; temporal: Client; keyCipher: KeyCipher; blobStore: BlobStore },
): void {
  const { db } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/staff/vendor-mail', { schema: contracts.list }, async (request) => {
    requireStaff(request);
    return { items: await listInboundMail(db, request.query) };
  });

  /** The message exactly as it arrived, for a mail client (it holds keys: staff only, and audited). */
  api.get('/api/staff/vendor-mail/:id/original', { schema: contracts.original }, async (request, reply) => {
    const principal = requireStaff(request);
    const { id } = request.params;
    const [message] = await db.select({ blobKey: inboundMail.blobKey }).from(inboundMail).where(eq(inboundMail.id, id));
    if (!message) throw new HttpError(404, 'MESSAGE_NOT_FOUND', ru.vendorMailApi.notFound);
    const raw = await readOriginal(deps, message.blobKey);
    await audit(db, { actorUserId: principal.userId, action: 'vendor_mail.original_read', subjectType: 'inbound_mail', subjectId: id, ip: request.ip });
    return reply.header('content-type', 'message/rfc822').header('content-disposition', `attachment; filename="${id}.eml"`).send(raw);
  });

  /** The letter's text beside the keys it offers, for staff choosing keys (it shows keys: audited like the original). */
  api.get('/api/staff/vendor-mail/:id/letter', { schema: contracts.letter }, async (request) => {
    const principal = requireStaff(request);
    const { id } = request.params;
    const letter = await letterForStaff(deps, id);
    await audit(db, { actorUserId: principal.userId, action: 'vendor_mail.original_read', subjectType: 'inbound_mail', subjectId: id, details: { view: 'letter' }, ip: request.ip });
    return letter;
  });

  /** Staff vouch for a letter from a sender the vendor has not configured: once, or adding the sender to the vendor. */
  api.post('/api/staff/vendor-mail/:id/accept', { schema: contracts.accept }, async (request) => {
    const principal = requireStaff(request);
    const { id } = request.params;
    const body = request.body;
    const outcome = await acceptInboundByStaff(deps, { inboundMailId: id, userId: principal.userId, ...(body.addSender ? { addSender: body.addSender } : {}) });
    await audit(db, {
      actorUserId: principal.userId,
      action: 'vendor_mail.sender_accepted',
      subjectType: 'order',
      subjectId: outcome.orderNumber ?? id,
      details: { inboundMailId: id, vendorCode: outcome.vendorCode, keysStored: outcome.keysStored, status: outcome.status, senderAdded: outcome.senderAdded },
      ip: request.ip,
    });
    if (outcome.senderAdded) {
      await audit(db, {
        actorUserId: principal.userId,
        action: 'vendor.sender_added',
        subjectType: 'vendor',
        subjectId: outcome.vendorCode ?? '',
        details: { sender: outcome.senderAdded, inboundMailId: id },
        ip: request.ip,
      });
    }
    return { id, status: outcome.status, orderNumber: outcome.orderNumber, vendorCode: outcome.vendorCode, keysStored: outcome.keysStored, senderAdded: outcome.senderAdded };
  });

  /** Staff chose the real keys among a letter's candidates. */
  api.post('/api/staff/vendor-mail/:id/keys', { schema: contracts.chooseKeys }, async (request) => {
    const principal = requireStaff(request);
    const { id } = request.params;
    const body = request.body;
    const outcome = await chooseKeysByStaff(deps, { inboundMailId: id, keys: body.keys, userId: principal.userId });
    await audit(db, {
      actorUserId: principal.userId,
      action: 'vendor_mail.keys_chosen',
      subjectType: 'order',
      subjectId: outcome.orderNumber ?? id,
      // Never the keys themselves: how many were chosen and stored.
      details: { inboundMailId: id, vendorCode: outcome.vendorCode, chosen: body.keys.length, keysStored: outcome.keysStored, status: outcome.status },
      ip: request.ip,
    });
    return { id, status: outcome.status, orderNumber: outcome.orderNumber, vendorCode: outcome.vendorCode, keysStored: outcome.keysStored };
  });

  api.post('/api/staff/vendor-mail/:id/match', { schema: contracts.match }, async (request) => {
    const principal = requireStaff(request);
    const { id } = request.params;
    const body = request.body;
    const outcome = await matchInboundByStaff(deps, { inboundMailId: id, orderNumber: body.orderNumber, vendorCode: body.vendorCode, userId: principal.userId });
    if ('error' in outcome) {
      switch (outcome.error) {
        case 'message_not_found':
          throw new HttpError(404, 'MESSAGE_NOT_FOUND', ru.vendorMailApi.notFound);
        case 'order_not_found':
          throw new HttpError(404, 'ORDER_NOT_FOUND', ru.vendorMailApi.orderNotFound(body.orderNumber), [{ field: 'orderNumber', message: ru.vendorMailApi.orderNotFound(body.orderNumber) }]);
        case 'vendor_not_in_order':
          throw new HttpError(422, 'VENDOR_NOT_IN_ORDER', ru.vendorMailApi.vendorNotInOrder(body.orderNumber, body.vendorCode), [
            { field: 'vendorCode', message: ru.vendorMailApi.vendorNotInOrder(body.orderNumber, body.vendorCode) },
          ]);
      }
    }
    await audit(db, {
      actorUserId: principal.userId,
      action: 'vendor_mail.matched',
      subjectType: 'order',
      subjectId: body.orderNumber,
      details: { inboundMailId: id, vendorCode: body.vendorCode, keysStored: outcome.keysStored, status: outcome.status },
      ip: request.ip,
    });
    return { id, status: outcome.status, orderNumber: outcome.orderNumber, vendorCode: outcome.vendorCode, keysStored: outcome.keysStored };
  });
}
