import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderActPdf } from '../../src/documents/act.pdf';
import { renderConsolidatedInvoicePdf } from '../../src/documents/consolidated-invoice.pdf';
import {
  DocumentModelError,
  type ActModel,
  type ConsolidatedInvoiceModel,
  type ConsolidatedOrderLine,
  type DocumentLine,
  type InvoiceModel,
  type PartyRequisites,
} from '../../src/documents/documents.model';
import { renderInvoicePdf } from '../../src/documents/invoice.pdf';
import { surnameWithInitials } from '../../src/documents/layout';
import { percentOf } from '../../src/domain/money';
import { pdfText } from '../support/pdf-text';
import { testBuyer, testSupplier } from '../support/requisites';

// Requisites with valid checksums (INN, account keys against the BIK) that belong to nobody;
// the buyer is the demo seed's prepay dealer.
const supplier = testSupplier;
const buyer = testBuyer;

function line(
  lineNo: number,
  name: string,
  partNumber: string,
  quantity: number,
  unit: 'шт.' | 'лиц.',
  unitPriceKopecks: number,
  vatBasisPoints: number,
): DocumentLine {
  const netKopecks = unitPriceKopecks * quantity;
  const vatKopecks = percentOf(netKopecks, vatBasisPoints);
  return { lineNo, name, partNumber, quantity, unit, unitPriceKopecks, netKopecks, vatBasisPoints, vatKopecks, grossKopecks: netKopecks + vatKopecks };
}

function totalsOf(items: readonly { netKopecks: number; vatKopecks: number; grossKopecks: number }[]) {
  return {
    netKopecks: items.reduce((s, l) => s + l.netKopecks, 0),
    vatKopecks: items.reduce((s, l) => s + l.vatKopecks, 0),
    grossKopecks: items.reduce((s, l) => s + l.grossKopecks, 0),
  };
}

// One line from the Russian software register (Без НДС), two at 22%.
const lines = [
  line(1, 'Kaspersky Endpoint Security для бизнеса – Стандартный Russian Edition, 50–99 узлов, лицензия на 1 год', 'KL4863RAQFS', 60, 'лиц.', 234_550, 0),
  line(2, 'Платформа виртуализации, лицензия на 2 процессора, с технической поддержкой на 1 год', 'VRT-PLT-2CPU-1Y', 3, 'лиц.', 18_799_000, 2200),
  line(3, 'Резервное копирование серверов, серверная лицензия', 'BKP-SRV-STD', 5, 'шт.', 4_125_033, 2200),
];

const invoice: InvoiceModel = {
  number: 'СД-000123',
  date: '2026-11-27',
  supplier,
  buyer,
  basis: 'Договор № 15/26-Д от 12 января 2026 г.',
  orderNumber: '2026-000457',
  paymentDueDate: '2026-12-02',
  lines,
  totals: totalsOf(lines),
  chiefAccountant: 'Петрова Анна Алексеевна',
};

const act: ActModel = {
  number: 'СД-000098',
  date: '2026-11-30',
  supplier,
  buyer,
  basis: 'Сублицензионный договор № 15/26-Д от 12 января 2026 г.',
  scope: { kind: 'order', orderNumber: '2026-000457', orderDate: '2026-11-27' },
  lines,
  totals: totalsOf(lines),
  supplierSignatory: { position: 'Генеральный директор', name: 'Сидоров Пётр Петрович' },
  buyerSignatory: { position: 'Директор', name: 'Иванов Иван Иванович' },
};

