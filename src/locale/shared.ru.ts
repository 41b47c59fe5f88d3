/**
 * The part of the Russian locale that the server and the browser both show: the words for the
 * codes the domain returns. The server's locale (ru.ts) and the web app's (web/app/locale-ru.ts)
 * take these from here rather than keeping copies.
 */
import type { PasswordProblem } from '../domain/dealers/password-policy';
import { plural } from '../domain/plural';

export { plural };

/** Why a password will not do (src/domain/dealers/password-policy.ts), as the person reads it. */
export function passwordProblemText(problem: PasswordProblem): string {
  switch (problem.code) {
    case 'tooShort':
      // "из" takes the genitive: из 1 символа, из 7 символов, из 21 символа.
      return `пароль из ${problem.length} ${plural(problem.length, 'символа', 'символов', 'символов')}, а нужно не меньше ${problem.min}`;
    case 'tooLong':
      return `пароль длиннее ${problem.max} символов`;
    case 'sameAsLogin':
      return 'пароль не должен совпадать с логином или адресом e-mail';
    case 'oneCharacter':
      return 'пароль из одного повторяющегося символа слишком прост';
  }
}

const MONTHS_NOMINATIVE = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const MONTHS_PREPOSITIONAL = ['январе', 'феврале', 'марте', 'апреле', 'мае', 'июне', 'июле', 'августе', 'сентябре', 'октябре', 'ноябре', 'декабре'];

/**
 * A month of the books ('YYYY-MM') as people name it: "2026-12" → «декабрь 2026», or in the
 * prepositional case «декабре 2026» (as in «отгружен в декабре 2026»). Anything else is shown as it is.
 */
export function monthInWords(month: string, grammaticalCase: 'nominative' | 'prepositional' = 'nominative'): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const index = match ? Number(match[2]) - 1 : -1;
  if (!match || index < 0 || index > 11) return month;
  return `${(grammaticalCase === 'nominative' ? MONTHS_NOMINATIVE : MONTHS_PREPOSITIONAL)[index]} ${match[1]}`;
}

/** Order statuses (src/domain/order.ts) as dealers and staff read them: on the pages and in the XLSX export. */
export const ORDER_STATUS_TEXT: Record<string, string> = {
  submitted: 'Принят',
  awaiting_approval: 'Ждёт одобрения администратора дилера',
  awaiting_payment: 'Ожидает оплаты',
  fulfilling: 'Заказан у вендора',
  keys_received: 'Ключи получены',
  shipped: 'Отгружен',
  completed: 'Завершён',
  cancelled: 'Отменён',
  failed: 'Требует внимания',
};
