import { describe, expect, it } from 'vitest';
import { cyrillicToLatin, latinToCyrillic, nameSearch, queryWords, wordVariants } from '../../src/domain/catalog-search';
import { normalizePartNumber } from '../../src/domain/part-number';

describe('normalizePartNumber', () => {
  it('removes every dash and minus sign Word and Excel paste', () => {
    for (const dash of ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d', '\u00ad']) {
      expect(normalizePartNumber(`KA8107S1Y${dash}01`), `U+${dash.codePointAt(0)!.toString(16)}`).toBe('KA8107S1Y01');
    }
  });

  it('removes every kind of space, and reads full-width characters as ASCII', () => {
    expect(normalizePartNumber('ka8107\u00a0s1y\u202f01')).toBe('KA8107S1Y01');
    expect(normalizePartNumber('KA8107\u2009S1Y\u200b01\u3000')).toBe('KA8107S1Y01');
    expect(normalizePartNumber('ＫＡ８１０７Ｓ１Ｙ－０１')).toBe('KA8107S1Y01');
    expect(normalizePartNumber(' KL-4863.RAAFS/1 ')).toBe('KL4863RAAFS1');
  });

  it('keeps letters and digits of any alphabet', () => {
    expect(normalizePartNumber('ЛК-100')).toBe('ЛК100');
    expect(normalizePartNumber('SKU_1')).toBe('SKU1');
  });
});

describe('transliteration of names', () => {
  it('reads Latin brand names in Cyrillic', () => {
    expect(latinToCyrillic('kaspersky')).toBe('касперский');
    expect(latinToCyrillic('Kasperskiy')).toBe('касперский');
    expect(latinToCyrillic('doctor')).toBe('доктор');
    expect(latinToCyrillic('web')).toBe('веб');
    expect(latinToCyrillic('eset')).toBe('эсет');
    expect(latinToCyrillic('yandex')).toBe('яндекс');
    expect(latinToCyrillic('shchit')).toBe('щит');
  });

  it('reads Cyrillic names in Latin letters', () => {
    expect(cyrillicToLatin('касперский')).toBe('kaspersky');
    expect(cyrillicToLatin('Доктор')).toBe('doktor');
    expect(cyrillicToLatin('веб')).toBe('veb');
    expect(cyrillicToLatin('эсет')).toBe('eset');
    expect(cyrillicToLatin('щит')).toBe('shchit');
    expect(cyrillicToLatin('объём')).toBe('obem');
  });

  it('offers a word in both alphabets, and a mixed or numeric word as it is', () => {
    expect(wordVariants('Kaspersky')).toEqual(['kaspersky', 'касперский']);
    expect(wordVariants('Касперский')).toEqual(['касперский', 'kaspersky']);
    expect(wordVariants('1с')).toEqual(['1с', '1s']);
    expect(wordVariants('2026')).toEqual(['2026']);
    expect(wordVariants('r7офис')).toEqual(['r7офис']);
  });
});

describe('nameSearch', () => {
  it('splits a query into words on anything but letters and digits', () => {
    expect(queryWords('Dr.Web  Security—для')).toEqual(['dr', 'web', 'security', 'для']);
    expect(queryWords('ＤＲ．ＷＥＢ')).toEqual(['dr', 'web']);
  });

  it('gives each word its spellings, and a compact form for vendor codes', () => {
    const search = nameSearch('Dr.Web касперский')!;
    expect(search.words).toEqual([['dr', 'др'], ['web', 'веб'], ['касперский', 'kaspersky']]);
    expect(search.compact).toBe('DRWEBКАСПЕРСКИЙ');
    expect(nameSearch('drweb')!.compact).toBe('DRWEB');
  });

  it('lets nothing but letters and digits into a word', () => {
    const search = nameSearch(`a'b & c | !d :* (e)`)!;
    for (const spellings of search.words) for (const word of spellings) expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
    expect(nameSearch(' — ! ')).toBeNull();
  });
});
