/**
 * An amount of roubles in Russian words, as invoices and acts print it under the total:
 * "Одна тысяча двести рублей 50 копеек". Roubles in words, kopecks in two digits (the
 * accounting form, so nobody can append words to them).
 */
import { assertMinor, MoneyError, type Minor } from './money';
import { plural } from './plural';

type Gender = 'masculine' | 'feminine';

interface Scale {
  gender: Gender;
  /** 1 рубль, 2 рубля, 5 рублей */
  forms: readonly [string, string, string];
}

// From the lowest group of three digits up: тысяча is feminine, so 1000 is "одна тысяча", 2000 "две тысячи".
const SCALES: readonly Scale[] = [
  { gender: 'masculine', forms: ['рубль', 'рубля', 'рублей'] },
  { gender: 'feminine', forms: ['тысяча', 'тысячи', 'тысяч'] },
  { gender: 'masculine', forms: ['миллион', 'миллиона', 'миллионов'] },
  { gender: 'masculine', forms: ['миллиард', 'миллиарда', 'миллиардов'] },
];
const KOPECK_FORMS = ['копейка', 'копейки', 'копеек'] as const;

const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const TEENS = [
  'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать',
  'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать',
];
const UNITS: Record<Gender, readonly string[]> = {
  masculine: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  feminine: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
};

/** The largest amount with a word for every group: 999 999 999 999,99 roubles. */
export const MAX_AMOUNT_IN_WORDS_KOPECKS: Minor = 99_999_999_999_999;

export const pluralForm = (n: number, forms: readonly [string, string, string]): string => plural(n, ...forms);

function tripletWords(n: number, gender: Gender): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) {
    words.push(TEENS[rest - 10]!);
  } else {
    words.push(TENS[Math.floor(rest / 10)]!, UNITS[gender][rest % 10]!);
  }
  return words.filter((w) => w !== '');
}

function roublesInWords(roubles: number): string {
  if (roubles === 0) return 'ноль рублей';
  const words: string[] = [];
  let lastGroup = 0;
  for (let scale = SCALES.length - 1; scale >= 0; scale--) {
    const group = Math.floor(roubles / 1000 ** scale) % 1000;
    if (scale === 0) lastGroup = group;
    if (group === 0) continue;
    words.push(...tripletWords(group, SCALES[scale]!.gender));
    // "рублей" comes after the units group even when it is empty: "одна тысяча рублей".
    if (scale > 0) words.push(pluralForm(group, SCALES[scale]!.forms));
  }
  words.push(pluralForm(lastGroup, SCALES[0]!.forms));
  return words.join(' ');
}

/** 123456789 → "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек". */
export function amountInWords(kopecks: Minor): string {
  assertMinor(kopecks, 'amount in kopecks');
  if (kopecks < 0) throw new MoneyError(`amount in words: ${kopecks} kopecks is negative; documents print amounts of 0 or more`);
  if (kopecks > MAX_AMOUNT_IN_WORDS_KOPECKS) {
    throw new MoneyError(`amount in words: ${kopecks} kopecks is above ${MAX_AMOUNT_IN_WORDS_KOPECKS}, beyond billions of roubles`);
  }
  const roubles = Math.floor(kopecks / 100);
  const cents = kopecks % 100;
  const text = `${roublesInWords(roubles)} ${String(cents).padStart(2, '0')} ${pluralForm(cents, KOPECK_FORMS)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
