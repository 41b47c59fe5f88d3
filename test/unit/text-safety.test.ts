import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { manifestCsv } from '../../src/activities/delivery/key-archive';
import { inviteUserSchema, createApiKeySchema } from '../../src/api/accounts/account.schemas';
import { registrationSchema } from '../../src/api/dealers/dealers.schemas';
import { orderTemplateSchema } from '../../src/api/order-templates/order-templates.schemas';
import { placeOrderSchema } from '../../src/api/orders/order.schemas';
import { createQuoteSchema } from '../../src/api/quotes/quotes.schemas';
import { hasBidiControl, neutraliseSpreadsheetText } from '../../src/domain/text-safety';
import { writeXlsx } from '../../src/infra/xlsx-writer';

// Issue 19, point 16: formula cells in what SID writes, and bidi spoofing in names.

const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('spreadsheet cells SID writes', () => {
  it('one function puts an apostrophe before anything a spreadsheet would run, and leaves other text alone', () => {
    for (const text of FORMULAS) expect(neutraliseSpreadsheetText(text)).toBe(`'${text}`);
    for (const text of ['Kaspersky Endpoint Security', 'VO-1', 'a=b', '', '1-2', "'=already"]) expect(neutraliseSpreadsheetText(text)).toBe(text);
  });

  it('manifest.csv in the key archive: a product name or vendor order id cannot become a formula', () => {
    const csv = manifestCsv([
      { lineNo: 1, partNumber: 'KL4863RAAFS', productName: '=HYPERLINK("http://evil.example","Нажмите")', quantity: 1, vendorOrderId: '@SUM(1+1)*cmd', keys: ['K'] },
      { lineNo: 2, partNumber: 'AD65', productName: '-1+1', quantity: 1, vendorOrderId: '+7', keys: ['K'] },
    ]);
    const cells = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .flatMap((row) => row.match(/("([^"]|"")*"|[^;]*)/g)!.filter((c) => c !== ''))
      .map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    for (const cell of cells) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","Нажмите")`);
    expect(cells).toContain(`'@SUM(1+1)*cmd`);
    expect(cells).toContain(`'-1+1`);
  });

  it('XLSX text cells are neutralised alike; numbers and money stay numbers', () => {
    const xlsx = writeXlsx({ name: 'Акт сверки', rows: [{ cells: ['=1+1', '@A1', 'ООО «Ромашка»', 5, { kopecks: -12_345 as never }] }] });
    const sheet = new AdmZip(xlsx).readAsText('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(`<t xml:space="preserve">'=1+1</t>`);
    expect(sheet).toContain(`<t xml:space="preserve">'@A1</t>`);
    expect(sheet).toContain(`<t xml:space="preserve">ООО «Ромашка»</t>`);
    expect(sheet).toContain('<v>5</v>');
  });
});

describe('names with bidirectional control characters', () => {
  const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'];
  const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string; path: PropertyKey[] }> } }) => result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? '';

  it('are told apart from ordinary text', () => {
    for (const c of controls) expect(hasBidiControl(`ООО «Ромашка${c}»`)).toBe(true);
    expect(hasBidiControl('ООО «Ромашка» — Ltd. שלום')).toBe(false);
  });

  it('are refused by every name field of the API, each with the field and the reason', () => {
    const spoof = 'ООО \u202Eакшамор\u202C';
    const registration = registrationSchema.safeParse({ legalForm: 'ООО', fullName: spoof, shortName: spoof, user: { login: 'a@b.ru', fullName: spoof, password: 'x' } });
    const text = messageOf(registration as never);
    for (const field of ['fullName', 'shortName', 'user.fullName']) expect(text).toContain(`${field}: в тексте есть невидимые символы`);

    expect(messageOf(inviteUserSchema.safeParse({ login: 'user1', fullName: spoof, email: 'u@b.ru', role: 'dealer_user' }) as never)).toContain('fullName: в тексте есть невидимые');
    expect(messageOf(createApiKeySchema.safeParse({ name: `key\u2066` }) as never)).toContain('name: в тексте есть невидимые');
    const lines = [{ partNumber: 'DR6203A1Y-01', quantity: 1 }];
    expect(messageOf(orderTemplateSchema.safeParse({ name: `Шаблон\u200F`, lines }) as never)).toContain('name: в тексте есть невидимые');
    expect(messageOf(placeOrderSchema.safeParse({ lines, endUser: { name: spoof } }) as never)).toContain('endUser.name: в тексте есть невидимые');
    expect(messageOf(createQuoteSchema.safeParse({ customerName: spoof, lines }) as never)).toContain('customerName: в тексте есть невидимые');

    // Ordinary names pass these checks.
    expect(messageOf(createApiKeySchema.safeParse({ name: 'ERP' }) as never)).toBe('');
  });
});

describe('product names from a price list', () => {
  it('with a bidi control character are refused, row by row, with the reason', async () => {
    const { parsePriceList } = await import('../../src/domain/price-list');
    const catalog = { products: [], usualCurrency: null, usualVatMode: null };
    const header = ['Артикул', 'Наименование', 'Категория', 'Цена', 'Валюта', 'НДС', 'Сегмент', 'Срок, мес.'];
    const parsed = parsePriceList([header, ['KL-1', 'Антивирус\u202Eexe.txt', 'Антивирусы', '100', 'RUB', '22%', 'EDU', '12'], ['KL-2', 'Антивирус', 'Антивирусы', '100', 'RUB', '22%', 'EDU', '12']], catalog) as any;
    expect(parsed.accepted.map((r: { partNumber: string }) => r.partNumber)).toEqual(['KL-2']);
    expect(JSON.stringify(parsed.rejected)).toContain('невидимые символы управления направлением');
  });
});
