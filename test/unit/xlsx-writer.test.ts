import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/infra/xlsx';
import { columnName, kopecksAsDecimal, writeXlsx } from '../../src/infra/xlsx-writer';

describe('xlsx writer', () => {
  it('writes what the repo reader reads back: text, numbers and amounts, gaps kept', () => {
    const bytes = writeXlsx({
      name: 'Акт сверки',
      columnWidths: [12, 40],
      rows: [
        { cells: ['Дата', 'Документ <&> "кавычки"', 'Дебет'], bold: true },
        { cells: ['01.10.2026', null, { kopecks: 123_456_78 }] },
        { cells: [] },
        { cells: [42, { kopecks: -5 }, { kopecks: 0 }, 'строка\nвторая'] },
      ],
    });
    const [sheet, ...others] = readXlsx(bytes, { maxBytes: 1_000_000 });
    expect(others).toEqual([]);
    expect(sheet!.rows).toEqual([
      ['Дата', 'Документ <&> "кавычки"', 'Дебет'],
      ['01.10.2026', '', '123456.78'],
      [],
      ['42', '-0.05', '0.00', 'строка\nвторая'],
    ]);
  });

  it('is a workbook Excel opens: every part present, amounts styled as money, the header bold', () => {
    const zip = new AdmZip(writeXlsx({ name: 'Лист', rows: [{ cells: ['Заголовок'], bold: true }, { cells: [{ kopecks: 1_00 }] }] }));
    const names = zip.getEntries().map((e) => e.entryName).sort();
    expect(names).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = zip.readAsText('xl/worksheets/sheet1.xml');
    const styles = zip.readAsText('xl/styles.xml');
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="#,##0.00"/>');
    // Style 1 is the bold font, style 2 the money format: the cells point at them.
    expect(sheet).toMatch(/<c r="A1" t="inlineStr" s="1">/);
    expect(sheet).toContain('<c r="A2" s="2"><v>1.00</v></c>');
    expect(zip.readAsText('xl/workbook.xml')).toContain('<sheet name="Лист" sheetId="1" r:id="rId1"/>');
  });

  it('gives the same bytes for the same rows', () => {
    const write = () => writeXlsx({ name: 'A', rows: [{ cells: ['x', { kopecks: 1 }] }] });
    expect(write().equals(write())).toBe(true);
  });

  it('names columns and writes kopecks exactly', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(kopecksAsDecimal(0)).toBe('0.00');
    expect(kopecksAsDecimal(-123_456)).toBe('-1234.56');
    expect(kopecksAsDecimal(900_719_925_474_099)).toBe('9007199254740.99');
    expect(() => kopecksAsDecimal(1.5)).toThrow(/whole number/);
  });

  it('refuses a sheet name Excel would refuse', () => {
    expect(() => writeXlsx({ name: 'a/b', rows: [] })).toThrow(/cannot name an Excel sheet/);
    expect(() => writeXlsx({ name: 'x'.repeat(32), rows: [] })).toThrow(/cannot name/);
  });
});
