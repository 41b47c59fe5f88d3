/**
 * What a catalog search query means, beyond the PartNumber: the words of a product or vendor name,
 * typed in either alphabet. Dealers type «касперский», «kaspersky» or «Касперского» for the same
 * vendor, and «доктор веб», «drweb» or «Dr.Web» for another; the database stems each word (the
 * Russian snowball stemmer for Cyrillic, the English one for Latin), and this module adds each
 * word's transliteration into the other alphabet, so either spelling meets the name as stored.
 */

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Latin letter groups, longest first, as Russian brand names are usually spelled in Latin. */
const LATIN_TO_CYRILLIC: Array<[string, string]> = [
  ['shch', 'щ'], ['sch', 'щ'], ['skiy', 'ский'], ['skij', 'ский'], ['sky', 'ский'], ['ski', 'ский'], ['zh', 'ж'], ['kh', 'х'], ['ch', 'ч'], ['sh', 'ш'], ['ts', 'ц'], ['tz', 'ц'],
  ['yu', 'ю'], ['ju', 'ю'], ['ya', 'я'], ['ja', 'я'], ['yo', 'ё'], ['jo', 'ё'], ['ye', 'е'], ['iy', 'ий'], ['ij', 'ий'], ['ph', 'ф'],
  ['ck', 'к'], ['ee', 'и'], ['oo', 'у'], ['x', 'кс'], ['w', 'в'], ['q', 'к'], ['h', 'х'], ['j', 'дж'], ['c', 'к'],
  ['a', 'а'], ['b', 'б'], ['d', 'д'], ['e', 'е'], ['f', 'ф'], ['g', 'г'], ['i', 'и'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'],
  ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['v', 'в'], ['y', 'и'], ['z', 'з'],
];
const VOWELS_CYR = 'аеёиоуыэюя';

/** «Касперский» → "kaspersky": a Cyrillic word in Latin letters (an adjective's -ий/-ый ending as -y). */
export function cyrillicToLatin(word: string): string {
  const lower = word.toLowerCase().replace(/[иы]й$/u, 'y');
  return [...lower].map((ch) => CYRILLIC_TO_LATIN[ch] ?? ch).join('');
}

/** "kaspersky" → «касперский», "eset" → «эсет»: a Latin word in Cyrillic letters. */
export function latinToCyrillic(word: string): string {
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; ) {
    // A leading "e" is «э» (eset → эсет), and a "c" before e/i/y is «ц» (cisco keeps «к»: циско is rarer).
    if (i === 0 && lower[i] === 'e') {
      out += 'э';
      i++;
      continue;
    }
    if (lower[i] === 'c' && /[eiy]/.test(lower[i + 1] ?? '') && lower[i + 1] !== undefined && !lower.startsWith('ck', i)) {
      out += 'ц';
      i++;
      continue;
    }
    const group = LATIN_TO_CYRILLIC.find(([latin]) => lower.startsWith(latin, i));
    if (!group) {
      out += lower[i];
      i++;
      continue;
    }
    let cyr = group[1];
    // "y" after a vowel is «й» (troy → трой), between consonants «и».
    if (group[0] === 'y' && VOWELS_CYR.includes(out.at(-1) ?? '')) cyr = 'й';
    out += cyr;
    i += group[0].length;
  }
  return out;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** The spellings a word may be stored in: itself and, when it is all letters of one alphabet, its transliteration. */
export function wordVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const variants = [lower];
  if (CYRILLIC.test(lower) && !LATIN.test(lower)) variants.push(cyrillicToLatin(lower));
  else if (LATIN.test(lower) && !CYRILLIC.test(lower)) variants.push(latinToCyrillic(lower));
  return [...new Set(variants.filter((v) => v !== ''))];
}

/** The words of a query: runs of letters and digits (so «Dr.Web» is "dr", "web"), NFKC-normalised. */
export function queryWords(query: string): string[] {
  return query.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** At most this many words take part, so a pasted paragraph does not build a huge query. */
const MAX_WORDS = 8;

export interface NameSearch {
  /** Each word's spellings («kaspersky», «касперский»), any of which may match, each as a prefix. */
  words: string[][];
  /** The query with everything but letters and digits removed, upper case («Dr.Web» → "DRWEB"): what a vendor code is compared with. */
  compact: string;
}

/** The name part of a catalog query; null when it has no words. Only letters and digits are in it, so no query text can break a tsquery's syntax. */
export function nameSearch(query: string): NameSearch | null {
  const words = queryWords(query).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return { words: words.map(wordVariants), compact: words.join('').toUpperCase() };
}
