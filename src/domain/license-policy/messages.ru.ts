/**
 * Russian texts of vendor license policies: what the dealer sees in the cart, and what staff see
 * when a policy document they edited does not validate. Kept apart from src/locale/ru.ts so this
 * domain owns its wording; the checks take these texts as a parameter, like the requisite checks.
 */
import type { EndUserField, Segment } from './vocabulary';
import { plural } from '../plural';

export { plural };

/** What a vendor counts licences in; staff pick one by key, the dealer reads the Russian word. */
export const UNIT_FORMS = {
  license: ['лицензия', 'лицензии', 'лицензий'],
  node: ['узел', 'узла', 'узлов'],
  user: ['пользователь', 'пользователя', 'пользователей'],
  device: ['устройство', 'устройства', 'устройств'],
  seat: ['рабочее место', 'рабочих места', 'рабочих мест'],
  core: ['ядро', 'ядра', 'ядер'],
  server: ['сервер', 'сервера', 'серверов'],
} as const;
export type QuantityUnit = keyof typeof UNIT_FORMS;

const count = (n: number, unit: QuantityUnit) => {
  const [one, few, many] = UNIT_FORMS[unit];
  return `${n} ${plural(n, one, few, many)}`;
};
/** After a list of ranges the unit takes the genitive plural: «10–14, 15–19 узлов». */
const unitMany = (unit: QuantityUnit) => UNIT_FORMS[unit][2];
const range = ([from, to]: readonly [number, number]) => (from === to ? `${from}` : `${from}–${to}`);
const nearest = (values: readonly number[]) =>
  values.length === 1 ? `ближайшее допустимое — ${values[0]}` : `ближайшие допустимые — ${values.join(' и ')}`;
const oneOf = (partNumbers: readonly string[]) =>
  partNumbers.length === 1 ? partNumbers[0]! : `один из: ${partNumbers.join(', ')}`;

/** The segments that need the vendor's authorisation of the dealer. */
export type RestrictedSegment = Exclude<Segment, 'commercial'>;
const SEGMENT_NAMES: Record<RestrictedSegment, string> = { edu: 'для образования (EDU)', gov: 'для госсектора (GOV)' };
const SEGMENT_END_USERS: Record<RestrictedSegment, string> = { edu: 'учебного заведения', gov: 'государственного заказчика' };

const END_USER_FIELD_NAMES: Record<EndUserField, string> = { name: 'наименование', inn: 'ИНН', region: 'регион', email: 'e-mail' };

const JSON_TYPES: Record<string, string> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  boolean: 'true или false',
  array: 'список [ … ]',
  object: 'объект { … }',
  tuple: 'пара [от, до]',
  null: 'null',
  undefined: 'значение',
};

