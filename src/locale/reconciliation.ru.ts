/**
 * The fixed Russian wording of the reconciliation statement (PDF, XLSX and the letter), in the
 * form Russian accountants know from 1C's «Акт сверки взаимных расчётов».
 */
import { amountInWords } from '../domain/amount-in-words';
import { formatMinor, type Minor } from '../domain/money';
import type { Debtor, ReconciliationRow } from '../domain/reconciliation';
import { longDate, shortDate } from './documents.ru';

/** "Генеральный директор" inside a sentence: "генеральный директор". */
const midSentence = (position: string) => position.charAt(0).toLowerCase() + position.slice(1);

export const reconciliationTexts = {
  title: 'Акт сверки',
  documentTitle: (from: string, to: string) => `Акт сверки взаимных расчётов за период ${shortDate(from)} – ${shortDate(to)}`,
  subtitle: (from: string, to: string, supplier: string, buyer: string) =>
    `взаимных расчётов за период: ${shortDate(from)} – ${shortDate(to)}\nмежду ${supplier} и ${buyer}`,
  intro: (supplier: { name: string; position: string; person: string }, buyer: { name: string; position: string; person: string }) =>
    `Мы, нижеподписавшиеся, ${midSentence(supplier.position)} ${supplier.name} ${supplier.person}, с одной стороны, и ${midSentence(buyer.position)} ${buyer.name} ` +
    `${buyer.person}, с другой стороны, составили настоящий акт сверки в том, что состояние взаимных расчётов по данным учёта следующее:`,
  side: (name: string) => `По данным ${name}, руб.`,
  columns: { date: 'Дата', document: 'Документ', debit: 'Дебет', credit: 'Кредит' },
  opening: 'Сальдо начальное',
  turnover: 'Обороты за период',
  closing: 'Сальдо конечное',
  /** A shipment is the act of transfer of rights 1C numbered (the debt arises with it); a payment names its invoice. */
  document: (row: ReconciliationRow) =>
    row.kind === 'shipment'
      ? `Акт приёма-передачи прав № ${row.documentNumber} от ${shortDate(row.date)} (заказ ${row.orderNumber})`
      : `Оплата (п/п № ${row.paymentOrderNumber}) по счёту № ${row.invoiceNumber}`,
  /** The closing line: who owes whom, in figures and in words. */
  result: (input: { supplier: string; buyer: string; to: string; closingKopecks: Minor; debtor: Debtor }) => {
    const head = `По данным ${input.supplier} на ${longDate(input.to)}`;
    if (input.debtor === 'nobody') return `${head} задолженность между сторонами отсутствует.`;
    const amount = Math.abs(input.closingKopecks);
    const creditor = input.debtor === 'dealer' ? input.supplier : input.buyer;
    return `${head} задолженность в пользу ${creditor} ${formatMinor(amount)} руб. (${amountInWords(amount)}).`;
  },
  signFor: (name: string) => `От ${name}`,
  stamp: 'М. П.',
  sheetName: 'Акт сверки',
  supplierLabel: 'Поставщик:',
  basisLabel: 'Основание:',
  buyerLabel: 'Покупатель:',
  mailSubject: (from: string, to: string) => `Акт сверки взаимных расчётов за ${shortDate(from)} – ${shortDate(to)}`,
  mailText: (input: { dealer: string; from: string; to: string; result: string; supplier: string }) =>
    [
      'Здравствуйте!',
      '',
      `Направляем акт сверки взаимных расчётов между ${input.supplier} и ${input.dealer} за период с ${shortDate(input.from)} по ${shortDate(input.to)} (PDF и XLSX во вложении).`,
      '',
      input.result,
      '',
      'Пожалуйста, сверьте данные, подпишите акт и верните нам экземпляр. Если данные расходятся, ответьте на это письмо, указав, в чём расхождение.',
      '',
      'С уважением,',
      input.supplier,
    ].join('\n'),
} as const;

/** What a dealer's head signs as: an entrepreneur signs for himself. */
export const headPosition = (legalForm: string) => (legalForm === 'ИП' ? 'Индивидуальный предприниматель' : 'Генеральный директор');

/** File names of the downloads and attachments, ASCII so that every mail client keeps them. */
export const reconciliationFileName = (from: string, to: string, extension: 'pdf' | 'xlsx') => `reconciliation-${from}-${to}.${extension}`;
