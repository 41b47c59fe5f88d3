import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { comparePriceList, parsePrice, parsePriceList, type CatalogProduct, type VendorCatalog } from '../../src/domain/price-list';
import { readPriceListFile } from '../../src/api/pricing/price-list-file';
import { detectDelimiter } from '../../src/infra/csv';
import { readSheets } from '../../src/infra/xlsx';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/price-lists', name));

const product = (partNumber: string, listPriceMinor: number, extra: Partial<CatalogProduct> = {}): CatalogProduct => ({
  partNumber,
  name: `Product ${partNumber}`,
  category: 'Антивирусы',
  segment: 'commercial',
  listPriceMinor,
  currency: 'RUB',
  vatMode: 'exempt',
  licenseTermMonths: 12,
  active: true,
  ...extra,
});
const emptyCatalog: VendorCatalog = { products: [], usualCurrency: null, usualVatMode: null };
const rubCatalog = (...products: CatalogProduct[]): VendorCatalog => ({ products, usualCurrency: 'RUB', usualVatMode: 'exempt' });

function ok(result: ReturnType<typeof parsePriceList>) {
  if (!result.ok) throw new Error(`expected a parsed price list, got: ${result.error}`);
  return result;
}

describe('prices are read exactly into minor units', () => {
  it.each([
    ['1234,50', 123450],
    ['1234.5', 123450],
    ['1 234,50', 123450],
    ['1\u00a0234\u00a0567,89', 123456789],
    ['1\u202f234', 123400],
    ['0,01', 1],
    ['  99  ', 9900],
    ['19.99', 1999],
    // 0.1 + 0.2 style float traps cannot happen: no floats on the way.
    ['1000000000.07', 100000000007],
  ])('%s → %i', (text, minor) => {
    expect(parsePrice(text)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'missing'],
    ['abc', 'notNumber'],
    ['12,3,4', 'notNumber'],
    ['1,234.50', 'notNumber'],
    ['12 34', 'notNumber'],
    ['1e3', 'notNumber'],
    ['$100', 'notNumber'],
    ['12,345', 'tooPrecise'],
    ['0.999', 'tooPrecise'],
    ['-5', 'negative'],
    ['0', 'zero'],
    ['0,00', 'zero'],
    ['12345678901234567', 'tooLarge'],
  ])('%j is refused as %s', (text, problem) => {
    expect(parsePrice(text)).toEqual({ ok: false, problem });
  });
});

describe('the header row', () => {
  it.each([
    [['PartNumber', 'Name', 'Category', 'Price', 'Currency', 'VAT', 'Segment', 'Term months']],
    [['Артикул', 'Наименование', 'Категория', 'Цена', 'Валюта', 'НДС', 'Сегмент', 'Срок, мес.']],
    [['Part No.', 'NAME', 'category', 'PRICE', 'currency', 'vat', 'SEGMENT', 'term, months']],
    [['артикул ', ' Название', 'Категория', 'Цена', 'Валюта', 'Ставка НДС', 'Сегмент', 'Срок']],
  ])('is found in %j', (header) => {
    const result = ok(parsePriceList([header, ['KL-1', 'Антивирус', 'Антивирусы', '100', 'RUB', '22%', 'EDU', '12']], emptyCatalog));
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([
      {
        rowNumber: 2,
        partNumber: 'KL-1',
        partNumberNormalized: 'KL1',
        name: 'Антивирус',
        category: 'Антивирусы',
        segment: 'edu',
        listPriceMinor: 10000,
        currency: 'RUB',
        vatMode: 'standard',
        licenseTermMonths: 12,
      },
    ]);
  });

  it('is found below a title, and columns it does not know are listed, not refused', () => {
    const result = ok(
      parsePriceList(
        [['Прайс-лист на декабрь'], [], ['№', 'Артикул', 'Цена', 'Примечание'], ['1', 'A-1', '10', 'хит']],
        rubCatalog(product('A-1', 500)),
      ),
    );
    expect(result.headerRowNumber).toBe(3);
    expect(result.ignoredColumns).toEqual(['№', 'Примечание']);
    expect(result.accepted.map((r) => [r.rowNumber, r.partNumber, r.listPriceMinor])).toEqual([[4, 'A-1', 1000]]);
  });

  it('missing, or a column twice, is a clear error for the whole file', () => {
    expect(parsePriceList([['Артикул', 'Наименование'], ['A', 'B']], emptyCatalog)).toEqual({
      ok: false,
      error: expect.stringContaining('Не найдена строка заголовка в первых 20 строках файла'),
    });
    expect(parsePriceList([['Артикул', 'Цена', 'Price'], ['A', '1', '2']], emptyCatalog)).toEqual({
      ok: false,
      error: 'Столбец «Price» встречается в заголовке дважды (столбцы 2 и 3): оставьте один.',
    });
    expect(parsePriceList([['', ''], []], emptyCatalog)).toEqual({ ok: false, error: 'Файл пуст: в нём нет ни одной строки.' });
    expect(parsePriceList([['Артикул', 'Цена'], ['', '']], emptyCatalog)).toEqual({ ok: false, error: 'После заголовка в файле нет ни одной строки с товарами.' });
  });
});