export const licensePolicyMessages = {
  /** Every finding names the rule it comes from by the title staff gave it. */
  rule: (title: string, text: string) => `Правило «${title}»: ${text}`,

  /** Not a rule either: the vendor's stored policy no longer reads, so nothing of it can pass. */
  policyUnreadableTitle: 'Правила вендора',
  policyUnreadable: (vendorName: string) =>
    `правила лицензирования ${vendorName} заданы с ошибкой, и строка не может быть принята; обратитесь к менеджеру дистрибьютора`,
  /** On a catalog card, in place of «В корзину». */
  catalogNotAuthorised: (vendorName: string) => `Нет авторизации на продажу «${vendorName}» — обратитесь к менеджеру`,
  catalogPolicyUnreadable: (vendorName: string) => `Правила лицензирования ${vendorName} заданы с ошибкой — обратитесь к менеджеру`,
  vendorNotAuthorised: (vendorCode: string) =>
    `дилер не авторизован на продажу продукции ${vendorCode}; уберите строку из заказа или запросите авторизацию у вендора`,

  minQuantity: (min: number, quantity: number, unit: QuantityUnit) =>
    `минимум ${count(min, unit)}, а в строке ${quantity}; укажите ${min} или больше`,
  maxQuantity: (max: number, quantity: number, unit: QuantityUnit) =>
    `максимум ${count(max, unit)}, а в строке ${quantity}; укажите ${max} или меньше`,
  quantityBands: (bands: ReadonlyArray<readonly [number, number]>, quantity: number, unit: QuantityUnit, allowed: readonly number[]) =>
    `количество ${quantity} не входит ни в один из диапазонов ${bands.map(range).join(', ')} ${unitMany(unit)}; ${nearest(allowed)}`,
  quantityMultiple: (multiple: number, quantity: number, allowed: readonly number[]) =>
    `количество должно быть кратно ${multiple}, а в строке ${quantity}; ${nearest(allowed)}`,

  renewalNumberMissing: (example: string) =>
    `для продления укажите номер предыдущей лицензии в формате вендора, например ${example}`,
  renewalNumberFormat: (value: string, example: string) =>
    `номер предыдущей лицензии «${value}» не в формате вендора; номер должен выглядеть так: ${example}`,

  upgradeBaseMissing: (bases: readonly string[]) => `для апгрейда укажите базовый продукт — ${oneOf(bases)}`,
  upgradeBaseNotQualifying: (base: string, bases: readonly string[]) =>
    `продукт ${base} не даёт права на апгрейд; базовым может быть ${oneOf(bases)}`,
  upgradeBaseNotHeld: (base: string) =>
    `базового продукта ${base} нет ни в этом заказе, ни среди ранее купленных лицензий; ` +
    `добавьте ${base} в заказ или укажите базовый продукт, лицензия на который уже есть`,

  segmentNotAuthorised: (segment: RestrictedSegment) =>
    `продукт ${SEGMENT_NAMES[segment]} может заказать только дилер с авторизацией вендора на этот сегмент; ` +
    'выберите коммерческую версию продукта или запросите авторизацию у вендора',
  segmentEndUserInn: (segment: RestrictedSegment) =>
    `для продукта ${SEGMENT_NAMES[segment]} укажите ИНН конечного пользователя — ${SEGMENT_END_USERS[segment]}`,

  endUserFieldMissing: (field: EndUserField) => `укажите ${END_USER_FIELD_NAMES[field]} конечного пользователя`,
  /** `problem` is the requisite check's own text, e.g. «ИНН 7707083891: неверная контрольная цифра, должна быть 3». */
  endUserInnInvalid: (problem: string) => `ИНН конечного пользователя указан с ошибкой (${problem})`,

  /** Texts for staff editing a policy document as JSON. */
  document: {
    where: {
      rule: (id: string | undefined, index: number) => (id ? `правило «${id}»` : `правило №${index + 1} (без id)`),
      field: (path: string) => `поле ${path}`,
      root: 'документ',
    },
    invalidType: (expected: string, received: string) =>
      `ожидается ${JSON_TYPES[expected] ?? expected}, а здесь ${JSON_TYPES[received] ?? received}`,
    required: (expected: string) => `поле обязательно (${JSON_TYPES[expected] ?? expected})`,
    unknownField: (keys: readonly string[]) =>
      keys.length === 1
        ? `неизвестное поле «${keys[0]}»: проверьте написание`
        : `неизвестные поля ${keys.map((k) => `«${k}»`).join(', ')}: проверьте написание`,
    invalidValue: (value: unknown, allowed: readonly unknown[]) =>
      `значение ${JSON.stringify(value)} недопустимо; возможные: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
    unknownKind: (value: unknown, kinds: readonly unknown[]) =>
      (value === undefined ? 'не указан kind' : `неизвестный kind ${JSON.stringify(value)}`) +
      `; возможные: ${kinds.map((k) => String(k)).join(', ')}`,
    positiveInteger: 'нужно целое число больше нуля',
    emptyList: 'список не может быть пустым',
    emptyText: 'не может быть пустым',
    tooLong: (max: number) => `не длиннее ${max} символов`,
    duplicateInList: (value: string) => `${value} указан в списке дважды`,
    ruleIdFormat: 'id — строчные латинские буквы, цифры и дефисы, например kasp-min-5',
    ruleIdDuplicate: (id: string) => `id «${id}» уже есть у другого правила; id правил не должны повторяться`,
    ruleIdReserved: (id: string) => `id «${id}» зарезервирован за встроенной проверкой авторизации; выберите другой`,
    bandShape: 'диапазон — пара чисел [от, до] включительно, например [10, 14]',
    bandInverted: (from: number, to: number) => `диапазон ${from}–${to} перевёрнут: начало больше конца`,
    bandsOverlap: (a: readonly [number, number], b: readonly [number, number]) =>
      `диапазоны ${range(a)} и ${range(b)} пересекаются; количество должно попадать ровно в один диапазон`,
    regexInvalid: (pattern: string, reason: string) => `регулярное выражение ${pattern} не компилируется: ${reason}`,
    exampleMismatch: (example: string) =>
      `пример «${example}» не подходит под pattern; дилер увидит его как образец, исправьте pattern или пример`,
  },
};

export type LicensePolicyMessages = typeof licensePolicyMessages;
