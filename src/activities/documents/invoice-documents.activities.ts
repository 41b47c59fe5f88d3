import { paymentQrString } from '../../domain/payment-qr';
import type { PartyRequisites } from '../../documents/documents.model';
import { contractBasis, texts } from '../../locale/documents.ru';
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { dealers, invoices, orderLines, orders } from '../../../db/schema';
import { moscowDateOf } from '../../domain/moscow-time';
import type { ActivityDeps } from '../deps';
import { fileDocument } from '../../usecases/documents/documents.usecases';
import { renderConsolidatedInvoicePdf } from '../../documents/consolidated-invoice.pdf';
import { dealerAsParty, orderLinesAsDocumentLines, supplierAsParty } from '../../usecases/documents/document-sources';
import { renderInvoicePdf } from '../../documents/invoice.pdf';

/** The invoice's payment QR code: the supplier's bank requisites, the amount and the purpose (ГОСТ Р 56042-2014). */
export function invoicePaymentQr(payee: PartyRequisites, invoice: { number: string; date: string; amountKopecks: number; vatKopecks: number }): string {
  return paymentQrString({
    name: payee.name,
    personalAcc: payee.settlementAccount,
    bankName: payee.bankName,
    bic: payee.bik,
    correspAcc: payee.correspondentAccount,
    payeeInn: payee.inn,
    kpp: payee.kpp,
    sumKopecks: invoice.amountKopecks,
    purpose: texts.invoice.qrPurpose(invoice.number, invoice.date, invoice.vatKopecks),
  });
}

export function createInvoiceDocumentActivities({ db, blobStore, supplier }: Pick<ActivityDeps, 'db' | 'blobStore' | 'supplier'>) {
  return {
    /**
     * Renders the numbered invoice (or the month's consolidated invoice) as PDF and files it with
     * the dealer's documents. Running it again renders the same bytes and changes nothing.
     */
    async renderInvoiceDocument(input: { invoiceId: string }): Promise<{ documentId: string; sizeBytes: number }> {
      const [invoice] = await db.select().from(invoices).where(eq(invoices.id, input.invoiceId));
      if (!invoice?.number || !invoice.numberDate) throw ApplicationFailure.nonRetryable(`invoice ${input.invoiceId} has no 1C number yet`);
      const [dealer] = await db.select().from(dealers).where(eq(dealers.id, invoice.dealerId));
      const buyer = dealerAsParty(dealer!);
      const header = { number: invoice.number, date: invoice.numberDate, supplier: supplierAsParty(supplier), buyer, basis: contractBasis(dealer!) ?? supplier.basis, chiefAccountant: supplier.chiefAccountant, paymentDueDate: invoice.dueDate ?? undefined };

      let pdf: Buffer;
      let kind: 'invoice' | 'consolidated_invoice';
      if (invoice.purpose === 'monthly') {
        kind = 'consolidated_invoice';
        const billed = await db
          .select()
          .from(orders)
          .where(and(eq(orders.dealerId, invoice.dealerId), eq(orders.statementMonth, invoice.statementMonth!), inArray(orders.status, ['shipped', 'completed'])))
          .orderBy(asc(orders.orderNumber));
        const rates = await db
          .select({ orderId: orderLines.orderId, vatBasisPoints: orderLines.vatBasisPoints })
          .from(orderLines)
          .where(inArray(orderLines.orderId, billed.map((o) => o.id)));
        pdf = await renderConsolidatedInvoicePdf({
          ...header,
          month: invoice.statementMonth!,
          orders: billed.map((o, i) => ({
            lineNo: i + 1,
            orderNumber: o.orderNumber,
            orderDate: moscowDateOf(o.shippedAt ?? o.createdAt),
            netKopecks: o.netKopecks,
            vatBasisPoints: Math.max(0, ...rates.filter((r) => r.orderId === o.id).map((r) => r.vatBasisPoints)),
            vatKopecks: o.vatKopecks,
            grossKopecks: o.grossKopecks,
          })),
          totals: sumTotals(billed),
          paymentQr: invoicePaymentQr(supplierAsParty(supplier), { number: invoice.number, date: invoice.numberDate, amountKopecks: invoice.amountKopecks, vatKopecks: sumTotals(billed).vatKopecks }),
        });
      } else {
        kind = 'invoice';
        const [order] = await db.select().from(orders).where(eq(orders.id, invoice.orderId!));
        const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, invoice.orderId!)).orderBy(asc(orderLines.lineNo));
        pdf = await renderInvoicePdf({
          ...header,
          orderNumber: order!.orderNumber,
          lines: orderLinesAsDocumentLines(lines),
          totals: { netKopecks: order!.netKopecks, vatKopecks: order!.vatKopecks, grossKopecks: order!.grossKopecks },
          paymentQr: invoicePaymentQr(supplierAsParty(supplier), { number: invoice.number, date: invoice.numberDate, amountKopecks: invoice.amountKopecks, vatKopecks: order!.vatKopecks }),
        });
      }

      // A consolidated invoice has no order: its blob key is what identifies it.
      return fileDocument(db, blobStore, {
        dealerId: invoice.dealerId,
        orderId: invoice.orderId,
        kind,
        number: invoice.number,
        documentDate: invoice.numberDate,
        blobKey: `invoices/${invoice.id}/${kind}.pdf`,
        contentType: 'application/pdf',
        content: pdf,
      });
    },
  };
}

function sumTotals(rows: readonly { netKopecks: number; vatKopecks: number; grossKopecks: number }[]) {
  return rows.reduce(
    (t, r) => ({ netKopecks: t.netKopecks + r.netKopecks, vatKopecks: t.vatKopecks + r.vatKopecks, grossKopecks: t.grossKopecks + r.grossKopecks }),
    { netKopecks: 0, vatKopecks: 0, grossKopecks: 0 },
  );
}
