/**
 * Every fixed Russian text of the printed documents, so wording is reviewed (and changed, when
 * the distributor's lawyer asks) in one place. The parties of the act are "Лицензиар" and
 * "Лицензиат" because the distributor grants non-exclusive rights under a sublicence agreement.
 */
import { formatMinor } from '../domain/money';
import { monthInWords } from './shared.ru';

const MONTHS_GENITIVE = [
  'января', 'февраля', 'марта', 'апреля', 'мая', 'июня',
  'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
];

function dateParts(date: string): [string, number, number] {
  const [year, month, day] = date.split('-');
  return [year!, Number(month), Number(day)];
}

/** "2026-11-27" → "27 ноября 2026 г." */
export function longDate(date: string): string {
  const [year, month, day] = dateParts(date);
  return `${day} ${MONTHS_GENITIVE[month - 1]} ${year} г.`;
}

/** "2026-11-05" → "05.11.2026", for table cells. */
export function shortDate(date: string): string {
  const [year, month, day] = dateParts(date);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** "2026-11" → "ноябрь 2026 г." */
export function monthName(month: string): string {
  return `${monthInWords(month)} г.`;
}

/** "2026-11" → "ноябре 2026 г.", as in "переданные в ноябре 2026 г." */
export function inMonth(month: string): string {
  return `${monthInWords(month, 'prepositional')} г.`;
}

/** 2200 → "22%", 1050 → "10,5%". */
/** The dealer's contract as the basis of its documents: «Договор № 15/26 от 12 января 2026 г.»; null without one. */
export function contractBasis(dealer: { contractNumber: string | null; contractDate: string | null }): string | null {
  if (!dealer.contractNumber) return null;
  return `Договор № ${dealer.contractNumber}${dealer.contractDate ? ` от ${longDate(dealer.contractDate)}` : ''}`;
}

export function vatRate(basisPoints: number): string {
  return `${(basisPoints / 100).toString().replace('.', ',')}%`;
}

export const texts = {
  bank: {
    recipientBank: 'Банк получателя',
    bik: 'БИК',
    account: 'Сч. №',
    inn: 'ИНН',
    kpp: 'КПП',
    recipient: 'Получатель',
  },
  party: {
    inn: 'ИНН',
    kpp: 'КПП',
    account: 'р/с',
    bank: 'в банке',
    bik: 'БИК',
    correspondentAccount: 'к/с',
  },
  invoice: {
    title: (number: string, date: string) => `Счёт на оплату № ${number} от ${longDate(date)}`,
    /** The payment purpose the QR code carries, as a payer would write it in the payment order. */
    qrPurpose: (number: string, date: string, vatKopecks: number) =>
      `Оплата по счёту № ${number} от ${shortDate(date)}. ${vatKopecks > 0 ? `В т.ч. НДС ${formatMinor(vatKopecks)} руб.` : 'НДС не облагается'}`,
    qrCaption: 'Для оплаты отсканируйте QR-код в приложении банка (ГОСТ Р 56042-2014)',
    supplier: 'Поставщик\n(Исполнитель):',
    buyer: 'Покупатель\n(Заказчик):',
    basis: 'Основание:',
    order: (orderNumber: string) => `Заказ № ${orderNumber}`,
    payUntil: (date: string) => `Оплатить не позднее ${longDate(date)}`,
    count: (items: number, total: string) => `Всего наименований ${items}, на сумму ${total} руб.`,
    // Neutral on timing: the same text serves prepay (rights after payment) and postpay invoices.
    notice: 'Оплата данного счёта означает согласие с условиями передачи прав. В назначении платежа укажите номер счёта.',
  },
  consolidated: {
    title: (number: string, date: string) => `Сводный счёт на оплату № ${number} от ${longDate(date)}`,
    period: (month: string) => `за права, переданные по заказам в ${inMonth(month)}`,
    count: (orders: number, total: string) => `Всего заказов ${orders}, на сумму ${total} руб.`,
    monthTotal: (month: string) => `Итого за ${monthName(month)}:`,
    columns: {
      number: '№',
      order: 'Заказ',
      orderDate: 'Дата заказа',
      net: 'Сумма без НДС',
      vat: 'НДС',
      gross: 'Всего с НДС',
    },
    orderCell: (orderNumber: string) => `Заказ № ${orderNumber}`,
  },
  act: {
    title: (number: string, date: string) => `Акт № ${number} от ${longDate(date)}`,
    subtitle: 'приёма-передачи неисключительных прав на использование программ для ЭВМ',
    supplier: 'Лицензиар:',
    buyer: 'Лицензиат:',
    basis: 'Основание:',
    orderLabel: 'Заказ:',
    order: (orderNumber: string, orderDate: string) => `№ ${orderNumber} от ${longDate(orderDate)}`,
    monthLabel: 'Период:',
    intro:
      'Лицензиар передал, а Лицензиат принял неисключительные права на использование следующих программ для ЭВМ ' +
      '(простые неисключительные лицензии):',
    total: (total: string) => `Всего передано прав на сумму ${total} руб.`,
    closing:
      'Права переданы в полном объёме и в срок. Лицензиат претензий по объёму и срокам передачи прав не имеет. ' +
      'Акт составлен в двух экземплярах, по одному для каждой из сторон.',
    signFor: { supplier: 'От Лицензиара', buyer: 'От Лицензиата' },
    stamp: 'М. П.',
  },
  /**
   * The УПД: the fixed names ФНС's format 5.03 gives the document (written into the XML as they
   * are) and the printed form's labels.
   */
  upd: {
    /** НаимДокОпр of status 1 (Функция СЧФДОП). */
    nameWithInvoice:
      'Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)',
    /** НаимДокОпр of status 2 (Функция ДОП), and ПоФактХЖ of both. */
    nameTransferOnly: 'Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)',
    /** ДокПодтвОтгрНом's РеквНаимДок: the УПД itself is the shipping document of status 1. */
    shippingDocument: 'Универсальный передаточный документ',
    currencyName: 'Российский рубль',
    countryName: 'Россия',
    operation: 'Права переданы',
    contract: 'Договор',
    order: 'Заказ',
    noExcise: 'без акциза',
    noVatCode: 'без НДС',
    composer: (name: string, inn: string) => `${name}, ИНН ${inn}`,
    title: 'Универсальный передаточный документ',
    invoiceTitle: (number: string, date: string) => `Счёт-фактура № ${number} от ${longDate(date)}`,
    transferTitle: (number: string, date: string) => `Документ об отгрузке (передаче имущественных прав) № ${number} от ${longDate(date)}`,
    status: (status: 1 | 2) => `Статус: ${status}`,
    statusNote: '1 — счёт-фактура и передаточный документ (акт); 2 — передаточный документ (акт)',
    seller: 'Продавец:',
    sellerAddress: 'Адрес:',
    sellerInnKpp: 'ИНН/КПП продавца:',
    shipper: 'Грузоотправитель и его адрес:',
    consignee: 'Грузополучатель и его адрес:',
    paymentDocument: 'К платёжно-расчётному документу:',
    shippingDocumentLabel: 'Документ об отгрузке:',
    shippingDocumentValue: (lines: number, number: string, date: string) => `№ п/п 1–${lines} № ${number} от ${shortDate(date)}`,
    buyer: 'Покупатель:',
    buyerAddress: 'Адрес:',
    buyerInnKpp: 'ИНН/КПП покупателя:',
    currency: 'Валюта: наименование, код:',
    currencyValue: 'Российский рубль, 643',
    none: '—',
    columns: {
      number: '№ п/п',
      code: 'Код товара/ работ, услуг',
      name: 'Наименование товара (описание выполненных работ, оказанных услуг), имущественного права',
      unitCode: 'Ед. изм. код',
      unitName: 'Ед. изм. усл. обозн.',
      quantity: 'Количество (объём)',
      price: 'Цена (тариф) за единицу измерения',
      net: 'Стоимость без налога — всего',
      excise: 'В том числе сумма акциза',
      rate: 'Налоговая ставка',
      vat: 'Сумма налога, предъявляемая покупателю',
      gross: 'Стоимость с налогом — всего',
    },
    totalToPay: 'Всего к оплате',
    head: 'Руководитель организации или иное уполномоченное лицо',
    chiefAccountant: 'Главный бухгалтер или иное уполномоченное лицо',
    basis: 'Основание передачи (сдачи) / получения (приёмки):',
    basisDocument: (name: string, number: string, date: string) => `${name} № ${number} от ${shortDate(date)}`,
    noBasis: 'Без документа-основания',
    transferDate: 'Дата отгрузки, передачи (сдачи):',
    transferredBy: 'Товар (груз) передал / услуги, результаты работ, права сдал:',
    receivedBy: 'Товар (груз) получил / услуги, результаты работ, права принял:',
    receivedDate: 'Дата получения (приёмки): «___» ____________ 20__ г.',
    composerLabel: 'Наименование экономического субъекта — составителя документа (в т. ч. комиссионера / агента):',
    fileLabel: (fileId: string) => `Электронный документ: ${fileId}.xml (формат ФНС 5.03)`,
  },
  quote: {
    title: (number: string, date: string) => `Коммерческое предложение № ${number} от ${longDate(date)}`,
    seller: 'Поставщик:',
    customer: 'Покупатель:',
    customerInn: (inn: string) => `ИНН ${inn}`,
    endUser: 'Конечный пользователь:',
    intro: 'Предлагаем приобрести права на использование следующих программ для ЭВМ на условиях ниже:',
    count: (items: number, total: string) => `Всего наименований ${items}, на сумму ${total} руб.`,
    validUntil: (date: string) => `Предложение действительно до ${longDate(date)} включительно.`,
    terms: 'Цены указаны в рублях. Предложение не является публичной офертой; окончательные условия фиксируются в счёте.',
  },
  lines: {
    number: '№',
    name: 'Товары (работы, услуги)',
    rightsName: 'Наименование программы для ЭВМ (права)',
    partNumber: 'Артикул',
    quantity: 'Кол-во',
    unit: 'Ед.',
    price: 'Цена',
    net: 'Сумма без НДС',
    vat: 'НДС',
    gross: 'Всего с НДС',
  },
  totals: {
    total: 'Итого:',
    vatIncluded: (rate: string) => `В том числе НДС ${rate}:`,
    noVat: 'Без НДС',
    noVatValue: '—',
    toPay: 'Всего к оплате:',
  },
  signatures: {
    head: 'Руководитель',
    accountant: 'Бухгалтер',
    signature: 'подпись',
    decoding: 'расшифровка подписи',
    position: 'должность',
  },
  pageOf: (title: string, page: number, pages: number) => `${title} — страница ${page} из ${pages}`,
} as const;
