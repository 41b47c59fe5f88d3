import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { renderReconciliationPdf } from '../../documents/reconciliation.pdf';
import { findDealer, loadReconciliation, type DealerRow } from '../../usecases/documents/reconciliation.source';
import { reconciliationFileName } from '../../locale/reconciliation.ru';
import { renderReconciliationXlsx } from '../../documents/reconciliation.xlsx';
import { moscowDateOf } from '../../domain/moscow-time';
import { loadSupplier, type Supplier } from '../../infra/supplier';
import { ru } from '../../locale/ru';
import { requireDealerUser, type Principal } from '../auth';
import { HttpError } from '../errors';
import { requireStaff } from '../staff/require-staff';
import { parsePeriod, reconciliationContracts, reconciliationSendContract, statementAnswer } from './reconciliation.schemas';
import { audit } from '../../usecases/audit/audit.usecases';
import { mailReconciliation } from '../../usecases/documents/reconciliation-mail.usecases';

const t = ru.reconciliation;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Format = 'json' | 'pdf' | 'xlsx';
type DealerParams = { Params: { id: string } };

/**
 * The reconciliation statement (акт сверки): a dealer reads its own, staff any dealer's, for a
 * period of Moscow calendar days, as JSON, PDF or XLSX; staff mail both files to the dealer. The
 * figures come from src/domain/reconciliation.ts over the invoices and payments SID records.
 */
export function registerReconciliationRoutes(app: FastifyInstance, { db, temporal }: { db: Db; temporal: Client }): void {
  // The distributor's requisites (data/supplier.json), read once and checked like the worker does.
  let supplier: Promise<Supplier> | undefined;
  const supplierOnce = () => (supplier ??= loadSupplier());

  async function answer(request: FastifyRequest, reply: FastifyReply, principal: Principal, dealer: DealerRow, format: Format) {
    const period = parsePeriod(request.query);
    const doc = await loadReconciliation(db, await supplierOnce(), dealer, period, moscowDateOf(Date.now()));
    if (format === 'json') return statementAnswer(doc);
    const file = format === 'pdf' ? await renderReconciliationPdf(doc) : renderReconciliationXlsx(doc);
    await audit(db, {
      actorUserId: principal.userId,
      action: 'document.downloaded',
      subjectType: 'dealer',
      subjectId: dealer.id,
      details: { kind: 'reconciliation', format, from: period.from, to: period.to },
      ip: request.ip,
    });
    return reply
      .header('content-type', format === 'pdf' ? 'application/pdf' : XLSX_TYPE)
      .header('content-length', file.length)
      .header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${reconciliationFileName(period.from, period.to, format)}"`)
      .send(file);
  }

  /** The dealer's own: scoped by the session's dealer, never by anything the request names. */
  async function ownDealer(request: FastifyRequest) {
    const principal = requireDealerUser(request);
    const dealer = await findDealer(db, principal.dealerId);
    if (!dealer) throw new HttpError(404, 'DEALER_NOT_FOUND', t.dealerNotFound);
    return { principal, dealer };
  }

  /** Staff name the dealer; one still pending (or rejected) has no books to reconcile. */
  async function namedDealer(request: FastifyRequest<DealerParams>) {
    const principal = requireStaff(request);
    const dealer = z.uuid().safeParse(request.params.id).success ? await findDealer(db, request.params.id) : undefined;
    if (!dealer) throw new HttpError(404, 'DEALER_NOT_FOUND', t.dealerNotFound);
    if (dealer.status !== 'approved' && dealer.status !== 'suspended') throw new HttpError(409, 'DEALER_NOT_APPROVED', t.dealerNotApproved);
    return { principal, dealer };
  }

  for (const [suffix, format] of [['', 'json'], ['.pdf', 'pdf'], ['.xlsx', 'xlsx']] as const) {
    app.get(`/api/reconciliation${suffix}`, { schema: reconciliationContracts[format] }, async (request, reply) => {
      const { principal, dealer } = await ownDealer(request);
      return answer(request, reply, principal, dealer, format);
    });
    app.get<DealerParams>(`/api/staff/dealers/:id/reconciliation${suffix}`, { schema: reconciliationContracts[format] }, async (request, reply) => {
      const { principal, dealer } = await namedDealer(request);
      return answer(request, reply, principal, dealer, format);
    });
  }

  /** Mails the statement to the dealer's address; the worker renders and sends it (the API has no mailer). */
  app.post<DealerParams>('/api/staff/dealers/:id/reconciliation/send', { schema: reconciliationSendContract }, async (request, reply) => {
    const { principal, dealer } = await namedDealer(request);
    const period = parsePeriod(request.body, 'body');
    const onStartFailure = (err: unknown) => request.log.error({ err }, 'reconciliation-mail workflow did not start');
    return reply.code(202).send(await mailReconciliation(db, temporal, { userId: principal.userId, ip: request.ip }, dealer, period, onStartFailure));
  });
}
