import { ApplicationFailure } from '@temporalio/common';
import { sendOnce } from '../mail/send-once';
import type { ActivityDeps } from '../deps';
import type { ReconciliationMailInput } from '../../workflows/documents/reconciliation-mail.contract';
import { renderReconciliationPdf } from '../../documents/reconciliation.pdf';
import { findDealer, loadReconciliation } from '../../usecases/documents/reconciliation.source';
import { reconciliationFileName, reconciliationTexts as t } from '../../locale/reconciliation.ru';
import { renderReconciliationXlsx } from '../../documents/reconciliation.xlsx';

export function createReconciliationActivities({ db, mail, supplier }: Pick<ActivityDeps, 'db' | 'mail' | 'supplier'>) {
  return {
    /** The statement for the period as PDF and XLSX, to the dealer's own address; once per request. */
    async mailReconciliation(input: ReconciliationMailInput): Promise<{ to: string }> {
      const dealer = await findDealer(db, input.dealerId);
      if (!dealer) throw ApplicationFailure.nonRetryable(`dealer ${input.dealerId} does not exist`);
      const doc = await loadReconciliation(db, supplier, dealer, { from: input.from, to: input.to }, input.date);
      const s = doc.statement;
      const result = t.result({ supplier: doc.supplier.name, buyer: doc.buyer.name, to: input.to, closingKopecks: s.closingKopecks, debtor: s.debtor });
      await sendOnce(db, mail.mailer, {
        kind: 'reconciliation',
        reference: input.requestId,
        to: dealer.email,
        subject: t.mailSubject(input.from, input.to),
        text: t.mailText({ dealer: doc.buyer.name, from: input.from, to: input.to, result, supplier: doc.supplier.name }),
        attachments: [
          { filename: reconciliationFileName(input.from, input.to, 'pdf'), content: await renderReconciliationPdf(doc), contentType: 'application/pdf' },
          {
            filename: reconciliationFileName(input.from, input.to, 'xlsx'),
            content: renderReconciliationXlsx(doc),
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
        ],
      });
      return { to: dealer.email };
    },
  };
}
