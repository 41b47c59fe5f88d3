import type { Client } from '@temporalio/client';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client';
import { onecClients, onecExchangeLog, onecOutbox, onecSeenNonces } from '../../../db/schema';
import type { BankingCalendar } from '../../domain/banking-calendar';
import type { KeyCipher } from '../../infra/key-cipher';
import { invoiceNumberAssignedSignal, invoicePaymentsChangedSignal } from '../../workflows/billing/invoice.contract';
import { actNumberAssignedSignal } from '../../workflows/orders/order.contract';
import { ru } from '../../locale/ru';
import { HttpError } from '../errors';
import { signalIfRunning } from '../../infra/signal-if-running';
import { onecContracts, type DocumentNumberRequest, type OnecDirection, type PaymentCorrectionRequest, type PaymentRequest } from './onec.schemas';
import { assignDocumentNumber, cancelPayment, recordPayment } from '../../usecases/billing/payments.usecases';
import { ONEC_FRESHNESS_SECONDS, onecSignature, parseOutboxId, signaturesMatch } from './onec-signature';

const m = ru.onecExchange;

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
    onecClientId?: string;
    onecVerified?: boolean;
  }
}

export interface OnecDeps {
  db: Db;
  temporal: Client;
  keyCipher: KeyCipher;
  calendar: BankingCalendar;
}

/**
 * The exchange API 1C:Enterprise calls: the outbox of documents to register, document numbers
 * and payments in. Every call is signed (docs/1c-exchange.md) and every call is logged, refused
 * ones with the reason.
 */
