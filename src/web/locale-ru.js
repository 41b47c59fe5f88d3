// All texts of the web app, in Russian. The full UI (issue 6) keeps this one-module rule.

/** Russian plural forms: 1 позиция, 2 позиции, 5 позиций, 11 позиций, 21 позиция. */
export function plural(n, one, few, many) {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}
export const t = {
  title: 'SID — портал дилера',
  login: { heading: 'Вход для дилеров', login: 'Логин (e-mail)', password: 'Пароль', submit: 'Войти', logout: 'Выйти' },
  catalog: { heading: 'Каталог', search: 'Артикул или название', add: 'В корзину', empty: 'Ничего не найдено', price: 'Цена, ₽ без НДС', listPrice: 'Цена по прайс-листу' },
  cart: { heading: 'Корзина', empty: 'Корзина пуста', items: (n) => `${n} ${plural(n, 'позиция', 'позиции', 'позиций')}`, total: 'Итого с НДС', submit: 'Оформить заказ', remove: 'Убрать', rate: 'Курс USD' },
  orders: { heading: 'Мои заказы', number: 'Заказ', status: 'Статус', total: 'Сумма, ₽', created: 'Создан', archive: 'Скачать ключи', none: 'Заказов пока нет' },
  status: {
    submitted: 'Принят', awaiting_payment: 'Ожидает оплаты', fulfilling: 'Заказан у вендора', keys_received: 'Ключи получены',
    shipped: 'Отгружен', completed: 'Завершён', cancelled: 'Отменён', failed: 'Требует внимания',
  },
  timeline: { submitted: 'Заказ принят', sent_to_vendor: 'Отправлен вендору', keys_received: 'Ключи получены', shipped: 'Отгружен', failed: 'Ошибка' },
  placed: (n) => `Заказ ${n} оформлен`,
};
