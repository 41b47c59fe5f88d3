/** Russian texts the server sends to people: API error messages. The web app has its own module. */
export const ru = {
  auth: {
    required: 'Войдите в систему, чтобы продолжить.',
    invalid: 'Неверный логин или пароль.',
    locked: (minutes: number) => `Слишком много неудачных попыток входа. Повторите через ${minutes} мин.`,
    dealerOnly: 'Это действие доступно только пользователям дилера.',
    foreignOrigin: 'Запрос пришёл с чужого сайта и отклонён.',
  },
  validation: {
    invalidBody: 'Запрос заполнен неверно.',
    invalidQuery: 'Параметры запроса заданы неверно.',
  },
  orders: {
    notFound: (orderNumber: string) => `Заказ ${orderNumber} не найден.`,
    dealerNotApproved: 'Дилер ещё не одобрен: заказы станут доступны после проверки реквизитов.',
    creditHold: 'Отгрузки с отсрочкой платежа приостановлены: есть просроченный счёт. Оплатите его, чтобы продолжить.',
    schemeUnavailable: (scheme: string) =>
      `Заказы по схеме расчётов «${scheme}» пока не принимаются автоматически. Обратитесь к менеджеру.`,
    unknownPartNumber: (pn: string) => `Товар с артикулом ${pn} не найден в каталоге.`,
    ambiguousPartNumber: (pn: string, vendors: string[]) =>
      `Артикул ${pn} есть у нескольких вендоров (${vendors.join(', ')}): укажите вендора.`,
    vendorNotAuthorized: (vendor: string) => `Дилер не авторизован на продажу продукции ${vendor}.`,
    adapterUnavailable: (vendor: string) =>
      `Продукция ${vendor} пока заказывается только через менеджера: автоматический заказ у этого вендора ещё не подключён.`,
    noRate: 'Курс доллара ещё не загружен: расчёт в рублях невозможен.',
    inactiveProduct: (pn: string) => `Товар ${pn} снят с продажи.`,
    archiveNotReady: (orderNumber: string) => `Архив ключей заказа ${orderNumber} ещё не готов.`,
    workflowUnavailable: 'Сервис обработки заказов временно недоступен. Заказ не создан, повторите попытку позже.',
  },
  schemes: { prepay: 'предоплата', postpay: 'отсрочка платежа', monthly: 'ежемесячный расчёт' },
} as const;
