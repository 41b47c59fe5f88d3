import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { asc, eq } from 'drizzle-orm';
import { acts, dealers, onecOutbox, orderLines, orders } from '../../../db/schema';
import { moscowDateOf } from '../../domain/moscow-time';
import { orderLog } from '../../infra/order-log';
import { onecCounterparty, onecLines } from '../../usecases/billing/onec-payload';
import type { ActivityDeps } from '../deps';
import { fileDocument } from '../../usecases/documents/documents.usecases';
import { audit } from '../../usecases/audit/audit.usecases';
import { renderActPdf } from '../../documents/act.pdf';
import { dealerAsParty, orderLinesAsDocumentLines, supplierAsParty } from '../../usecases/documents/document-sources';
import type { ActModel } from '../../documents/documents.model';
import { contractBasis } from '../../locale/documents.ru';
import { buildUpdModel } from '../../documents/upd.model';
import { renderUpdPdf } from '../../documents/upd.pdf';
import { renderUpdXml } from '../../documents/upd.xml';

export const actBlobKey = (orderNumber: string) => `orders/${orderNumber}/act.pdf`;
export const updPdfBlobKey = (orderNumber: string) => `orders/${orderNumber}/upd.pdf`;
/** The XML keeps the name the format gives it (ON_NSCHFDOPPR_….xml): downloads and the archive use the key's last part. */
export const updXmlBlobKey = (orderNumber: string, fileName: string) => `orders/${orderNumber}/${fileName}`;

export function createActActivities({ db, blobStore, supplier }: Pick<ActivityDeps, 'db' | 'blobStore' | 'supplier'>) {
  return {
    /** Records the shipped order's act and queues it for 1C to number; a retry finds the same act. */
    async registerAct(input: { orderId: string; workflowId: string }): Promise<{ actId: string }> {
      return db.transaction(async (tx) => {
        const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
        if (!order) throw ApplicationFailure.nonRetryable(`order ${input.orderId} does not exist`);
        await tx.insert(acts).values({ dealerId: order.dealerId, orderId: order.id, workflowId: input.workflowId }).onConflictDoNothing({ target: acts.orderId });
        const [act] = await tx.select().from(acts).where(eq(acts.orderId, order.id));
        const [dealer] = await tx.select().from(dealers).where(eq(dealers.id, order.dealerId));
        const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.lineNo));
        const payload = {
          sidActId: act!.id,
          documentType: 'act',
          orderNumber: order.orderNumber,
          shippedAt: order.shippedAt,
          amountKopecks: order.grossKopecks,
          counterparty: onecCounterparty(dealer!),
          lines: onecLines(lines),
        };
        await tx.insert(onecOutbox).values({ documentType: 'act', documentId: act!.id, payload }).onConflictDoNothing();
        orderLog(order.orderNumber).info('act registered for 1C', { actId: act!.id });
        return { actId: act!.id };
      });
    },

    /** Stores 1C's number and files the act's PDF with the order (and so in its key archive). */
    async issueAct(input: { actId: string; number: string; date: string }): Promise<{ documentId: string; number: string }> {
      // The signal only wakes the workflow: the number is the one the 1C exchange recorded on the
      // act (assignDocumentNumber), since anyone who reaches Temporal can send the signal.
      const [act] = await db.select().from(acts).where(eq(acts.id, input.actId));
      if (!act) throw ApplicationFailure.nonRetryable(`act ${input.actId} does not exist`);
      if (act.number !== input.number && Context.current().info.attempt === 1) {
        const [numbered] = await db.select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, act.orderId));
        await audit(db, {
          action: 'workflow.input_refused',
          subjectType: 'order',
          subjectId: numbered?.orderNumber ?? act.orderId,
          details: { workflow: 'order', signal: 'actNumberAssigned', refusal: act.number ? 'number_differs_from_1c' : 'not_numbered_by_1c', signalled: input.number, recorded: act.number },
        });
      }
      if (!act.number || !act.numberDate) {
        throw ApplicationFailure.retryable(`act ${input.actId}: 1C has not numbered it through the exchange yet (the signal's ${input.number} is not taken); waiting for 1C`, 'ActNotNumbered');
      }
      input = { ...input, number: act.number, date: act.numberDate };
      const [order] = await db.select().from(orders).where(eq(orders.id, act.orderId));
      const [dealer] = await db.select().from(dealers).where(eq(dealers.id, act.dealerId));
      const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, act.orderId)).orderBy(asc(orderLines.lineNo));
      const model: ActModel = {
        number: input.number,
        date: input.date,
        supplier: supplierAsParty(supplier),
        buyer: dealerAsParty(dealer!),
        basis: contractBasis(dealer!) ?? supplier.basis,
        scope: { kind: 'order', orderNumber: order!.orderNumber, orderDate: moscowDateOf(order!.createdAt) },
        lines: orderLinesAsDocumentLines(lines),
        totals: { netKopecks: order!.netKopecks, vatKopecks: order!.vatKopecks, grossKopecks: order!.grossKopecks },
        supplierSignatory: { position: supplier.directorPosition, name: supplier.director },
        buyerSignatory: { position: 'Генеральный директор', name: dealer!.director },
      };
      /** Stores a file of the act's order; running again replaces it with the same bytes. */
      /** Files a document of the act's shipment under 1C's number; running again replaces it with the same bytes. */
      const file = async (kind: 'act' | 'upd' | 'upd_xml', blobKey: string, content: Buffer, contentType: string) =>
        (await fileDocument(db, blobStore, { dealerId: act.dealerId, orderId: act.orderId, kind, number: input.number, documentDate: input.date, blobKey, contentType, content })).documentId;
      const documentId = await file('act', actBlobKey(order!.orderNumber), await renderActPdf(model), 'application/pdf');

      // The УПД of the same shipment, from the act's own model: status 1 where VAT applies, 2 for exempt licences.
      const upd = buildUpdModel({
        act: model,
        guid: act.id,
        chiefAccountant: supplier.chiefAccountant,
        contract: dealer!.contractNumber && dealer!.contractDate ? { number: dealer!.contractNumber, date: dealer!.contractDate } : null,
        senderEdoId: supplier.edoId,
      });
      const xml = renderUpdXml(upd);
      await file('upd_xml', updXmlBlobKey(order!.orderNumber, xml.fileName), xml.content, 'application/xml; charset=windows-1251');
      await file('upd', updPdfBlobKey(order!.orderNumber), await renderUpdPdf(upd), 'application/pdf');
      orderLog(order!.orderNumber).info('act numbered by 1C and filed', { actId: act.id, number: input.number, documentId, updStatus: upd.status, updFile: xml.fileName });
      return { documentId, number: input.number };
    },
  };
}
