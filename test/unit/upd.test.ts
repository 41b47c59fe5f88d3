import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentModelError, type ActModel, type DocumentLine, type PartyRequisites } from '../../src/documents/documents.model';
import { buildUpdModel, updFileId, updStatus, type UpdModel } from '../../src/documents/upd.model';
import { renderUpdPdf } from '../../src/documents/upd.pdf';
import { renderUpdXml } from '../../src/documents/upd.xml';
import { formatMinor, formatMinorDecimal, percentOf } from '../../src/domain/money';
import { pdfText } from '../support/pdf-text';
import { testBuyer, testSupplier } from '../support/requisites';

const SCHEMA = join(import.meta.dirname, '..', '..', 'data', 'fns-upd-5.03', 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd');
const SAMPLE = join(import.meta.dirname, '..', '..', 'data', 'fns-upd-5.03', 'example-upd.xml');
const dir = mkdtempSync(join(tmpdir(), 'sid-upd-'));

/** xmllint's verdict on a file against ФНС's schema (it reads the encoding the file declares). */
function validate(path: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, path], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

function validateXml(xml: { fileName: string; content: Buffer }) {
  const path = join(dir, xml.fileName);
  writeFileSync(path, xml.content);
  return validate(path);
}

const decode1251 = (bytes: Buffer) => new TextDecoder('windows-1251').decode(bytes);
const attribute = (text: string, element: string, name: string) => [...text.matchAll(new RegExp(`<${element} [^>]*?${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

// Requisites with valid checksums that belong to nobody (as in documents.test.ts).
const supplier = testSupplier;
const buyer = testBuyer;

function line(lineNo: number, name: string, partNumber: string, quantity: number, unitPriceKopecks: number, vatBasisPoints: number): DocumentLine {
  const netKopecks = unitPriceKopecks * quantity;
  const vatKopecks = percentOf(netKopecks, vatBasisPoints);
  return { lineNo, name, partNumber, quantity, unit: 'лиц.', unitPriceKopecks, netKopecks, vatBasisPoints, vatKopecks, grossKopecks: netKopecks + vatKopecks };
}

function act(lines: DocumentLine[], overrides: Partial<ActModel> = {}): ActModel {
  return {
    number: 'АКТ-000457',
    date: '2026-11-27',
    supplier,
    buyer,
    basis: 'Договор № 15/26-Д от 12 января 2026 г.',
    scope: { kind: 'order', orderNumber: '2026-000457', orderDate: '2026-11-20' },
    lines,
    totals: {
      netKopecks: lines.reduce((s, l) => s + l.netKopecks, 0),
      vatKopecks: lines.reduce((s, l) => s + l.vatKopecks, 0),
      grossKopecks: lines.reduce((s, l) => s + l.grossKopecks, 0),
    },
    supplierSignatory: { position: 'Генеральный директор', name: 'Сидоров Пётр Петрович' },
    buyerSignatory: { position: 'Генеральный директор', name: 'Иванов Иван Иванович' },
    ...overrides,
  };
}

const GUID = '3f2b8c4e-9d1a-4e6b-8f0c-2a7d5e9b1c34';
// The contract's date is printed as the basis of the transfer, never compared with today: fixed on purpose.
const upd = (model: ActModel, contract: { number: string; date: string } | null = { number: '15/26-Д', date: '2026-01-12' }): UpdModel =>
  buildUpdModel({ act: model, guid: GUID, chiefAccountant: 'Кузнецова Ольга Петровна', contract });

// Odd kopecks on purpose: 22% of 3 × 1 234,57 rounds, and the XML must carry the act's rounding.
const exemptLines = [
  line(1, 'Kaspersky Endpoint Security для бизнеса – Стандартный Russian Edition, 50–99 узлов, лицензия на 1 год', 'KL4863RAQFS', 60, 234_550, 0),
  line(2, 'Dr.Web Security Space, 2 ПК, 1 год', 'LHW-BK-12M-2-A3', 3, 199_099, 0),
];
const vatLines = [
  line(1, 'Платформа виртуализации, лицензия на 2 процессора, с технической поддержкой на 1 год', 'VRT-PLT-2CPU-1Y', 3, 123_457, 2200),
  line(2, 'Резервное копирование серверов, серверная лицензия', 'BKP-SRV-STD', 5, 4_125_033, 2200),
];
const mixedLines = [exemptLines[0]!, { ...vatLines[0]!, lineNo: 2 }, { ...vatLines[1]!, lineNo: 3 }];

describe('the УПД in ФНС format 5.03', () => {
  it('the schema in data/ accepts the real 5.03 sample it came with, and refuses a broken one (the check bites)', () => {
    expect(validate(SAMPLE)).toMatchObject({ ok: true });
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, readFileSync(SAMPLE, 'utf8').replace('НалСт="22%"', 'НалСт="21%"'));
    const verdict = validate(broken);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toContain('НалСт');
  });

  it.each([
    ['exempt licences only', exemptLines, 2, 'ДОП'],
    ['licences with VAT', vatLines, 1, 'СЧФДОП'],
    ['a mixed order', mixedLines, 1, 'СЧФДОП'],
  ] as const)('%s: status %i (%s), valid against the ФНС schema', (_, lines, status, functionCode) => {
    const model = upd(act([...lines]));
    expect(model.status).toBe(status);
    const xml = renderUpdXml(model);
    const verdict = validateXml(xml);
    expect(verdict.output).toContain('validates');
    expect(verdict.ok).toBe(true);
    const text = decode1251(xml.content);
    expect(attribute(text, 'Документ', 'Функция')).toEqual([functionCode]);
    // The format wants НаимДокОпр for both statuses (a Schematron rule the XSD alone does not check).
    expect(attribute(text, 'Документ', 'НаимДокОпр')[0]).toMatch(status === 1 ? /^Счет-фактура и документ об отгрузке/ : /^Документ об отгрузке/);
  });

  it('carries the act model’s amounts to the kopeck: per line and in «Всего к оплате»', () => {
    const model = upd(act(mixedLines));
    const text = decode1251(renderUpdXml(model).content);
    expect(attribute(text, 'СведТов', 'СтТовБезНДС')).toEqual(mixedLines.map((l) => formatMinorDecimal(l.netKopecks)));
    expect(attribute(text, 'СведТов', 'СтТовУчНал')).toEqual(mixedLines.map((l) => formatMinorDecimal(l.grossKopecks)));
    expect(attribute(text, 'СведТов', 'ЦенаТов')).toEqual(mixedLines.map((l) => formatMinorDecimal(l.unitPriceKopecks)));
    expect(attribute(text, 'СведТов', 'НалСт')).toEqual(['без НДС', '22%', '22%']);
    // Line VAT: «без НДС» for the exempt line, the act's rounded amounts for the others.
    const lineVat = [...text.matchAll(/<СумНал>\s*<(СумНал|БезНДС)>([^<]*)</g)].map((m) => m[2]);
    expect(lineVat).toEqual(['без НДС', formatMinorDecimal(mixedLines[1]!.vatKopecks), formatMinorDecimal(mixedLines[2]!.vatKopecks)]);
    const totals = model.totals;
    expect(attribute(text, 'ВсегоОпл', 'СтТовБезНДСВсего')).toEqual([formatMinorDecimal(totals.netKopecks)]);
    expect(attribute(text, 'ВсегоОпл', 'СтТовУчНалВсего')).toEqual([formatMinorDecimal(totals.grossKopecks)]);
    expect(/<СумНалВсего>\s*<СумНал>([^<]*)</.exec(text)![1]).toBe(formatMinorDecimal(totals.vatKopecks));
    expect(totals.vatKopecks).toBe(mixedLines[1]!.vatKopecks + mixedLines[2]!.vatKopecks);
  });

  it('an exempt-only УПД says «без НДС» for the total too, and has no счёт-фактура parts', () => {
    const text = decode1251(renderUpdXml(upd(act(exemptLines))).content);
    expect(/<СумНалВсего>\s*<БезНДС>без НДС<\/БезНДС>/.test(text)).toBe(true);
    expect(text).not.toContain('ДокПодтвОтгрНом');
    expect(text).not.toMatch(/<СумНал>\s*<СумНал>/);
  });

  it('is named as the format requires, and the name is its ИдФайл', () => {
    const model = upd(act(vatLines));
    const xml = renderUpdXml(model);
    expect(xml.fileName).toBe(`ON_NSCHFDOPPR_${buyer.inn}${buyer.kpp}_${supplier.inn}${supplier.kpp}_20261127_${GUID}.xml`);
    expect(xml.fileName).toMatch(/^ON_NSCHFDOPPR_[0-9A-Za-z-]+_[0-9A-Za-z-]+_\d{8}_[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\.xml$/);
    expect(attribute(decode1251(xml.content), 'Файл', 'ИдФайл')).toEqual([xml.fileName.replace(/\.xml$/, '')]);
    // An operator's participant id replaces ИНН+КПП when the distributor has one.
    const named = buildUpdModel({ act: act(vatLines), guid: GUID, chiefAccountant: 'Кузнецова Ольга Петровна', senderEdoId: '2BM-5012345672-501201001' });
    expect(named.fileId).toBe(`ON_NSCHFDOPPR_${buyer.inn}${buyer.kpp}_2BM-5012345672-501201001_20261127_${GUID}`);
    expect(() => updFileId('a_b', 'x', '2026-11-27', GUID)).toThrow(DocumentModelError);
    expect(() => updFileId('a', 'b', '2026-11-27', 'not-a-guid')).toThrow(DocumentModelError);
  });

  it('is windows-1251 text that declares it, with characters the code page lacks as references', () => {
    const model = upd(act([{ ...vatLines[0]!, name: 'Лицензия «Про» — 1 год, ₽-тариф 😀' }]));
    const xml = renderUpdXml(model);
    expect(xml.content.subarray(0, 45).toString('latin1')).toBe('<?xml version="1.0" encoding="windows-1251"?>');
    // «Файл» in windows-1251 is D4 E0 E9 EB; the same text is not valid UTF-8.
    expect(xml.content.includes(Buffer.from([0xd4, 0xe0, 0xe9, 0xeb]))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(xml.content)).toThrow();
    const text = decode1251(xml.content);
    expect(text.slice(text.indexOf('?>') + 2)).not.toContain('?'); // iconv-lite's stand-in for a missing character
    expect(attribute(text, 'СведТов', 'НаимТов')).toEqual(['Лицензия «Про» — 1 год, &#8381;-тариф &#128512;']);
    expect(validateXml(xml).ok).toBe(true);
  });

  it('an individual entrepreneur buyer (12-digit ИНН, no КПП) is written as СвИП with the name split', () => {
    const entrepreneur: PartyRequisites = { ...buyer, name: 'ИП Петрова Анна Сергеевна', inn: '500100732259', kpp: undefined, director: 'Петрова Анна Сергеевна' };
    const xml = renderUpdXml(upd(act(exemptLines, { buyer: entrepreneur }), null));
    const text = decode1251(xml.content);
    expect(text).toContain('<СвИП ИННФЛ="500100732259">');
    expect(text).toContain('<ФИО Фамилия="Петрова" Имя="Анна" Отчество="Сергеевна"/>');
    expect(xml.fileName.startsWith('ON_NSCHFDOPPR_500100732259_')).toBe(true);
    // Without a contract, the order is the basis of the transfer.
    expect(attribute(text, 'ОснПер', 'РеквНаимДок')).toEqual(['Заказ']);
    expect(validateXml(xml).ok).toBe(true);
  });

  it('refuses what the format cannot carry instead of writing it wrong', () => {
    expect(() => upd(act([line(1, 'Лицензия', 'X-1', 1, 10_000, 1050)]))).toThrow(/10\.5%/);
    expect(() => upd(act(vatLines, { supplierSignatory: { position: 'Директор', name: 'Сидоров' } }))).toThrow(DocumentModelError);
    // A total that does not add up is the act's own check.
    expect(() => upd(act(vatLines, { totals: { netKopecks: 1, vatKopecks: 0, grossKopecks: 1 } }))).toThrow(DocumentModelError);
  });

  it('status follows the lines: any VAT makes it 1', () => {
    expect(updStatus([{ vatBasisPoints: 0 }, { vatBasisPoints: 0 }])).toBe(2);
    expect(updStatus([{ vatBasisPoints: 0 }, { vatBasisPoints: 2200 }])).toBe(1);
  });

  it('gives the same bytes for the same act (a retried activity stores the same file)', () => {
    expect(renderUpdXml(upd(act(mixedLines))).content.equals(renderUpdXml(upd(act(mixedLines))).content)).toBe(true);
  });
});

describe('the УПД’s printed form', () => {
  it('status 2: the transfer document, «без НДС», the act’s totals and the XML file’s name', async () => {
    const model = upd(act(exemptLines));
    const { text, pages } = await pdfText(await renderUpdPdf(model));
    expect(pages).toBe(1);
    expect(text).toContain('Универсальный передаточный документ');
    expect(text).toContain('Статус: 2');
    expect(text).toContain('Документ об отгрузке (передаче имущественных прав) № АКТ-000457 от 27 ноября 2026 г.');
    expect(text).toContain(`Всего к оплате ${formatMinor(model.totals.netKopecks).replace(/\u00a0/g, ' ')}`);
    expect(text).toContain(formatMinor(model.totals.grossKopecks).replace(/\u00a0/g, ' '));
    expect(text).toContain('без НДС');
    expect(text).toContain('Договор № 15/26-Д от 12.01.2026; Заказ № 2026-000457 от 20.11.2026');
    expect(text).toContain(`${model.fileId}.xml`);
  });

  it('status 1: the счёт-фактура heading, the rate and the VAT of each line', async () => {
    const model = upd(act(mixedLines));
    const { text } = await pdfText(await renderUpdPdf(model));
    expect(text).toContain('Статус: 1');
    expect(text).toContain('Счёт-фактура № АКТ-000457 от 27 ноября 2026 г.');
    expect(text).toContain('22%');
    for (const l of mixedLines.slice(1)) expect(text).toContain(formatMinor(l.vatKopecks).replace(/\u00a0/g, ' '));
    expect(text).toContain(formatMinor(model.totals.vatKopecks).replace(/\u00a0/g, ' '));
    expect(text).toContain('ИНН/КПП покупателя: 7709123453/770901001');
    expect(text).toContain('Сидоров П. П.');
    expect(text).toContain('Кузнецова О. П.');
  });
});