function order(lineNo: number, orderNumber: string, orderDate: string, netKopecks: number, vatBasisPoints: number): ConsolidatedOrderLine {
  const vatKopecks = percentOf(netKopecks, vatBasisPoints);
  return { lineNo, orderNumber, orderDate, netKopecks, vatBasisPoints, vatKopecks, grossKopecks: netKopecks + vatKopecks };
}
const orders = [
  order(1, '2026-000401', '2026-11-03', 14_073_000, 0),
  order(2, '2026-000418', '2026-11-11', 56_397_000, 2200),
  order(3, '2026-000433', '2026-11-19', 20_625_165, 2200),
  order(4, '2026-000457', '2026-11-27', 1_250_000, 0),
];
const consolidated: ConsolidatedInvoiceModel = {
  number: 'СД-000131',
  date: '2026-12-01',
  supplier,
  buyer,
  basis: 'Договор № 15/26-Д от 12 января 2026 г.',
  month: '2026-11',
  orders,
  totals: totalsOf(orders),
  paymentDueDate: '2026-12-10',
  chiefAccountant: 'Петрова Анна Алексеевна',
};


/** Set SID_DOCUMENTS_PREVIEW_DIR to keep the rendered files, e.g. to look at them with pdftoppm. */
function keep(name: string, pdf: Buffer): void {
  const dir = process.env.SID_DOCUMENTS_PREVIEW_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}

