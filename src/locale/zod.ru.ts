import { z } from 'zod';
import { plural } from '../domain/plural';

/** Zod's names of kinds of values, as a person reads them. */
const KINDS: Record<string, string> = {
  string: 'текст',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  boolean: 'да или нет',
  array: 'список',
  object: 'объект',
  date: 'дата',
  null: 'пусто',
  undefined: 'ничего',
};
const kind = (name: string) => KINDS[name] ?? name;

/** «не короче 1 символа», «не длиннее 300 символов» (and the same for list elements). */
const count = (n: number | bigint, one: string, few: string, many: string) => `${Number(n)} ${plural(Number(n), one, few, many)}`;

const FORMATS: Record<string, string> = {
  email: 'адрес электронной почты указан неверно',
  uuid: 'неверный идентификатор',
  url: 'неверная ссылка',
  date: 'дата указана неверно: ожидается ГГГГ-ММ-ДД',
  datetime: 'дата и время указаны неверно',
};

const zodRu = z.locales.ru().localeError;

/**
 * Zod's own texts in Russian, for the problems a schema gives no message of its own for: every
 * request part the API parses goes through this, so a refusal never speaks English. Zod's Russian
 * locale still names kinds of values in English («ожидалось string, получено undefined»): the
 * common problems are worded here, the rest left to it.
 */
export const russianZodError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'поле не заполнено';
      return `неверное значение: ожидается ${kind(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'поле не заполнено' : `не короче ${count(issue.minimum, 'символа', 'символов', 'символов')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `нужно не меньше ${count(issue.minimum, 'элемента', 'элементов', 'элементов')}`;
      if (issue.origin === 'number' || issue.origin === 'bigint') return `${issue.inclusive ? 'не меньше' : 'больше'} ${issue.minimum}`;
      break;
    case 'too_big':
      if (issue.origin === 'string') return `не длиннее ${count(issue.maximum, 'символа', 'символов', 'символов')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `не больше ${count(issue.maximum, 'элемента', 'элементов', 'элементов')}`;
      if (issue.origin === 'number' || issue.origin === 'bigint') return `${issue.inclusive ? 'не больше' : 'меньше'} ${issue.maximum}`;
      break;
    case 'invalid_format':
      if (issue.format in FORMATS) return FORMATS[issue.format];
      if (issue.format === 'regex') return 'неверный формат';
      break;
    case 'invalid_value':
      return issue.values.length === 1 ? `ожидается ${JSON.stringify(issue.values[0])}` : `допустимые значения: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `лишние поля: ${issue.keys.join(', ')}`;
  }
  return zodRu(issue);
};

export const inRussian = { error: russianZodError } as const;
