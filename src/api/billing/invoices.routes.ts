import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import type { BlobStore } from '../../infra/blob-store';
import { moscowDateOf } from '../../domain/moscow-time';
import { dealerAccountBalance, dealerHeadline, invoiceDocument, listInvoices } from '../../usecases/billing/dealer-account.usecases';
import { requireDealerUser, requireUser } from '../auth';
import { anyDealer, errors, fileResponse } from '../common.schemas';
import { balanceSchema, dealerSummarySchema, invoiceIdParams, invoicePageSchema, listInvoicesSchema } from './invoices.schemas';

/** Invoices: the dealer's own (what is owed, what is overdue), or all of them for staff (src/usecases/billing/dealer-account.usecases.ts). */
export function registerInvoiceRoutes(app: FastifyInstance, { db, blobStore }: { db: Db; blobStore: BlobStore }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const list = {
    tags: ['invoices'],
    summary: 'The dealer’s invoices, newest first',
    security: anyDealer,
    querystring: listInvoicesSchema,
    response: { 200: invoicePageSchema, ...errors(400, 401) },
  };
  api.get('/api/invoices', { schema: list }, async (request) => listInvoices(db, requireUser(request), request.query));

  const summary = {
    tags: ['invoices'],
    summary: 'Balance: the balance by the books, credit limit, what the credit check counts, unpaid and overdue amounts; a monthly dealer’s statement so far',
    security: anyDealer,
    response: { 200: balanceSchema, ...errors(401, 403) },
  };
  api.get('/api/invoices/summary', { schema: summary }, async (request) => {
    const now = new Date();
    return dealerAccountBalance(db, requireDealerUser(request), now, moscowDateOf(now));
  });

  const dealerSummary = {
    tags: ['invoices'],
    summary: 'The dealer’s company, balance, credit left and overdue invoices, as the web app’s top bar shows them',
    security: anyDealer,
    response: { 200: dealerSummarySchema, ...errors(401, 403) },
  };
  api.get('/api/dealer/summary', { schema: dealerSummary }, async (request) => dealerHeadline(db, requireDealerUser(request), moscowDateOf(Date.now())));

  const pdf = {
    tags: ['invoices'],
    summary: 'An invoice as PDF (once 1C has numbered it)',
    security: anyDealer,
    params: invoiceIdParams,
    response: { 200: fileResponse('application/pdf', 'PDF'), ...errors(401, 404, 409) },
  };
  api.get('/api/invoices/:id/pdf', { schema: pdf }, async (request, reply) => {
    const doc = await invoiceDocument(db, requireUser(request), request.params.id, request.ip);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', doc.sizeBytes)
      .header('content-disposition', `inline; filename="${encodeURIComponent(doc.fileName)}"`)
      .send(await blobStore.get(doc.blobKey));
  });
}
