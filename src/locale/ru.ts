/** Russian texts the server sends to people: API error messages. The web app has its own module. */

import { plural } from '../domain/plural';
const digits = (n: number) => `${n} ${plural(n, 'цифра', 'цифры', 'цифр')}`;
const characters = (n: number) => `${n} ${plural(n, 'символ', 'символа', 'символов')}`;

/**
 * Why a requisite must look one way: the legal form the dealer chose, or, without one, what the
 * INN shows (10 digits: an organisation, 12: an individual entrepreneur).
 */
export interface KindBasis {
  individual: boolean;
  legalForm?: string;
  inn?: string;
}
/** What a licence letter names (renewal reminders and the lapse notice). */
export interface LicenseLetter {
  partNumber: string;
  productName: string;
  quantity: number;
  endUser: string | null;
  licenseNumber: string;
  /** The last day of the term, as the dealer reads it (ДД.ММ.ГГГГ). */
  endsOn: string;
  orderNumber: string;
}
const whose = (b: KindBasis) =>
  b.legalForm ? `у ${b.legalForm}` : b.individual ? `у ИП с ИНН ${b.inn}` : `у организации с ИНН ${b.inn}`;

/** Texts of a requisite that is a fixed number of digits. */
const numeric = (label: string, length: number) => ({
  notDigits: (value: string) => `${label} ${value}: допустимы только цифры`,
  length: (value: string) => `${label} ${value}: ${digits(value.length)}, а нужно ${length}`,
});

