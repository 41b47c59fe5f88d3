/**
 * Russian texts of price-list checks: what staff read next to a refused row of the file they
 * uploaded. Kept beside the checks (like the license-policy texts) so this domain owns its wording.
 */
import { plural } from '../plural';

const rows = (numbers: readonly number[]) => `${plural(numbers.length, 'строке', 'строках', 'строках')} ${numbers.join(', ')}`;

export const priceListMessages = {
  emptyFile: 'Файл пуст: в нём нет ни одной строки.',
  noHeader: (looked: number) =>
    `Не найдена строка заголовка в первых ${looked} строках файла. Нужны хотя бы столбцы «Артикул» (PartNumber) и «Цена» (Price); ` +
    'можно также «Наименование», «Категория», «Валюта», «НДС», «Сегмент», «Срок, мес.».',
  duplicateColumn: (title: string, first: number, second: number) =>
    `Столбец «${title}» встречается в заголовке дважды (столбцы ${first} и ${second}): оставьте один.`,
  noRows: 'После заголовка в файле нет ни одной строки с товарами.',
  tooManyRows: (limit: number) => `В файле больше ${limit} строк: разбейте прайс-лист на несколько файлов.`,

  partNumberMissing: 'не указан артикул (PartNumber)',
  partNumberTooLong: (max: number) => `артикул длиннее ${max} символов`,
  duplicate: (partNumber: string, others: readonly number[]) => `артикул ${partNumber} повторяется в ${rows(others)} файла`,

  priceMissing: 'не указана цена',
  priceNotNumber: (text: string) => `цена «${text}» — не число; пишите так: 1234,50 или 1 234.50`,
  priceTooPrecise: (text: string) => `в цене «${text}» больше двух знаков после запятой`,
  priceNegative: (text: string) => `цена «${text}» отрицательная`,
  priceZero: 'цена равна нулю',
  priceTooLarge: (text: string) => `цена «${text}» слишком велика`,

  currencyUnknown: (text: string) => `валюта «${text}» не поддерживается: укажите RUB или USD`,
  currencyMissing: 'не указана валюта, и взять её неоткуда (у вендора нет товаров в каталоге): укажите RUB или USD',

  vatUnknown: (text: string) => `ставка НДС «${text}» не подходит: укажите 22% или «Без НДС»`,
  vatMissing: 'не указан НДС, и взять его неоткуда: укажите 22% или «Без НДС»',

  nameMissing: 'не указано наименование (для нового товара оно обязательно)',
  nameTooLong: (max: number) => `наименование длиннее ${max} символов`,
  nameBidi: 'в наименовании есть невидимые символы управления направлением письма (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F)',
  categoryMissing: 'не указана категория (для нового товара она обязательна)',
  categoryTooLong: (max: number) => `категория длиннее ${max} символов`,
  segmentUnknown: (text: string) => `сегмент «${text}» неизвестен: укажите «Коммерческий», «EDU» или «GOV»`,
  termInvalid: (text: string, max: number) => `срок «${text}» — не число месяцев: укажите целое число от 1 до ${max} или оставьте пустым для бессрочной лицензии`,
} as const;

export type PriceListMessages = typeof priceListMessages;
