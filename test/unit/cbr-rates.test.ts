import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CbrRatesError, parseCbrDaily, usdRateOf } from '../../src/domain/cbr-rates';

// The Bank's answer as it comes over the wire: windows-1251, one line, comma decimals.
const fixture = new Uint8Array(readFileSync(new URL('../fixtures/cbr/XML_daily_2026-11-27.xml', import.meta.url)));
const fixtureText = new TextDecoder('windows-1251').decode(fixture);

/** The fixture's text after `edit`, saved as UTF-8 (the declaration says so too). */
function variant(edit: (text: string) => string): Uint8Array {
  return new TextEncoder().encode(edit(fixtureText).replace('encoding="windows-1251"', 'encoding="utf-8"'));
}

function messageOf(bytes: Uint8Array): string {
  try {
    parseCbrDaily(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CbrRatesError);
    return (error as Error).message;
  }
  throw new Error('expected parseCbrDaily to throw');
}

describe('CBR daily rates', () => {
  const parsed = parseCbrDaily(fixture);
  const row = (charCode: string) => parsed.rates.find((rate) => rate.charCode === charCode);

  it('reads the date and every row of the windows-1251 answer', () => {
    expect(parsed.date).toBe('2026-11-27');
    expect(parsed.rates.map((rate) => rate.charCode)).toEqual(['AUD', 'BYN', 'USD', 'EUR', 'KZT', 'CNY', 'AMD', 'JPY']);
  });

  it('keeps the published figure and gives the rate per one unit', () => {
    expect(row('USD')).toEqual({
      charCode: 'USD',
      numCode: '840',
      nominal: 1,
      name: 'Доллар США',
      value: '79,8452',
      ratePerUnit: '79.8452',
    });
    // 15,2861 roubles for 100 tenge: 0,152861 per tenge, held to 4 places.
    expect(row('KZT')).toMatchObject({ nominal: 100, value: '15,2861', ratePerUnit: '0.1529' });
    expect(row('JPY')).toMatchObject({ nominal: 100, name: 'Японских иен', value: '51,7040', ratePerUnit: '0.5170' });
    expect(row('AUD')).toMatchObject({ numCode: '036', name: 'Австралийский доллар' });
    expect(row('BYN')?.ratePerUnit).toBe('26.5120');
  });

  it('gives the USD rate in the form exchange_rates stores', () => {
    expect(usdRateOf(parsed)).toEqual({ rate: '79.8452', date: '2026-11-27' });
  });

  it('reads the same document saved as UTF-8, with or without a byte-order mark', () => {
    const utf8 = variant((text) => text);
    expect(parseCbrDaily(utf8)).toEqual(parsed);
    expect(parseCbrDaily(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual(parsed);
    // No declaration at all means UTF-8 in XML.
    expect(parseCbrDaily(variant((text) => text.replace(/^<\?xml[^>]*>/, '')))).toEqual(parsed);
  });

  it('allows whitespace between elements, entities in text and elements it does not use', () => {
    const edited = parseCbrDaily(
      variant((text) =>
        text
          .replaceAll('><', '>\n  <')
          .replace('<Name>Евро</Name>', '<Name>Евро &amp; &#x20AC;</Name><Future>1</Future>'),
      ),
    );
    expect(edited.rates).toHaveLength(8);
    expect(edited.rates.find((rate) => rate.charCode === 'EUR')?.name).toBe('Евро & €');
  });

  it('says where a truncated or malformed document breaks', () => {
    expect(messageOf(fixture.subarray(0, 600))).toMatch(/^CBR rates: the XML is malformed at character \d+: .*truncated/);
    expect(messageOf(fixture.subarray(0, fixture.length - 1))).toMatch(/ends inside a tag \(truncated\?\): "<\/ValCurs"/);
    expect(messageOf(variant((text) => text.slice(0, text.indexOf('79,8452') + 3)))).toMatch(/ends inside <Value>/);
    expect(messageOf(variant((text) => text.replace('</Name>', '</Nam>')))).toMatch(/<\/Nam> closes <Name>/);
    expect(messageOf(variant((text) => text.replace('Евро', 'Евро & Co')))).toMatch(/"&" does not start a known entity: "& Co"/);
    expect(messageOf(variant((text) => text.replace('<Valute ID="R01239">', '<!-- EUR --><Valute ID="R01239">')))).toMatch(
      /comments, CDATA, DOCTYPE/,
    );
    expect(messageOf(variant((text) => `${text}<ValCurs/>`))).toMatch(/content after <\/ValCurs>/);
    expect(messageOf(new Uint8Array())).toMatch(/the document is empty/);
    expect(messageOf(variant((text) => text.replaceAll('ValCurs', 'Rates')))).toBe(
      'CBR rates: the root element is <Rates>, not <ValCurs>',
    );
  });

  it('refuses a missing or impossible date', () => {
    expect(messageOf(variant((text) => text.replace(' Date="27.11.2026"', '')))).toBe('CBR rates: <ValCurs> has no Date attribute');
    expect(messageOf(variant((text) => text.replace('27.11.2026', '2026-11-27')))).toBe(
      'CBR rates: ValCurs has Date "2026-11-27", not a date in the form DD.MM.YYYY',
    );
    expect(messageOf(variant((text) => text.replace('27.11.2026', '31.02.2026')))).toBe(
      'CBR rates: ValCurs has Date "31.02.2026", not a calendar date',
    );
  });

  it('names the row and the field of a bad figure', () => {
    expect(messageOf(variant((text) => text.replace('79,8452', '79.84.52')))).toBe(
      'CBR rates: Valute USD has Value "79.84.52", not a decimal with at most 4 places',
    );
    expect(messageOf(variant((text) => text.replace('79,8452', '79,84521')))).toMatch(/Value "79,84521", not a decimal with at most 4 places/);
    expect(messageOf(variant((text) => text.replace('79,8452', '0,0000')))).toBe('CBR rates: Valute USD has Value "0,0000", not positive');
    expect(messageOf(variant((text) => text.replace('<Nominal>100</Nominal><Name>Тенге', '<Name>Тенге')))).toBe(
      'CBR rates: Valute KZT has no Nominal',
    );
    expect(messageOf(variant((text) => text.replace('<Nominal>100</Nominal><Name>Тенге', '<Nominal>0</Nominal><Name>Тенге')))).toBe(
      'CBR rates: Valute KZT has Nominal "0", not a positive integer',
    );
    // Every problem is listed, not only the first.
    expect(messageOf(variant((text) => text.replace('79,8452', 'n/a').replace('<CharCode>EUR</CharCode>', '<CharCode>euro</CharCode>')))).toBe(
      'CBR rates: Valute USD has Value "n/a", not a decimal with at most 4 places; Valute #4 has CharCode "euro", not a 3-letter code',
    );
  });

  it('refuses ambiguous rows', () => {
    expect(messageOf(variant((text) => text.replace('<CharCode>EUR</CharCode>', '<CharCode>USD</CharCode>')))).toBe(
      'CBR rates: Valute USD appears more than once',
    );
    expect(messageOf(variant((text) => text.replace('<Value>79,8452</Value>', '<Value>79,8452</Value><Value>80,0000</Value>')))).toBe(
      'CBR rates: Valute #3 has more than one <Value>',
    );
    expect(messageOf(variant((text) => text.replace(/<Valute .*<\/Valute>/, '')))).toBe('CBR rates: no Valute rows');
  });

  it('refuses an encoding it cannot read faithfully', () => {
    expect(messageOf(variant((text) => text).map((byte, i, all) => (i === all.length - 20 ? 0xff : byte)))).toBe(
      'CBR rates: the bytes are not valid utf-8',
    );
    expect(messageOf(new TextEncoder().encode(fixtureText.replace('windows-1251', 'koi8-r')))).toBe(
      'CBR rates: the document declares encoding "koi8-r"; expected windows-1251 or utf-8',
    );
  });

  it('has no USD rate to give when the Bank sent none', () => {
    const withoutUsd = parseCbrDaily(variant((text) => text.replace(/<Valute ID="R01235">.*?<\/Valute>/, '')));
    expect(withoutUsd.rates).toHaveLength(7);
    expect(() => usdRateOf(withoutUsd)).toThrow('CBR rates: the rates of 2026-11-27 have no Valute USD');
  });
});

describe('how stale a rate is', async () => {
  const { loadProductionCalendar } = await import('../../src/infra/production-calendar');
  const { rateFreshness } = await import('../../src/domain/cbr-rates');
  const calendar = await loadProductionCalendar();
  // Calendar facts of the data files; "today" is a parameter of the rule, not the clock.
  it('is current when it is the rate the Central Bank set on the last banking day', () => {
    // Monday 7 December 2026: Friday's rate is dated Saturday 5 December.
    expect(rateFreshness(calendar, '2026-12-05', '2026-12-07')).toEqual({ expectedDate: '2026-12-05', ageBankingDays: 0, current: true });
    expect(rateFreshness(calendar, '2026-12-08', '2026-12-08')).toMatchObject({ current: true });
    // The rate for tomorrow, published today, is not stale either.
    expect(rateFreshness(calendar, '2026-12-09', '2026-12-08')).toMatchObject({ current: true });
  });

  it('counts the banking days missed: the issue’s 27 November rate on 7 December is six behind', () => {
    expect(rateFreshness(calendar, '2026-11-27', '2026-12-07')).toEqual({ expectedDate: '2026-12-05', ageBankingDays: 6, current: false });
    // Tuesday on Saturday's rate: Monday's setting is missing, one banking day.
    expect(rateFreshness(calendar, '2026-12-05', '2026-12-08')).toMatchObject({ expectedDate: '2026-12-08', ageBankingDays: 1, current: false });
  });
});