describe('invoice for payment', () => {
  it('prints the 1C number and date, bank details, lines, VAT per line, totals and the amount in words', async () => {
    const pdf = await renderInvoicePdf(invoice);
    keep('invoice.pdf', pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);

    expect(pages).toBe(1);
    expect(text).toContain('Счёт на оплату № СД-000123 от 27 ноября 2026 г.');
    // The bank box a payer copies: bank, BIK, both accounts, INN, KPP, recipient.
    for (const value of ['Банк получателя', 'АО «ТБанк», г. Москва', 'БИК 044525974', '30101810145250000974', 'ИНН 5012345672', 'КПП 501201001', '40702810210000054321', 'Получатель']) {
      expect(text).toContain(value);
    }
    expect(text).toContain('ООО «Северный Софт», ИНН 7709123453, КПП 770901001');
    expect(text).toContain('Договор № 15/26-Д от 12 января 2026 г.; Заказ № 2026-000457');
    expect(text).toContain('Артикул: VRT-PLT-2CPU-1Y');
    // Line 1 is in the software register; line 2 carries 22% VAT.
    expect(text).toMatch(/60 лиц\. 2 345,50 140 730,00 Без НДС 140 730,00/);
    expect(text).toMatch(/3 лиц\. 187 990,00 563 970,00 22% 124 073,40 688 043,40/);

    expect(text).toContain('Итого: 1 080 400,41');
    expect(text).toContain('В том числе НДС 22%: 169 448,76');
    expect(text).toContain('Всего к оплате: 1 080 400,41');
    expect(text).toContain('Всего наименований 3, на сумму 1 080 400,41 руб.');
    expect(text).toContain('Один миллион восемьдесят тысяч четыреста рублей 41 копейка');
    expect(text).toContain('Оплатить не позднее 2 декабря 2026 г.');
    expect(text).toMatch(/Руководитель Сидоров П\. П\. Бухгалтер Петрова А\. А\./);
  });

  it('says "Без НДС" instead of a VAT total when every line is in the software register', async () => {
    const exempt = [lines[0]!];
    const { text } = await pdfText(await renderInvoicePdf({ ...invoice, lines: exempt, totals: totalsOf(exempt), orderNumber: undefined, basis: undefined }));
    expect(text).toContain('Итого: 140 730,00 Без НДС — Всего к оплате: 140 730,00');
    expect(text).not.toContain('В том числе НДС');
    expect(text).not.toContain('Основание');
    expect(text).toContain('Сто сорок тысяч семьсот тридцать рублей 00 копеек');
  });

  it('prints an individual entrepreneur without a KPP and a bank without a correspondent account', async () => {
    const entrepreneur: PartyRequisites = {
      ...buyer,
      name: 'ИП Кузнецова Мария Сергеевна',
      inn: '501234567290',
      kpp: undefined,
      correspondentAccount: undefined,
    };
    const { text } = await pdfText(await renderInvoicePdf({ ...invoice, supplier: { ...supplier, kpp: undefined, correspondentAccount: undefined }, buyer: entrepreneur }));
    expect(text).toContain('Покупатель (Заказчик): ИП Кузнецова Мария Сергеевна, ИНН 501234567290, 105005, г. Москва');
    expect(text).toContain('ООО «СИД Дистрибуция», ИНН 5012345672, 141401');
    expect(text).not.toContain('30101810145250000974');
  });

  it('renders the same bytes for the same model, dated with the document date', async () => {
    const first = await renderInvoicePdf(invoice);
    const second = await renderInvoicePdf(structuredClone(invoice));
    expect(second.equals(first)).toBe(true);
    const { info } = await pdfText(first);
    // Midnight of 27 November in Moscow is 21:00 UTC the day before.
    expect(info.CreationDate).toMatch(/^D:20261126210000/);
    expect(info.Title).toBe('Счёт на оплату № СД-000123 от 27 ноября 2026 г.');
  });

  it('repeats the table header over pages and keeps totals, words and signatures together', async () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      line(i + 1, `Лицензия на программу для ЭВМ, позиция ${i + 1}, с технической поддержкой на 1 год`, `PN-${1000 + i}`, 1 + (i % 7), 'лиц.', 1_990_000 + i * 100, i % 3 === 0 ? 0 : 2200),
    );
    const pdf = await renderInvoicePdf({ ...invoice, lines: many, totals: totalsOf(many) });
    keep('invoice-long.pdf', pdf);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`страница ${pages} из ${pages}`);
    expect(text.split('Товары (работы, услуги)').length - 1).toBe(pages);
    expect(text.indexOf('Итого:')).toBeGreaterThan(text.lastIndexOf('PN-1044'));
    expect(text).toContain('Всего наименований 45');
  });

  it('refuses a model whose figures do not add up or that 1C has not numbered', async () => {
    await expect(renderInvoicePdf({ ...invoice, totals: { ...invoice.totals, grossKopecks: 1 } })).rejects.toThrow(DocumentModelError);
    await expect(renderInvoicePdf({ ...invoice, totals: { ...invoice.totals, grossKopecks: 1 } })).rejects.toThrow(/lines add up to 108040041/);
    const wrongVat = { ...lines[1]!, vatKopecks: lines[1]!.vatKopecks + 1, grossKopecks: lines[1]!.grossKopecks + 1 };
    await expect(renderInvoicePdf({ ...invoice, lines: [lines[0]!, wrongVat, lines[2]!], totals: totalsOf([lines[0]!, wrongVat, lines[2]!]) })).rejects.toThrow(/is not 22% of/);
    await expect(renderInvoicePdf({ ...invoice, number: ' ' })).rejects.toThrow(/1C number is empty/);
    await expect(renderInvoicePdf({ ...invoice, date: '27.11.2026' })).rejects.toThrow(/not a YYYY-MM-DD date/);
  });
});

describe('signature names', () => {
  it('deciphers full names as surname and initials, and leaves anything else as given', () => {
    const nbsp = (text: string) => text.replace(/ /g, '\u00a0');
    expect(surnameWithInitials('Иванов Иван Иванович')).toBe(nbsp('Иванов И. И.'));
    expect(surnameWithInitials('  Кузнецова Мария-Анна  Сергеевна ')).toBe(nbsp('Кузнецова М.-А. С.'));
    expect(surnameWithInitials('Смит Джон')).toBe(nbsp('Смит Д.'));
    expect(surnameWithInitials('Иванов И. И.')).toBe('Иванов И. И.');
    expect(surnameWithInitials('Не предусмотрен')).toBe('Не предусмотрен');
    expect(surnameWithInitials('Иванов')).toBe('Иванов');
  });
});