export async function onecRoutes(app: FastifyInstance, { db, temporal, keyCipher, calendar }: OnecDeps): Promise<void> {
  // The signature covers the exact bytes sent, so this scope keeps the raw body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    // 1C often writes a byte-order mark; the signature covers it, the JSON parser must not see it.
    const text = (body as string).replace(/^\uFEFF/, '');
    if (text.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, 'INVALID_JSON', m.invalidJson), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    const clientId = header(request, 'x-sid-client');
    const timestamp = header(request, 'x-sid-timestamp');
    const nonce = header(request, 'x-sid-nonce');
    const signature = header(request, 'x-sid-signature');
    if (!clientId || !timestamp || !nonce || !signature) {
      throw new HttpError(401, 'UNSIGNED', m.unsigned);
    }
    if (!/^[A-Za-z0-9-]{8,64}$/.test(nonce)) throw new HttpError(401, 'BAD_NONCE', m.badNonce);
    request.onecClientId = clientId;
    const skew = Math.abs(Date.now() / 1000 - Number(timestamp));
    if (!/^\d{10}$/.test(timestamp) || skew > ONEC_FRESHNESS_SECONDS) {
      throw new HttpError(401, 'STALE_REQUEST', m.stale(timestamp, ONEC_FRESHNESS_SECONDS));
    }
  });

  // The body is only available after parsing: verify the signature then, before the contract
  // validates it, so an unverified caller learns nothing of what a body must hold.
  app.addHook('preValidation', async (request) => {
    const clientId = request.onecClientId!;
    const [client] = await db.select().from(onecClients).where(and(eq(onecClients.id, clientId), eq(onecClients.active, true)));
    const given = header(request, 'x-sid-signature')!;
    const expected = client
      ? onecSignature(keyCipher.decrypt(client.secretEncrypted), {
          timestamp: header(request, 'x-sid-timestamp')!,
          nonce: header(request, 'x-sid-nonce')!,
          method: request.method,
          path: request.url,
          body: request.rawBody ?? '',
        })
      : '';
    if (!client || !signaturesMatch(expected, given)) throw new HttpError(401, 'BAD_SIGNATURE', m.badSignature);
    await db.delete(onecSeenNonces).where(lt(onecSeenNonces.createdAt, sql`now() - make_interval(secs => ${2 * ONEC_FRESHNESS_SECONDS})`));
    // The nonce is unique per request and covered by the signature: seen before means replayed.
    const fresh = await db
      .insert(onecSeenNonces)
      .values({ clientId, nonce: header(request, 'x-sid-nonce')! })
      .onConflictDoNothing()
      .returning({ clientId: onecSeenNonces.clientId });
    request.onecVerified = true;
    if (fresh.length === 0) throw new HttpError(409, 'REPLAYED', m.replayed);
  });

  // Nothing 1C sends is dropped unseen: every call, accepted or refused, lands in the log.
  app.addHook('onSend', async (request, reply, payload) => {
    const error = reply.statusCode >= 400 && typeof payload === 'string' ? payload.slice(0, 1000) : null;
    await db.insert(onecExchangeLog).values({
      direction: 'in' satisfies OnecDirection,
      endpoint: `${request.method} ${request.url}`,
      clientId: request.onecClientId ?? null,
      statusCode: reply.statusCode,
      // An unsigned caller could otherwise write megabytes here: only verified bodies are kept.
      requestBody: request.onecVerified ? (request.rawBody ?? null) : null,
      error,
    });
    return payload;
  });

  app.get('/outbox', { schema: onecContracts.outbox }, async (request) => {
    const { limit } = request.query as { limit: number };
    const items = await db.select().from(onecOutbox).where(isNull(onecOutbox.acknowledgedAt)).orderBy(asc(onecOutbox.id)).limit(limit);
    return { items: items.map((i) => ({ id: i.id, documentType: i.documentType, sidDocumentId: i.documentId, createdAt: i.createdAt, document: i.payload })) };
  });

  app.post<{ Params: { id: string } }>('/outbox/:id/ack', { schema: onecContracts.ack }, async (request) => {
    const id = parseOutboxId(request.params.id);
    if (id === undefined) throw new HttpError(400, 'INVALID_ID', m.badOutboxId(request.params.id));
    const [item] = await db.update(onecOutbox).set({ acknowledgedAt: sql`coalesce(${onecOutbox.acknowledgedAt}, now())` }).where(eq(onecOutbox.id, id)).returning();
    if (!item) throw new HttpError(404, 'OUTBOX_ITEM_NOT_FOUND', m.outboxItemNotFound(id));
    return { id, acknowledgedAt: item.acknowledgedAt };
  });

  app.post('/documents/number', { schema: onecContracts.documentNumber }, async (request) => {
    const body = request.body as DocumentNumberRequest;
    const { documentType, workflowId, repeated, heldPaymentsApplied } = await assignDocumentNumber(db, calendar, body);
    const signal = documentType === 'invoice' ? invoiceNumberAssignedSignal : actNumberAssignedSignal;
    await signalIfRunning(temporal, workflowId, (handle) => handle.signal(signal, { number: body.number, date: body.date }));
    // Payments that arrived before the number were applied with it: the invoice looks at its balance again.
    if (heldPaymentsApplied > 0) await signalIfRunning(temporal, workflowId, (handle) => handle.signal(invoicePaymentsChangedSignal));
    return { sidDocumentId: body.sidDocumentId, documentType, number: body.number, status: repeated ? 'already_assigned' : 'assigned' };
  });

  app.post('/payments', { schema: onecContracts.payment }, async (request, reply) => {
    const body = request.body as PaymentRequest;
    const outcome = await recordPayment(db, body);
    if (outcome.status !== 'queued' && outcome.workflowId) await signalIfRunning(temporal, outcome.workflowId, (handle) => handle.signal(invoicePaymentsChangedSignal));
    const { workflowId: _internal, ...answer } = outcome as typeof outcome & { workflowId?: string };
    return reply.code(outcome.status === 'queued' ? 202 : 200).send(answer);
  });

  app.post<{ Params: { paymentId: string } }>('/payments/:paymentId/correction', { schema: onecContracts.paymentCorrection }, async (request) => {
    const body = request.body as PaymentCorrectionRequest;
    const { changed, workflowId } = await cancelPayment(db, request.params.paymentId, body.reason);
    if (workflowId) await signalIfRunning(temporal, workflowId, (handle) => handle.signal(invoicePaymentsChangedSignal));
    return { paymentId: request.params.paymentId, status: changed ? 'cancelled' : 'already_cancelled' };
  });
}


function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