describe('rows', () => {
  const header = ['Артикул', 'Наименование', 'Категория', 'Цена', 'Валюта', 'НДС'];

  it('a bad row is refused with its row number and every reason, in Russian', () => {
    const result = ok(
      parsePriceList(
        [
          header,
          ['', 'Без артикула', 'Антивирусы', 'сто рублей', 'EUR', '10%'],
          ['N-1', '', '', '-5', 'RUB', 'Без НДС'],
          ['N-2', 'Хороший', 'Антивирусы', '0', 'USD', '22%'],
          ['N-3', 'Точный', 'Антивирусы', '10,999', 'USD', '22%'],
        ],
        emptyCatalog,
      ),
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toEqual([
      {
        rowNumber: 2,
        partNumber: null,
        reasons: [
          'не указан артикул (PartNumber)',
          'цена «сто рублей» — не число; пишите так: 1234,50 или 1 234.50',
          'валюта «EUR» не поддерживается: укажите RUB или USD',
          'ставка НДС «10%» не подходит: укажите 22% или «Без НДС»',
        ],
      },
      {
        rowNumber: 3,
        partNumber: 'N-1',
        reasons: ['цена «-5» отрицательная', 'не указано наименование (для нового товара оно обязательно)', 'не указана категория (для нового товара она обязательна)'],
      },
      { rowNumber: 4, partNumber: 'N-2', reasons: ['цена равна нулю'] },
      { rowNumber: 5, partNumber: 'N-3', reasons: ['в цене «10,999» больше двух знаков после запятой'] },
    ]);
  });

  it('the same PartNumber twice (in any spelling) refuses both rows, each naming the other', () => {
    const result = ok(
      parsePriceList(
        [header, ['D-1', 'Один', 'Кат', '10', 'RUB', 'Без НДС'], ['OK-1', 'Два', 'Кат', '20', 'RUB', 'Без НДС'], ['d 1', 'Три', 'Кат', '30', 'RUB', 'Без НДС']],
        emptyCatalog,
      ),
    );
    expect(result.accepted.map((r) => r.partNumber)).toEqual(['OK-1']);
    expect(result.rejected).toEqual([
      { rowNumber: 2, partNumber: 'D-1', reasons: ['артикул D-1 повторяется в строке 4 файла'] },
      { rowNumber: 4, partNumber: 'd 1', reasons: ['артикул d 1 повторяется в строке 2 файла'] },
    ]);
  });

  it('what a row leaves out comes from the catalog: the product, else the vendor usual terms', () => {
    const known = product('KL-4863-1Y', 500000, { currency: 'USD', vatMode: 'standard', segment: 'gov', licenseTermMonths: 24 });
    const result = ok(
      parsePriceList(
        [
          ['PartNumber', 'Price', 'Name', 'Category'],
          ['kl4863 1y', '5 100,00', '', ''],
          ['NEW-1', '99', 'Новый', 'Антивирусы'],
        ],
        { products: [known], usualCurrency: 'RUB', usualVatMode: 'exempt' },
      ),
    );
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([
      // Matched by the normal form, written under the catalog's own spelling, keeping its terms.
      expect.objectContaining({ partNumber: 'KL-4863-1Y', name: known.name, category: known.category, listPriceMinor: 510000, currency: 'USD', vatMode: 'standard', segment: 'gov', licenseTermMonths: 24 }),
      expect.objectContaining({ partNumber: 'NEW-1', listPriceMinor: 9900, currency: 'RUB', vatMode: 'exempt', segment: 'commercial', licenseTermMonths: null }),
    ]);
  });

  it('a new product of a vendor without products needs its currency and VAT in the file', () => {
    const result = ok(parsePriceList([['PartNumber', 'Price', 'Name', 'Category'], ['X-1', '10', 'X', 'Y']], emptyCatalog));
    expect(result.rejected[0]!.reasons).toEqual([
      'не указана валюта, и взять её неоткуда (у вендора нет товаров в каталоге): укажите RUB или USD',
      'не указан НДС, и взять его неоткуда: укажите 22% или «Без НДС»',
    ]);
  });

  it('segment and term words', () => {
    const rows = [
      ['PartNumber', 'Price', 'Name', 'Category', 'Segment', 'Term months'],
      ['T-1', '1', 'n', 'c', 'GOV', 'бессрочно'],
      ['T-2', '1', 'n', 'c', 'Образование', ''],
      ['T-3', '1', 'n', 'c', 'VIP', '1,5'],
      ['T-4', '1', 'n', 'c', '', '121'],
    ];
    const result = ok(parsePriceList(rows, rubCatalog()));
    expect(result.accepted.map((r) => [r.partNumber, r.segment, r.licenseTermMonths])).toEqual([
      ['T-1', 'gov', null],
      ['T-2', 'edu', null],
    ]);
    expect(result.rejected).toEqual([
      {
        rowNumber: 4,
        partNumber: 'T-3',
        reasons: [
          'сегмент «VIP» неизвестен: укажите «Коммерческий», «EDU» или «GOV»',
          'срок «1,5» — не число месяцев: укажите целое число от 1 до 120 или оставьте пустым для бессрочной лицензии',
        ],
      },
      { rowNumber: 5, partNumber: 'T-4', reasons: ['срок «121» — не число месяцев: укажите целое число от 1 до 120 или оставьте пустым для бессрочной лицензии'] },
    ]);
  });
});

describe('what applying would change', () => {
  it('new products, price changes old → new, other changes, unchanged, and products the file never names', () => {
    const catalog = [
      product('P-1', 10000),
      product('P-2', 20000),
      product('P-3', 30000),
      product('P-4', 40000),
      product('P-5', 50000),
      product('P-6', 60000, { active: false }),
    ];
    const result = ok(
      parsePriceList(
        [
          ['Артикул', 'Наименование', 'Цена', 'Валюта'],
          ['P-1', '', '100', ''], // unchanged
          ['P-2', '', '250,00', ''], // price up
          ['P-3', '', '300', 'USD'], // currency changes: a price change too
          ['P-4', 'Новое имя', '400', ''], // renamed
          ['P-5', '', 'дорого', ''], // refused: named, so not "missing"
          ['P-7', 'Новинка', '70', ''],
        ],
        { products: catalog, usualCurrency: 'RUB', usualVatMode: 'exempt' },
      ),
    );
    // P-7 has no category: refused too.
    expect(result.rejected.map((r) => r.partNumber)).toEqual(['P-5', 'P-7']);
    const summary = comparePriceList(result.accepted, result.rejected, catalog);
    expect(summary.counts).toEqual({ newProducts: 0, priceChanges: 2, otherChanges: 1, unchanged: 1, rejected: 2, missing: 0 });
    expect(summary.priceChanges).toEqual([
      { partNumber: 'P-2', name: 'Product P-2', old: { minor: 20000, currency: 'RUB' }, new: { minor: 25000, currency: 'RUB' } },
      { partNumber: 'P-3', name: 'Product P-3', old: { minor: 30000, currency: 'RUB' }, new: { minor: 30000, currency: 'USD' } },
    ]);
    expect(summary.otherChanges).toEqual([{ partNumber: 'P-4', name: 'Новое имя', fields: ['name'] }]);

    const partial = ok(parsePriceList([['Артикул', 'Цена', 'Категория', 'Наименование'], ['P-1', '100', '', ''], ['P-9', '5', 'Кат', 'Новый']], { products: catalog, usualCurrency: 'RUB', usualVatMode: 'exempt' }));
    const second = comparePriceList(partial.accepted, partial.rejected, catalog);
    expect(second.newProducts).toEqual([{ partNumber: 'P-9', name: 'Новый', listPriceMinor: 500, currency: 'RUB' }]);
    // Inactive P-6 is not "missing": it is already off sale.
    expect(second.missing.map((m) => m.partNumber)).toEqual(['P-2', 'P-3', 'P-4', 'P-5']);
  });
});

describe('files', () => {
  it('a Windows-1251 CSV with ";" as Russian Excel saves it, a title above the header and quoted cells', () => {
    const file = readPriceListFile(fixture('cp1251-semicolon.csv'));
    if (!file.ok) throw new Error(file.problem);
    expect(file.format).toBe('csv');
    const result = ok(parsePriceList(file.table, emptyCatalog));
    expect(result.headerRowNumber).toBe(3);
    expect(result.accepted.map((r) => [r.rowNumber, r.partNumber, r.name, r.listPriceMinor, r.currency, r.vatMode, r.licenseTermMonths])).toEqual([
      [4, 'AV-100-1Y', 'Антивирус "Щит" на 1 год', 123450, 'RUB', 'exempt', 12],
      [5, 'AV-100-PR', 'Антивирус «Щит», бессрочная', 990000, 'RUB', 'exempt', null],
    ]);
    expect(result.rejected).toEqual([{ rowNumber: 6, partNumber: 'AV-200-1Y', reasons: ['в цене «12,345» больше двух знаков после запятой'] }]);
  });

  it('UTF-8 with a BOM, comma-separated, quoted prices with decimal commas', () => {
    const text = '\ufeffPartNumber,Name,Category,Price,Currency,VAT\n"X-1","Name, with comma",Cat,"1 000,50",USD,22%\r\nX-2,Other,Cat,7,USD,Без НДС\n';
    const file = readPriceListFile(Buffer.from(text, 'utf8'));
    if (!file.ok) throw new Error(file.problem);
    const result = ok(parsePriceList(file.table, emptyCatalog));
    expect(result.accepted.map((r) => [r.partNumber, r.name, r.listPriceMinor, r.vatMode])).toEqual([
      ['X-1', 'Name, with comma', 100050, 'standard'],
      ['X-2', 'Other', 700, 'exempt'],
    ]);
  });

  it('the delimiter is the one that splits lines evenly, whatever commas the prices hold', () => {
    expect(detectDelimiter('Прайс\nАртикул;Цена;Валюта\nA;1,50;RUB\nB;2,50;RUB\n')).toBe(';');
    expect(detectDelimiter('PartNumber\tPrice\nA\t1,5\nB\t2,5\n')).toBe('\t');
    expect(detectDelimiter('PartNumber,Price\nA,1.5\nB,2.5\n')).toBe(',');
  });

  it('an XLSX workbook: shared and inline strings, numbers as Excel stores them, rows numbered as Excel shows them', () => {
    const file = readPriceListFile(xlsx([
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
      '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c><c r="D3" t="inlineStr"><is><t>Валюта</t></is></c></row>',
      '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="inlineStr"><is><t>Офис &amp; Ко</t></is></c><c r="C4"><v>1499.9</v></c><c r="D4" t="inlineStr"><is><t>RUB</t></is></c></row>',
      '<row r="5"><c r="A5" t="inlineStr"><is><t>OFF-2</t></is></c><c r="C5"><v>0.125</v></c><c r="D5" t="inlineStr"><is><t>RUB</t></is></c></row>',
    ], ['Прайс-лист', 'Артикул', 'Наименование', 'Цена', 'OFF-1']));
    if (!file.ok) throw new Error(file.problem);
    expect(file.format).toBe('xlsx');
    const result = ok(parsePriceList(file.table, rubCatalog(product('OFF-1', 100), product('OFF-2', 100))));
    expect(result.headerRowNumber).toBe(3);
    expect(result.accepted.map((r) => [r.rowNumber, r.partNumber, r.name, r.listPriceMinor])).toEqual([[4, 'OFF-1', 'Офис & Ко', 149990]]);
    expect(result.rejected).toEqual([{ rowNumber: 5, partNumber: 'OFF-2', reasons: ['в цене «0.125» больше двух знаков после запятой'] }]);
  });

  it('the shared reader keeps empty rows, so numbers match the sheet', () => {
    const [sheet] = readSheets(new Map([['xl/worksheets/sheet1.xml', '<sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>x</t></is></c></row><row r="3"/></sheetData>']]));
    expect(sheet!.rows).toEqual([[], ['', 'x'], []]);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old_excel'],
    ['a picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'binary'],
    ['a truncated zip', Buffer.from('PK\u0003\u0004garbage', 'latin1'), 'not_xlsx'],
    ['a zip that is no workbook', zip({ 'readme.txt': 'hello' }), 'not_xlsx'],
    ['a file over the limit', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'too_large'],
  ])('%s is refused', (_name, bytes, problem) => {
    expect(readPriceListFile(bytes)).toEqual({ ok: false, problem });
  });
});

function zip(files: Record<string, string>): Buffer {
  const archive = new AdmZip();
  for (const [name, content] of Object.entries(files)) archive.addFile(name, Buffer.from(content, 'utf8'));
  return archive.toBuffer();
}

function xlsx(rows: string[], shared: string[]): Buffer {
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  return zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/sharedStrings.xml': sst, 'xl/worksheets/sheet1.xml': sheet });
}