describe('act of transfer of rights', () => {
  it('carries the requisites of 402-ФЗ art. 9: title, date, parties, content, amounts, positions, names, signatures', async () => {
    const pdf = await renderActPdf(act);
    keep('act.pdf', pdf);
    const { text, pages } = await pdfText(pdf);

    expect(pages).toBe(1);
    expect(text).toContain('Акт № СД-000098 от 30 ноября 2026 г.');
    expect(text).toContain('приёма-передачи неисключительных прав на использование программ для ЭВМ');
    expect(text).toContain('Лицензиар: ООО «СИД Дистрибуция», ИНН 5012345672');
    expect(text).toContain('Лицензиат: ООО «Северный Софт», ИНН 7709123453');
    expect(text).toContain('р/с 40702810938000012345, в банке ПАО Сбербанк, БИК 044525225');
    expect(text).toContain('Основание: Сублицензионный договор № 15/26-Д от 12 января 2026 г.');
    expect(text).toContain('Заказ: № 2026-000457 от 27 ноября 2026 г.');
    // An act records the transfer; it asks for no payment.
    expect(text).not.toContain('Всего к оплате');
    expect(text).toContain('Лицензиар передал, а Лицензиат принял неисключительные права');
    expect(text).toContain('Kaspersky Endpoint Security для бизнеса');
    expect(text).toContain('В том числе НДС 22%: 169 448,76');
    expect(text).toContain('Всего передано прав на сумму 1 080 400,41 руб.');
    expect(text).toContain('Один миллион восемьдесят тысяч четыреста рублей 41 копейка');
    expect(text).toContain('От Лицензиара');
    expect(text).toContain('От Лицензиата');
    expect(text).toContain('Генеральный директор');
    expect(text).toContain('Сидоров П. П.');
    expect(text).toContain('Иванов И. И.');
    expect(text.split('расшифровка подписи').length - 1).toBe(2);
    expect(text.split('М. П.').length - 1).toBe(2);
  });

  it('covers a month for the monthly scheme', async () => {
    const exempt = [lines[0]!];
    const pdf = await renderActPdf({ ...act, scope: { kind: 'month', month: '2026-11' }, lines: exempt, totals: totalsOf(exempt) });
    keep('act-month.pdf', pdf);
    const { text } = await pdfText(pdf);
    expect(text).toContain('Период: ноябрь 2026 г.');
    expect(text).toContain('Без НДС —');
    expect(text).not.toContain('В том числе НДС');
  });
});

describe('consolidated monthly invoice', () => {
  it('lists one line per order with its number and date, and the total for the month', async () => {
    const pdf = await renderConsolidatedInvoicePdf(consolidated);
    keep('consolidated-invoice.pdf', pdf);
    const { text, pages } = await pdfText(pdf);

    expect(pages).toBe(1);
    expect(text).toContain('Сводный счёт на оплату № СД-000131 от 1 декабря 2026 г.');
    expect(text).toContain('за права, переданные по заказам в ноябре 2026 г.');
    expect(text).toContain('БИК 044525974');
    expect(text).toMatch(/1 Заказ № 2026-000401 03\.11\.2026 140 730,00 Без НДС 140 730,00/);
    expect(text).toMatch(/2 Заказ № 2026-000418 11\.11\.2026 563 970,00 22%: 124 073,40 688 043,40/);
    expect(text).toContain('Заказ № 2026-000433');
    expect(text).toContain('Заказ № 2026-000457 27.11.2026');
    expect(text).toContain('Итого за ноябрь 2026 г.: 1 092 900,41');
    expect(text).toContain('В том числе НДС 22%: 169 448,76');
    expect(text).toContain('Всего к оплате: 1 092 900,41');
    expect(text).toContain('Всего заказов 4, на сумму 1 092 900,41 руб.');
    expect(text).toContain('Один миллион девяносто две тысячи девятьсот рублей 41 копейка');
    expect(text).toContain('Оплатить не позднее 10 декабря 2026 г.');
  });
});