export const ru = {
  auth: {
    required: 'Войдите в систему, чтобы продолжить.',
    invalid: 'Неверный логин или пароль.',
    locked: (minutes: number) => `Слишком много неудачных попыток входа. Повторите через ${minutes} мин.`,
    dealerOnly: 'Это действие доступно только пользователям дилера.',
    foreignOrigin: 'Запрос пришёл с чужого сайта и отклонён.',
    staffOnly: 'Это действие доступно только сотрудникам дистрибьютора.',
  },
  validation: {
    invalidBody: 'Запрос заполнен неверно.',
    invalidQuery: 'Параметры запроса заданы неверно.',
    invalidPath: 'Адрес запроса задан неверно.',
    bidiControls: 'в тексте есть невидимые символы управления направлением письма (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F): уберите их',
  },
  availability: {
    database: 'База данных SID временно недоступна. Повторите запрос через минуту.',
  },
  orders: {
    notFound: (orderNumber: string) => `Заказ ${orderNumber} не найден.`,
    dealerNotApproved: 'Дилер ещё не одобрен: заказы станут доступны после проверки реквизитов.',
    creditHold: 'Отгрузки с отсрочкой платежа приостановлены: есть просроченный счёт. Оплатите его, чтобы продолжить.',
    creditLimit: (limit: string, owed: string, order: string) =>
      `Заказ на ${order} ₽ превышает кредитный лимит: лимит ${limit} ₽, уже к оплате ${owed} ₽. Оплатите счета или уменьшите заказ.`,
    unknownPartNumber: (pn: string) => `Товар с артикулом ${pn} не найден в каталоге.`,
    rateTooOld: (date: string, expected: string, days: number, max: number) =>
      `Курс доллара устарел: курса ЦБ на ${expected} нет, последний — на ${date} (отстаёт на ${days} банк. дн., допускается не больше ${max}). Заказы примем, как только курс обновят; сотрудники уже уведомлены.`,
    ambiguousPartNumber: (pn: string, vendors: string[]) =>
      `Артикул ${pn} есть у нескольких вендоров (${vendors.join(', ')}): укажите вендора.`,
    noRate: 'Курс доллара ещё не загружен: расчёт в рублях невозможен.',
    inactiveProduct: (pn: string) => `Товар ${pn} снят с продажи.`,
    documentNotFound: (orderNumber: string) => `У заказа ${orderNumber} нет такого документа (или он ещё не выставлен).`,
    archiveNotReady: (orderNumber: string) => `Архив ключей заказа ${orderNumber} ещё не готов.`,
    workflowUnavailable: 'Сервис обработки заказов временно недоступен. Повторите попытку позже.',
    awaitingApproval: 'Заказ сохранён и ждёт одобрения администратора вашей организации: его сумма выше порога, установленного для заказов.',
    notAwaitingApproval: (orderNumber: string) => `Заказ ${orderNumber} не ждёт одобрения.`,
    declineReasonRequired: 'укажите причину: её увидит автор заказа',
    thresholdInvalid: 'порог — целое число копеек не меньше 0, или null, чтобы одобрение не требовалось',
    startDeferred: 'Заказ принят и сохранён. Сервис обработки заказов сейчас недоступен: заказ уйдёт в работу автоматически, как только он восстановится.',
  },
  staff: {
    lineNotFound: (orderNumber: string, lineNo: number) => `В заказе ${orderNumber} нет строки ${lineNo}.`,
    notManual: (vendor: string) => `Ключи ${vendor} приходят от вендора автоматически; вводить их вручную не нужно.`,
    tooManyKeys: (quantity: number, stored: number, adding: number) =>
      `В строке ${quantity} лицензий, уже введено ${stored}; ещё ${adding} — больше, чем заказано.`,
    orderClosed: (orderNumber: string) => `Заказ ${orderNumber} отменён или остановлен: ключи к нему не принимаются.`,
    fulfilmentNotFound: (orderNumber: string, vendor: string) => `У заказа ${orderNumber} нет выполняющегося заказа у ${vendor}.`,
    reasonRequired: 'Укажите причину.',
  },
  invoices: {
    notFound: 'Счёт не найден.',
    notIssued: (number: string | null) => (number ? `Счёт ${number} ещё готовится.` : 'Счёт ещё не получил номер от 1С.'),
  },
  /** 1C's document dates SID refuses (src/domain/invoice.ts#checkDocumentDate). */
  documentDate: {
    tooFarAhead: (kind: 'invoice' | 'act', date: string, latest: string) =>
      `Дата ${kind === 'invoice' ? 'счёта' : 'акта'} ${date} больше чем на один банковский день впереди: самая поздняя допустимая дата сегодня — ${latest}. Номер не принят; пришлите номер с датой документа в 1С.`,
    beforeOrder: (kind: 'invoice' | 'act', date: string, earliest: string) =>
      `Дата ${kind === 'invoice' ? 'счёта' : 'акта'} ${date} раньше заказа (${earliest}): документ не может быть датирован до того, как появился заказ. Номер не принят; проверьте дату в 1С.`,
  },
  /** Letters SID sends: order requests to vendors' order desks, keys and notices to dealers. */
  mail: {
    vendorRequestSubject: (orderNumber: string, attempt: number) => `${attempt > 1 ? 'Повторно: ' : ''}Заказ лицензий ${orderNumber}`,
    vendorRequest: (r: { orderNumber: string; supplierName: string; lines: Array<{ partNumber: string; productName: string; quantity: number }>; endUser: string | null }) =>
      [
        'Здравствуйте!',
        '',
        `Просим выдать лицензии по заказу ${r.orderNumber} (${r.supplierName}).`,
        '',
        ...r.lines.map((l, i) => `${i + 1}. ${l.partNumber} — ${l.productName} — ${l.quantity} шт.`),
        ...(r.endUser ? ['', `Конечный пользователь: ${r.endUser}`] : []),
        '',
        `Пожалуйста, ответьте на это письмо, сохранив в теме номер ${r.orderNumber}, и приложите ключи или файлы лицензий.`,
        '',
        'С уважением,',
        r.supplierName,
      ].join('\n'),
    archiveSubject: (orderNumber: string) => `Ключи по заказу ${orderNumber}`,
    archiveAttached: (orderNumber: string, keyCount: number, url: string) =>
      `Здравствуйте!\n\nЗаказ ${orderNumber} выполнен: ${keyCount} ${plural(keyCount, 'ключ', 'ключа', 'ключей')} во вложенном архиве.\nАрхив всегда можно скачать на странице заказа в SID: ${url}\n`,
    archiveLinked: (orderNumber: string, keyCount: number, url: string) =>
      `Здравствуйте!\n\nЗаказ ${orderNumber} выполнен: ${keyCount} ${plural(keyCount, 'ключ', 'ключа', 'ключей')}. Архив слишком велик для письма, скачайте его на странице заказа (нужен вход в SID):\n${url}\n`,
    prepayExpiredSubject: (orderNumber: string) => `Заказ ${orderNumber} отменён: счёт не оплачен`,
    prepayExpired: (orderNumber: string, invoiceNumber: string | null) =>
      `Здравствуйте!\n\nСчёт${invoiceNumber ? ` ${invoiceNumber}` : ''} по заказу ${orderNumber} не оплачен в срок, заказ отменён. Если оплата уже отправлена, свяжитесь с нами: деньги не потеряются.\n`,
  },
  /** What staff read in their queue about vendor mail. */
  vendorMail: {
    unmatched: (subject: string, from: string | null) => `Письмо «${subject}» от ${from ?? 'неизвестного отправителя'}: заказ не найден, сопоставьте вручную`,
    bounce: (orderNumber: string | null) => `Запрос вендору${orderNumber ? ` по заказу ${orderNumber}` : ''} не доставлен (письмо вернулось)`,
    unreadable: (orderNumber: string, problems: string) => `Письмо по заказу ${orderNumber}: ключи не удалось прочитать (${problems})`,
    surplus: (orderNumber: string, extra: number) => `Письмо по заказу ${orderNumber}: ${extra} ${plural(extra, 'ключ', 'ключа', 'ключей')} сверх заказанного`,
    noOpenLines: (orderNumber: string) => `Письмо по заказу ${orderNumber}: все ключи уже получены, новые ключи не приняты`,
    ambiguousVendor: (orderNumber: string) => `Письмо по заказу ${orderNumber}: непонятно, от какого вендора — сопоставьте вручную`,
    orderClosed: (orderNumber: string) => `Письмо по заказу ${orderNumber}: заказ отменён или остановлен`,
    ambiguousOrder: (orderNumbers: readonly string[]) =>
      `Письмо называет несколько заказов (${orderNumbers.join(', ')}): непонятно, к какому заказу оно относится — сопоставьте вручную`,
    unknownSender: (orderNumber: string, vendorCode: string, from: string | null, reason: 'unknown_sender' | 'no_senders_configured' | 'authentication_failed') =>
      reason === 'no_senders_configured'
        ? `Письмо по заказу ${orderNumber} от ${from ?? 'неизвестного отправителя'}: у вендора ${vendorCode} не указаны адреса отправителей — проверьте и примите письмо или добавьте отправителя в настройки вендора`
        : reason === 'authentication_failed'
          ? `Письмо по заказу ${orderNumber} от ${from ?? 'неизвестного отправителя'}: почтовый сервер не подтвердил, что его отправил домен отправителя (SPF/DKIM/DMARC) — ключи не приняты`
          : `Письмо по заказу ${orderNumber} от неизвестного отправителя ${from ?? ''}: адреса нет среди отправителей вендора ${vendorCode} — ключи не приняты; примите письмо один раз или добавьте отправителя в настройки вендора`,
    surplusChoose: (orderNumber: string, candidates: number, open: number) =>
      `Письмо по заказу ${orderNumber}: ${candidates} ${plural(candidates, 'ключ', 'ключа', 'ключей')} на ${open} ${plural(open, 'место', 'места', 'мест')} — ничего не сохранено, выберите ключи`,
    noKeysFound: (orderNumber: string) => `Письмо вендора по заказу ${orderNumber}: ключей в нём не найдено — прочитайте письмо`,
  },
  vendorMailApi: {
    badId: 'Неверный идентификатор письма.',
    notFound: 'Письмо не найдено.',
    orderRequired: 'Укажите номер заказа.',
    vendorRequired: 'Укажите код вендора.',
    orderNotFound: (orderNumber: string) => `Заказ ${orderNumber} не найден.`,
    vendorNotInOrder: (orderNumber: string, vendor: string) => `В заказе ${orderNumber} нет товаров вендора ${vendor}.`,
    notAwaitingSender: 'Это письмо не ждёт подтверждения отправителя.',
    noOrder: 'Письмо не привязано к заказу: сначала привяжите его.',
    keysRequired: 'Выберите хотя бы один ключ.',
    keyInvalid: 'Ключ должен быть непустой строкой из письма.',
    addSenderInvalid: 'Укажите, что добавить в отправители вендора: address (адрес) или domain (домен).',
    keyNotInLetter: (index: number) => `Ключ №${index + 1} не найден в письме: выбирать можно только ключи из письма.`,
    tooManyKeys: (chosen: number, open: number) => `Выбрано ключей: ${chosen}, а по заказу не хватает ${open}.`,
    noSenderAddress: 'У письма нет адреса отправителя: добавить нечего.',
  },
  staffQueue: {
    manualKeys: (orderNumber: string, vendorCode: string, lines: string, reason?: string) =>
      `Заказ ${orderNumber}: получите у ${vendorCode} и введите ключи (${lines})${reason ? ` — переведено на ручной ввод: ${reason}` : ''}`,
    stuck: (orderNumber: string, vendorCode: string, slaHours: number) => `Заказ ${orderNumber}: ключи от ${vendorCode} не получены за ${slaHours} ч`,
    policyHold: (orderNumber: string, problems: string[]) =>
      `Заказ ${orderNumber} перед отправкой вендору не проходит проверку: ${problems.join('; ')}. Решите: продолжить или отменить заказ`,
  },
  /** Why an order placed earlier no longer passes at fulfilment (policy changed, dealer's status changed). */
  /** The 1C exchange API's refusals (src/api/billing/onec.routes.ts), read by 1C's programmers. */
  onecExchange: {
    invalidJson: 'Тело запроса — не корректный JSON (ожидается UTF-8).',
    unsigned: 'Нужны заголовки X-SID-Client, X-SID-Timestamp, X-SID-Nonce и X-SID-Signature.',
    badNonce: 'X-SID-Nonce — от 8 до 64 латинских букв, цифр и дефисов (например, GUID).',
    stale: (timestamp: string, seconds: number) => `Метка времени ${timestamp} отличается от часов SID больше чем на ${seconds} с: проверьте часы и подпишите запрос заново.`,
    badSignature: 'Подпись запроса не сходится: проверьте ключ клиента и строку подписи.',
    replayed: 'Этот подписанный запрос уже был принят: повтор отклонён. Для повтора подпишите запрос заново с новой меткой времени.',
    badOutboxId: (id: string) => `Номер элемента очереди «${id}» — не число: пишите его десятичными цифрами, как он пришёл в /outbox.`,
    outboxItemNotFound: (id: bigint | number | string) => `Элемента очереди ${id} нет.`,
  },
  policyHold: {
    dealerNotApproved: (status: string) => `дилер больше не одобрен (статус: ${status})`,
    notOnHold: (orderNumber: string) => `Заказ ${orderNumber} не ждёт решения по лицензионным правилам.`,
    paidCancelled: (orderNumber: string) => `Заказ ${orderNumber} отменён после оплаты: верните дилеру деньги через 1С`,
    chooseDecision: 'Выберите: продолжить или отменить заказ.',
  },
  schemes: { prepay: 'предоплата', postpay: 'отсрочка платежа', monthly: 'ежемесячный расчёт' },
  /** Dealer requisite checks (src/domain/requisites): one message per field, naming the value. */
  requisites: {
    notText: 'должно быть строкой',
    tooLong: (max: number) => `не длиннее ${max} символов`,
    legalForm: {
      unknown: (value: string) =>
        `организационно-правовая форма «${value}» не распознана: укажите её сокращённо по-русски, например ООО, АО, ПАО или ИП`,
    },
    inn: {
      notDigits: (value: string) => `ИНН ${value}: допустимы только цифры`,
      length: (value: string) => `ИНН ${value}: ${digits(value.length)}, а нужно 10 у организации или 12 у ИП`,
      lengthFor: (value: string, basis: KindBasis) =>
        `ИНН ${value}: ${whose(basis)} ИНН из ${basis.individual ? 12 : 10} цифр, а здесь ${value.length}`,
      checksum: (value: string, expected: string) => {
        if (expected.length === 1) return `ИНН ${value}: неверная контрольная цифра, должна быть ${expected}`;
        const actual = value.slice(-2);
        if (actual[0] !== expected[0] && actual[1] !== expected[1]) {
          return `ИНН ${value}: неверные контрольные цифры, последние две должны быть ${expected}`;
        }
        const position = actual[0] !== expected[0] ? 0 : 1;
        return `ИНН ${value}: неверная контрольная цифра (${11 + position}-я), должна быть ${expected[position]}`;
      },
    },
    ogrn: {
      notDigits: (value: string) => `ОГРН ${value}: допустимы только цифры`,
      length: (value: string) =>
        `ОГРН ${value}: ${digits(value.length)}, а нужно 13 у организации (ОГРН) или 15 у ИП (ОГРНИП)`,
      lengthFor: (value: string, basis: KindBasis) =>
        basis.individual
          ? `ОГРНИП ${value}: ${whose(basis)} ОГРНИП из 15 цифр, а здесь ${value.length}` +
            (value.length === 13 ? ' (13 цифр — это ОГРН организации)' : '')
          : `ОГРН ${value}: ${whose(basis)} ОГРН из 13 цифр, а здесь ${value.length}` +
            (value.length === 15 ? ' (15 цифр — это ОГРНИП индивидуального предпринимателя)' : ''),
      firstDigit: (value: string) => `ОГРН ${value}: первая цифра ${value[0]}, а у ОГРН организации она 1 или 5`,
      checksum: (value: string, expected: string) => `ОГРН ${value}: неверная контрольная цифра, должна быть ${expected}`,
    },
    ogrnip: {
      firstDigit: (value: string) => `ОГРНИП ${value}: первая цифра ${value[0]}, а должна быть 3`,
      checksum: (value: string, expected: string) => `ОГРНИП ${value}: неверная контрольная цифра, должна быть ${expected}`,
    },
    kpp: {
      length: (value: string) => `КПП ${value}: ${characters(value.length)}, а нужно 9`,
      format: (value: string) =>
        `КПП ${value}: допустимы только цифры, а на 5-й и 6-й позициях — ещё и заглавные латинские буквы A–Z`,
      taxOffice: (value: string) => `КПП ${value}: код налогового органа (первые 4 цифры) не может быть 0000`,
      notForIndividual: (value: string, basis: KindBasis) => `КПП ${value}: ${whose(basis)} нет КПП — оставьте поле пустым`,
      required: (legalForm: string) => `укажите КПП: у ${legalForm} он обязателен`,
      taxOfficeDiffers: (kpp: string, inn: string) =>
        `КПП ${kpp}: код налогового органа ${kpp.slice(0, 4)} не совпадает с кодом в ИНН ${inn} (${inn.slice(0, 4)}). ` +
        'Так бывает у крупнейших налогоплательщиков и после смены адреса, но проверьте КПП',
    },
    bik: numeric('БИК', 9),
    correspondentAccount: {
      ...numeric('Корр. счёт', 20),
      prefix: (value: string) =>
        `Корр. счёт ${value}: начинается с ${value.slice(0, 3)}, а корреспондентский счёт банка начинается с 301`,
      currency: (value: string) =>
        `Корр. счёт ${value}: код валюты ${value.slice(5, 8)} (6–8-я цифры), а нужен 810 — рублёвый счёт`,
      key: (value: string, bik: string, expected: string) =>
        `Корр. счёт ${value} не сходится с БИК ${bik}: контрольная цифра (9-я) должна быть ${expected}; проверьте счёт и БИК`,
      required: (bik: string) => `укажите корреспондентский счёт банка с БИК ${bik}`,
      notExpected: (value: string, bik: string) =>
        `Корр. счёт ${value}: у подразделения Банка России с БИК ${bik} корреспондентского счёта нет — оставьте поле пустым`,
    },
    settlementAccount: {
      ...numeric('Расчётный счёт', 20),
      currency: (value: string) =>
        `Расчётный счёт ${value}: код валюты ${value.slice(5, 8)} (6–8-я цифры), а нужен 810 — рублёвый счёт`,
      key: (value: string, bik: string, expected: string) =>
        `Расчётный счёт ${value} не сходится с БИК ${bik}: контрольная цифра (9-я) должна быть ${expected}; проверьте счёт и БИК`,
    },
  },

  /** Dealer registration (POST /api/registrations) and what a dealer not yet approved is told at login. */
  registration: {
    invalid: 'Заявка заполнена с ошибками: исправьте отмеченные поля.',
    required: 'заполните поле',
    tooLong: (max: number) => `не длиннее ${max} символов`,
    notText: 'должно быть строкой',
    notList: 'ожидается список строк',
    email: 'адрес e-mail записан неверно, пример: buh@example.ru',
    login: 'логин: от 3 до 100 символов — латинские буквы, цифры и знаки . _ - @',
    unknownSegment: (value: string) => `сегмент «${value}» неизвестен: можно запросить EDU (образование) и GOV (госсектор)`,
    unknownVendor: (code: string) => `вендор ${code} не найден в каталоге`,
    duplicateDealer: (inn: string, kpp: string | null) =>
      `Дилер с ИНН ${inn}${kpp ? ` и КПП ${kpp}` : ''} уже зарегистрирован или его заявка рассматривается. ` +
      'Если это ваша организация, войдите в систему или восстановите пароль; если нет — свяжитесь с нами.',
    loginTaken: (login: string) => `логин ${login} уже занят: выберите другой`,
    accepted: (email: string) => `Заявка принята. Мы проверим реквизиты и сообщим решение письмом на ${email}.`,
    unavailable: 'Сервис регистрации временно недоступен. Заявка не сохранена, повторите попытку позже.',
    pending: 'Заявка на регистрацию ещё рассматривается: войти можно будет после одобрения, решение придёт письмом.',
    rejected: (reason: string | null) => `Заявка на регистрацию отклонена${reason ? `: ${reason}` : ''}. Свяжитесь с нами, если не согласны.`,
    suspended: 'Доступ дилера приостановлен. Свяжитесь с вашим менеджером.',
    /** Applying again after a rejection: the applicant proves it is the same applicant with its login and password. */
    reapplyCredentials: 'Неверный логин или пароль прежней заявки.',
    reapplyNotRejected: (status: 'pending' | 'approved' | 'suspended') =>
      ({
        pending: 'Прежняя заявка ещё рассматривается: подать новую можно после решения.',
        approved: 'Дилер уже одобрен: войдите в систему.',
        suspended: 'Доступ дилера приостановлен: свяжитесь с вашим менеджером.',
      })[status],
    reapplyLoginFixed: 'при повторной заявке логин остаётся прежним',
    reapplied: (email: string) => `Исправленная заявка принята. Мы проверим её и сообщим решение письмом на ${email}.`,
  },
  /** Staff deciding on registrations (/api/staff/dealers). */
  staffDealers: {
    badId: 'Неверный идентификатор дилера.',
    notFound: 'Дилер не найден.',
    alreadyDecided: (status: 'pending' | 'approved' | 'rejected' | 'suspended') =>
      `По этой заявке уже принято решение: ${{ pending: 'решение принимается', approved: 'дилер одобрен', rejected: 'заявка отклонена', suspended: 'дилер приостановлен' }[status]}.`,
    noOnboarding: 'Процесс регистрации этого дилера не найден: решение не может быть принято. Сообщите администратору.',
    unavailable: 'Сервис обработки заявок временно недоступен, решение не сохранено. Повторите попытку позже.',
    groupNotFound: (id: number) => `ценовая группа ${id} не найдена`,
    schemeUnknown: 'выберите схему расчётов: prepay, postpay или monthly',
    creditLimit: 'кредитный лимит — целое число копеек, не меньше 0',
    reasonRequired: 'укажите причину отказа: её прочитает заявитель',
    approvalTask: (shortName: string, inn: string) => `Заявка дилера ${shortName} (ИНН ${inn}): проверьте реквизиты и примите решение`,
    approvalOverdue: (shortName: string, inn: string, days: number) =>
      `Заявка дилера ${shortName} (ИНН ${inn}) ждёт решения больше ${days} ${plural(days, 'рабочего дня', 'рабочих дней', 'рабочих дней')}`,
    suspensionReasonRequired: 'укажите причину приостановки: её увидит дилер',
    notApproved: 'Условия меняются только у одобренного или приостановленного дилера; заявку сначала одобрите.',
    notSuspendable: (status: string) => `Приостановить можно только одобренного дилера; сейчас статус: ${status}.`,
    notSuspended: (status: string) => `Дилер не приостановлен (статус: ${status}).`,
    nothingToChange: 'Укажите хотя бы одно условие, которое нужно изменить.',
  },
  /** Password reset by e-mail link (/api/auth/password-reset). */
  passwordReset: {
    requested: 'Если такая учётная запись есть, на её адрес e-mail отправлено письмо со ссылкой для смены пароля. Ссылка действует 1 час.',
    invalidToken: 'Ссылка для смены пароля неверна. Запросите новую.',
    expiredToken: 'Срок действия ссылки истёк (она действует 1 час). Запросите новую.',
    usedToken: 'По этой ссылке пароль уже сменили. Если это были не вы, запросите новую ссылку.',
    done: 'Пароль изменён. Войдите с новым паролем.',
    unavailable: 'Сервис восстановления пароля временно недоступен. Письмо не отправлено, повторите попытку позже.',
  },
  /** Letters about a dealer's registration and account. */
  accountMail: {
    receivedSubject: (shortName: string) => `Заявка на регистрацию ${shortName} получена`,
    received: (r: { shortName: string; inn: string; login: string }) =>
      [
        'Здравствуйте!',
        '',
        `Мы получили заявку на регистрацию дилера ${r.shortName} (ИНН ${r.inn}).`,
        'Сотрудники проверят реквизиты, обычно в течение двух рабочих дней, и сообщат решение письмом.',
        `Логин для входа после одобрения: ${r.login}`,
        '',
      ].join('\n'),
    approvedSubject: (shortName: string) => `Регистрация ${shortName} одобрена`,
    approved: (r: { shortName: string; login: string; url: string; scheme: string; creditLimit: string | null; segments: string[]; vendorCount: number }) =>
      [
        'Здравствуйте!',
        '',
        `Регистрация дилера ${r.shortName} одобрена. Войдите в SID: ${r.url}`,
        `Логин: ${r.login}`,
        '',
        `Схема расчётов: ${r.scheme}.`,
        ...(r.creditLimit ? [`Кредитный лимит: ${r.creditLimit} ₽.`] : []),
        `Доступно для заказа: ${r.vendorCount} ${plural(r.vendorCount, 'вендор', 'вендора', 'вендоров')}.`,
        ...(r.segments.length ? [`Сегменты: ${r.segments.map((s) => s.toUpperCase()).join(', ')}.`] : []),
        '',
      ].join('\n'),
    rejectedSubject: (shortName: string) => `Регистрация ${shortName} отклонена`,
    rejected: (r: { shortName: string; reason: string }) =>
      [
        'Здравствуйте!',
        '',
        `Заявка на регистрацию дилера ${r.shortName} отклонена.`,
        `Причина: ${r.reason}`,
        '',
        'Если причину можно устранить, ответьте на это письмо.',
        '',
      ].join('\n'),
    resetSubject: 'Смена пароля в SID',
    reset: (r: { login: string; url: string }) =>
      [
        'Здравствуйте!',
        '',
        `Для учётной записи ${r.login} запрошена смена пароля. Чтобы задать новый пароль, откройте ссылку:`,
        r.url,
        '',
        'Ссылка действует 1 час и только один раз. Если вы не запрашивали смену пароля, просто удалите это письмо: пароль останется прежним.',
        '',
      ].join('\n'),
  },
  vendorCallbacks: {
    unknownVendor: (vendor: string) => `Вендор ${vendor} не найден или не подключён по API: уведомление не принято.`,
    notConfigured: (vendor: string) =>
      `Для вендора ${vendor} в SID не задан ключ подписи уведомлений: уведомление не принято (заказы вендора опрашиваются и без него).`,
    unsigned: 'Нужен заголовок X-Vendor-Signature: t=<время Unix>,v1=<HMAC-SHA256 в hex от «<t>.<тело запроса>»>.',
    malformedSignature: 'Заголовок X-Vendor-Signature записан неверно: ожидается t=<время Unix>,v1=<64 шестнадцатеричных знака>.',
    badSignature: (vendor: string) => `Подпись уведомления не сходится с ключом вендора ${vendor}: проверьте ключ и то, что подписано тело запроса байт в байт.`,
    stale: (timestamp: number, window: number) =>
      `Метка времени подписи ${timestamp} отличается от часов SID больше чем на ${window} с: проверьте часы и отправьте уведомление заново.`,
    invalidJson: 'Тело уведомления — не корректный JSON (ожидается UTF-8).',
    invalidBody: 'Уведомление заполнено неверно: нужны orderId, partnerOrderRef и status (processing, completed или rejected).',
    orderNotFound: (vendor: string, vendorOrderId: string, partnerOrderRef: string) =>
      `Заказ ${vendorOrderId} (наш номер ${partnerOrderRef}) у вендора ${vendor} в SID не найден.`,
    refMismatch: (vendorOrderId: string, partnerOrderRef: string, orderNumber: string) =>
      `Заказ вендора ${vendorOrderId} относится к нашему заказу ${orderNumber}, а в уведомлении указан ${partnerOrderRef}.`,
  },
  /** Dealer accounts: CSRF, dealer admins managing their users, API keys, invitations. */
  accounts: {
    csrfMissing: 'Запрос отклонён: нет токена защиты от подделки запросов (заголовок X-CSRF-Token). Обновите страницу и повторите.',
    csrfWrong: 'Запрос отклонён: токен защиты от подделки запросов не подходит к сессии. Обновите страницу и повторите.',
    disabled: 'Учётная запись отключена администратором дилера. Обратитесь к нему, чтобы вернуть доступ.',
    apiKeyInvalid: 'API-ключ не подходит: он неверен, отозван или дилер не активен. Создайте новый ключ в разделе «API-ключи».',
    adminOnly: 'Это действие доступно только администратору дилера.',
    sessionOnly: 'Этим действием нельзя управлять по API-ключу: войдите в SID как администратор дилера.',
    userNotFound: 'Пользователь не найден.',
    dealerNotFound: 'Дилер не найден.',
    apiKeyNotFound: 'API-ключ не найден.',
    loginTaken: (login: string) => `Логин ${login} уже занят: выберите другой.`,
    notSelf: 'Нельзя отключить себя или снять с себя права администратора: попросите другого администратора дилера.',
    lastAdmin: 'Это последний активный администратор дилера: сначала назначьте администратором другого пользователя.',
    invitationUnavailable: 'Пользователь создан, но письмо-приглашение сейчас не отправить. Попросите его воспользоваться «Забыли пароль?» на странице входа.',
    invitationNotOpen: 'Приглашение уже принято (пароль задан) или пользователь отключён: письмо не отправлено.',
    invitationMailed: (email: string) => `Приглашение отправлено на ${email}.`,
    invitationSubject: 'Приглашение в SID',
    invitation: (r: { login: string; url: string; days: number }) =>
      [
        'Здравствуйте!',
        '',
        `Администратор вашей компании пригласил вас в SID. Ваш логин: ${r.login}`,
        'Чтобы задать пароль и войти, откройте ссылку:',
        r.url,
        '',
        `Ссылка действует ${r.days} ${plural(r.days, 'день', 'дня', 'дней')} и только один раз. Если ссылка устарела, нажмите «Забыли пароль?» на странице входа.`,
        '',
      ].join('\n'),
  },
  /** Staff managing vendors: adapter settings and license policies (/api/staff/vendors). */
  staffVendors: {
    kinds: { api: 'API вендора', email: 'e-mail', manual: 'ручной ввод' },
    settings: {
      baseUrl: 'адрес API вендора: полный URL, начинающийся с http:// или https://, например https://api.vendor.example',
      baseUrlRefused: 'адрес API вендора должен быть https:// на публичный адрес в интернете, без логина и пароля: локальные, частные и служебные адреса запрещены (кроме списка разработки SID_OUTBOUND_ALLOW)',
      timeoutMs: 'тайм-аут запроса — целое число миллисекунд от 100 до 9000',
      slaHours: 'срок выдачи ключей — целое число часов от 1 до 720',
      orderDesk: 'адрес для заказов: e-mail, например orders@vendor.example',
      sender: 'отправитель — адрес или домен без пробелов, например vendor.example или keys@vendor.example',
      keyPattern: 'шаблон ключа — непустое регулярное выражение не длиннее 500 символов',
    },
    notFound: (code: string) => `Вендор ${code} не найден.`,
    invalidSettings: 'Настройки адаптера не сохранены: исправьте отмеченные поля.',
    tokenRequired: 'для адаптера API нужен токен: сейчас он не задан, введите его',
    token: 'токен — от 8 до 500 символов без пробелов по краям',
    callbackSecret: 'секрет подписи уведомлений — от 16 до 500 символов; null — убрать (вендора будут только опрашивать)',
    secretsOnlyForApi: 'секреты задаются только для адаптера API',
    openFulfilments: (from: string, to: string, orderNumbers: readonly string[], total: number) =>
      `Нельзя сменить адаптер с «${from}» на «${to}»: у вендора есть заказы в работе (${orderNumbers.join(', ')}${total > orderNumbers.length ? ` и ещё ${total - orderNumbers.length}` : ''}). ` +
      'Они выполняются прежним адаптером, с которым были оформлены. Дождитесь их выполнения или переведите их на ручной ввод на странице заказа, затем повторите.',
    policyInvalid: (count: number) =>
      `Правила лицензирования не сохранены: ${count} ${plural(count, 'ошибка', 'ошибки', 'ошибок')}; действуют прежние правила.`,
    previewPolicyInvalid: (count: number) => `Проверка невозможна: в правилах ${count} ${plural(count, 'ошибка', 'ошибки', 'ошибок')}.`,
    previewProduct: (partNumber: string, vendorCode: string) => `артикула ${partNumber} нет в каталоге вендора ${vendorCode}`,
    previewDealer: 'дилер не найден',
  },
  /** Staff importing vendor price lists (/api/staff/vendors/:vendorCode/price-lists, /api/staff/price-lists). */
  priceLists: {
    vendorNotFound: (code: string) => `Вендор ${code} не найден.`,
    badId: 'Неверный идентификатор загрузки прайс-листа.',
    notFound: 'Загрузка прайс-листа не найдена.',
    fileNameRequired: 'укажите имя файла (до 255 символов)',
    contentRequired: 'приложите содержимое файла в base64',
    notBase64: 'содержимое файла должно быть записано в base64',
    bodyTooLarge: (megabytes: number) => `Файл больше ${megabytes} МБ: разбейте прайс-лист на несколько файлов.`,
    notJson: 'Отправьте файл в теле JSON: { "fileName": "имя файла", "contentBase64": "содержимое в base64" } с Content-Type: application/json.',
    unreadable: {
      empty: 'Файл пуст.',
      too_large: 'Файл слишком большой: разбейте прайс-лист на несколько файлов.',
      old_excel: 'Файл в старом формате Excel (.xls): сохраните его как «Книга Excel (.xlsx)» или CSV и загрузите снова.',
      binary: 'Файл не похож на таблицу: загрузите CSV (разделители «;», «,» или табуляция) или книгу Excel .xlsx.',
      not_xlsx: 'Файл повреждён или это не книга Excel (.xlsx): откройте его в Excel, сохраните как .xlsx или CSV и загрузите снова.',
      damaged: 'Книга Excel повреждена (не сходятся размеры или контрольные суммы): сохраните её заново и загрузите снова.',
      no_sheet: 'В книге Excel нет ни одного листа с данными.',
    } as Record<string, string>,
    alreadyDecided: (status: string) => `Этот прайс-лист уже ${status === 'applied' ? 'применён' : 'отменён'}: загрузите файл заново, если нужно.`,
    stale: (fileName: string) =>
      `После этого просмотра к каталогу вендора применён другой прайс-лист («${fileName}»): изменения в просмотре устарели. Загрузите файл заново.`,
    nothingToApply: 'В прайс-листе нет ни одной принятой строки: применять нечего.',
  },
  /** Staff managing dealer groups and discount rules (/api/staff/dealer-groups, /api/staff/price-rules). */
  priceRules: {
    invalid: 'Правило заполнено неверно.',
    ownerRequired: 'укажите группу дилеров или дилера',
    ownerBoth: 'правило задаётся либо для группы, либо для дилера, не для обоих сразу',
    productNeedsVendor: 'для правила на один товар укажите и вендора',
    minQuantity: 'порог количества — целое число от 1',
    discount: 'скидка — целое число сотых долей процента от 0 до 9999 (0–99,99%)',
    groupNotFound: (id: number) => `группа дилеров ${id} не найдена`,
    dealerNotFound: 'дилер не найден',
    vendorNotFound: (code: string) => `вендор ${code} не найден`,
    productNotFound: (partNumber: string, vendor: string) => `у вендора ${vendor} нет товара с артикулом ${partNumber}`,
    duplicate: (id: number, discount: string) => `Такое правило уже есть (№ ${id}, скидка ${discount}): измените его вместо того, чтобы заводить второе.`,
    badId: 'Неверный номер правила.',
    notFound: 'Правило не найдено.',
    groupInvalid: 'Группа заполнена неверно.',
    groupCode: 'код группы — латинские буквы, цифры, «-» и «_», от 2 до 30 знаков',
    groupName: 'укажите название группы (до 200 знаков)',
    groupCodeTaken: (code: string) => `Группа с кодом ${code} уже есть.`,
    groupNotFoundById: 'Группа дилеров не найдена.',
  },
  /** A dealer's quick order: a pasted or uploaded list of PartNumbers (POST /api/orders/quick). */
  quickOrder: {
    sourceRequired: 'Вставьте строки заказа в поле text или приложите файл (fileName и contentBase64), одно из двух.',
    textTooLong: 'Укажите строки заказа текстом до 2 МБ.',
    fileNameRequired: 'укажите имя файла (до 255 символов)',
    notBase64: 'содержимое файла должно быть записано в base64',
    tooLarge: (megabytes: number) => `Список больше ${megabytes} МБ: разбейте его на несколько частей.`,
    notJson: 'Отправьте список в теле JSON: { "text": "строки" } или { "fileName": "имя файла", "contentBase64": "содержимое в base64" }.',
    noLines: 'В списке нет ни одной строки с артикулом. Пример строки: «KL4863RAAFS; 5».',
    tooManyLines: (count: number, max: number) => `В списке ${count} ${plural(count, 'строка', 'строки', 'строк')}, а за один раз можно проверить не больше ${max}: разбейте его на части.`,
    missingPartNumber: 'В строке нет артикула.',
    missingQuantity: 'Не указано количество: напишите его после артикула через «;», запятую, табуляцию или пробел.',
    badQuantity: (value: string) => `Количество «${value}» — не целое число.`,
    fractionalQuantity: (lineNo: number, value: string) => `Строка ${lineNo}: количество «${value}» дробное, а лицензии заказываются целыми штуками. Укажите целое число.`,
    quantityOutOfRange: (value: number, min: number, max: number) => `Количество ${value} вне допустимого: от ${min} до ${max.toLocaleString('ru-RU')}.`,
    mergedInto: (lineNo: number) => `Повтор артикула: количество добавлено к строке ${lineNo}.`,
    endUserInCart: 'Данные конечного пользователя заполняются в корзине.',
  },
  /** Sending a past order's key archive again, and the record of who got it (/api/orders/:orderNumber/resend-keys). */
  keyDelivery: {
    notShipped: (orderNumber: string) => `Заказ ${orderNumber} ещё не отгружен: архива ключей пока нет.`,
    recipientNotFound: 'Получатель не найден среди активных пользователей дилера.',
    onlyToSelf: 'Пользователь дилера может отправить ключи только себе. Отправить их коллеге может администратор дилера.',
    tooMany: (perHour: number) => `Архив этого заказа уже отправлялся ${perHour} раз за последний час. Попробуйте позже.`,
    unavailable: 'Отправка писем временно недоступна. Повторите попытку позже.',
    sent: (email: string) => `Архив ключей отправлен на ${email}.`,
    resentSubject: (orderNumber: string) => `Ключи по заказу ${orderNumber} (повторная отправка)`,
    resentAttached: (orderNumber: string, url: string) =>
      `Здравствуйте!\n\nПо просьбе дилера повторно отправляем ключи по заказу ${orderNumber}: архив во вложении.\nАрхив всегда можно скачать на странице заказа в SID: ${url}\n`,
    resentLinked: (orderNumber: string, url: string) =>
      `Здравствуйте!\n\nПо просьбе дилера повторно отправляем ключи по заказу ${orderNumber}. Архив слишком велик для письма, скачайте его на странице заказа (нужен вход в SID):\n${url}\n`,
  },
  /** Delivered licences with a term: renewal reminders, the lapse notice, the list (/api/licenses). */
  licenses: {
    notFound: 'Лицензия не найдена.',
    reminderSubject: (partNumber: string, endUser: string | null, daysBefore: number) =>
      `Через ${daysBefore} ${plural(daysBefore, 'день', 'дня', 'дней')} заканчивается лицензия ${partNumber}${endUser ? ` (${endUser})` : ''}`,
    reminder: (l: LicenseLetter, daysBefore: number, url: string) =>
      `Здравствуйте!\n\nЛицензия ${l.partNumber} «${l.productName}», ${l.quantity} шт.${l.endUser ? `, конечный пользователь ${l.endUser}` : ''}, номер ${l.licenseNumber}, действует по ${l.endsOn} — осталось ${daysBefore} ${plural(daysBefore, 'день', 'дня', 'дней')}.\nПродлить её в один клик можно на странице «Продления»: ${url}\n\nЗаказ ${l.orderNumber}.\n`,
    lapsedSubject: (partNumber: string, endUser: string | null) => `Лицензия ${partNumber}${endUser ? ` (${endUser})` : ''} закончилась`,
    lapsed: (l: LicenseLetter, url: string) =>
      `Здравствуйте!\n\nСрок лицензии ${l.partNumber} «${l.productName}»${l.endUser ? `, конечный пользователь ${l.endUser}` : ''}, номер ${l.licenseNumber}, закончился ${l.endsOn}, продления не было.\nЕё ещё можно продлить на странице «Продления»: ${url}\n\nЗаказ ${l.orderNumber}.\n`,
  },
  /** The reconciliation statement (акт сверки): its period and sending it to the dealer. */
  reconciliation: {
    invalidPeriod: 'Период акта сверки указан неверно.',
    fromRequired: 'укажите начало периода (ГГГГ-ММ-ДД)',
    toRequired: 'укажите конец периода (ГГГГ-ММ-ДД)',
    fromAfterTo: (from: string, to: string) => `Начало периода (${from}) позже его конца (${to}): поменяйте даты местами.`,
    tooLong: (years: number) => `Период акта сверки — не больше ${years} лет: разбейте его на несколько актов.`,
    dealerNotApproved: 'Акт сверки составляется только для одобренного дилера.',
    dealerNotFound: 'Дилер не найден.',
    sending: (email: string) => `Акт сверки отправляется на адрес ${email}.`,
    unavailable: 'Отправить акт сверки сейчас не получилось: сервис писем недоступен. Попробуйте через несколько минут.',
  },
  /** Dealer admins' webhooks to their own systems (/api/dealer/webhooks). */
  webhooks: {
    url: 'адрес — полный URL вида https://erp.example.ru/sid-webhooks (не длиннее 2000 символов)',
    httpsOnly: 'адрес должен начинаться с https:// (http:// допускается только для адресов из списка разработки SID_OUTBOUND_ALLOW)',
    notPublic: 'адрес указывает во внутреннюю сеть (локальный, частный или служебный IP-адрес): укажите публичный адрес вашей системы',
    unresolvable: 'имя хоста в адресе не находится в DNS',
    noCredentials: 'адрес не должен содержать логин и пароль: проверяйте подпись X-SID-Signature',
    events: 'события — список из order.status_changed',
    notFound: 'Вебхук не найден.',
    tooMany: (max: number) => `У дилера уже ${max} действующих вебхуков: отключите ненужный, прежде чем добавлять новый.`,
    disabled: 'Вебхук отключён: тестовое событие не отправлено.',
    unavailable: 'Отправить тестовое событие сейчас не получилось: сервис доставки недоступен. Попробуйте через минуту.',
  },
  /** A dealer's commercial offers to its customers (/api/quotes). */
  quotes: {
    customerName: 'укажите покупателя — название организации или имя (до 300 символов)',
    customerInn: 'ИНН покупателя: 10 или 12 цифр',
    markup: 'наценка — целое число базисных пунктов от 0 до 100000 (1500 = 15%)',
    validUntilPast: (today: string) => `срок действия не может быть раньше сегодняшнего дня (${today})`,
    validUntilTooFar: (days: number, last: string) => `срок действия — не больше ${days} дней вперёд, то есть не позже ${last}`,
    unresolved: 'В предложении есть строки, которые не удалось найти в каталоге: исправьте их.',
    notFound: 'Коммерческое предложение не найдено.',
    expired: (number: string, date: string) => `Предложение ${number} действовало до ${date} и истекло: сделайте новое.`,
    alreadyOrdered: (number: string, orderNumber: string) => `По предложению ${number} уже оформлен заказ ${orderNumber}.`,
  },
  /** A dealer's saved lists of lines for repeat orders (/api/order-templates). */
  /** The Central Bank's BIK directory at registration (issue 17): warnings, never refusals. */
  bikDirectory: {
    unknown: (bik: string) => `БИК ${bik} нет в справочнике БИК Банка России: проверьте его по договору с банком. Заявку можно отправить и так.`,
    otherAccount: (bik: string, account: string) => `По справочнику Банка России у банка с БИК ${bik} корр. счёт ${account}: проверьте счёт.`,
  },
  /** A dealer user's named carts (issue 17, point 10). */
  carts: {
    name: 'укажите название корзины (до 100 символов)',
    nameTaken: (name: string) => `Корзина «${name}» уже есть: выберите другое название.`,
    notFound: 'Корзина не найдена.',
    tooMany: (max: number) => `Можно держать не больше ${max} корзин: удалите ненужную.`,
    tooManyLines: (max: number) => `В корзине может быть не больше ${max} позиций.`,
    lastCart: 'Это ваша единственная корзина: её нельзя удалить, можно очистить.',
    quantity: 'количество должно быть целым числом от 0 до 100 000',
    requestId: 'идентификатор попытки заказа: от 8 до 100 латинских букв, цифр, «-» или «_»',
  },
  orderTemplates: {
    name: 'укажите название шаблона (до 200 символов)',
    nameTaken: (name: string) => `Шаблон «${name}» уже есть: выберите другое название или измените существующий.`,
    notFound: 'Шаблон не найден.',
  },
  /** Too many requests from one address (src/api/rate-limits.ts). */
  rateLimit: {
    tooMany: (seconds: number) =>
      seconds >= 120
        ? `Слишком много запросов с вашего адреса. Повторите через ${Math.ceil(seconds / 60)} мин.`
        : `Слишком много запросов с вашего адреса. Повторите через ${seconds} ${plural(seconds, 'секунду', 'секунды', 'секунд')}.`,
  },
  /** Requests refused before any route sees them (src/api/errors.ts: frameworkErrors, clientErrorHandler). */
  edgeErrors: {
    invalidUrl: 'Адрес запроса содержит недопустимые символы (неверная кодировка UTF-8).',
    parameterTooLong: 'Часть адреса запроса слишком длинная.',
    headersTooLarge: 'Заголовки или адрес запроса слишком велики.',
    requestTimeout: 'Запрос передавался слишком долго и прерван: отправьте его снова.',
    malformedRequest: 'Запрос составлен с ошибкой и не может быть прочитан.',
  },
  /** The edge rule every request passes before a route sees it (src/api/input-guard.ts). */
  inputGuard: {
    codes: { character: 'INVALID_CHARACTERS', depth: 'INPUT_TOO_DEEP', prototypeKey: 'INVALID_FIELD_NAME' },
    character: 'Текст содержит недопустимый символ (нулевой байт U+0000 или непарный суррогат UTF-16): уберите его и повторите запрос.',
    depth: (max: number) => `Данные вложены слишком глубоко: SID принимает не больше ${max} уровней вложенности.`,
    prototypeKey: 'Поле «__proto__» не допускается.',
  },
  /** The dealer's key archive (src/activities/delivery/key-archive.ts) and the letter with the act that follows it. */
  keyArchive: {
    /** manifest.csv's columns, in order: Russian Excel opens it by the `;` separator. */
    manifestHeaders: ['Строка', 'Артикул', 'Продукт', 'Количество', 'Ключей', 'Файл', 'Заказ у вендора', 'Файлы ключей'],
    actPending: 'Акт передачи прав придёт отдельным письмом, когда 1С присвоит ему номер.',
    actSubject: (orderNumber: string, actNumber: string) => `Акт ${actNumber} по заказу ${orderNumber}`,
    actLetter: (orderNumber: string, actNumber: string, actDate: string, withUpd: boolean, url: string) =>
      `Здравствуйте!\n\nПо заказу ${orderNumber} 1С присвоила номер акту передачи прав: ${actNumber} от ${actDate}. Акт${withUpd ? ' и УПД (печатная форма и файл ФНС в формате XML)' : ''} во вложении.\nДокументы заказа всегда можно открыть на его странице в SID: ${url}\n`,
  },
  exports: {
    ordersSheet: 'Заказы',
    ordersHeaders: ['Номер', 'Дата', 'Статус', 'Конечный заказчик', 'ИНН заказчика', 'Артикулы (PartNumber)', 'Сумма без НДС, ₽', 'НДС, ₽', 'Сумма с НДС, ₽'],
    dealerHeader: 'Дилер',
    ordersFileName: (date: string) => `orders-${date}.xlsx`,
    priceListSheet: 'Прайс-лист',
    priceListTitle: (dealer: string, date: string) => `Прайс-лист ${dealer} на ${date}: цены за 1 лицензию без НДС, с вашими скидками`,
    priceListRate: (rate: string, rateDate: string) => `Курс USD ${rate} ₽ на ${rateDate}`,
    priceListNoRate: 'Курса USD нет: цены в другой валюте не пересчитаны',
    priceListHeaders: ['Артикул (PartNumber)', 'Наименование', 'Вендор', 'Категория', 'НДС', 'Цена, ₽ без НДС', 'Цена, $ без НДС'],
    priceListFileName: (date: string) => `price-list-${date}.xlsx`,
    vatExempt: 'НДС не облагается',
    vatStandard: (percent: string) => `НДС ${percent}%`,
  },
  /** What each Temporal schedule is for, in its memo (read in the Temporal UI). */
  schedules: {
    cbrRates: 'Курсы ЦБ РФ: загрузка официального курса USD',
    vendorMailbox: 'Почта вендоров: ключи из ответов на заказы',
    bikDirectory: 'Справочник БИК ЦБ РФ (ED807): загрузка для формы регистрации',
  },
  web: {
    notBuilt: 'Веб-приложение SID не собрано. Выполните `npm run build:web` (или `npm run setup`) и перезапустите SID.',
  },
} as const;
