/**
 * The УПД as the file Russian e-document operators (Диадок, СБИС) exchange and 1C loads: ФНС's
 * format 5.03 of the seller's information (ON_NSCHFDOPPR, КНД 1115131), in windows-1251 as the
 * format requires. Written from the UpdModel only; data/fns-upd-5.03 holds the schema the tests
 * validate every file against.
 */
import iconv from 'iconv-lite';
import { formatMinorDecimal } from '../domain/money';
import type { PartyRequisites } from './documents.model';
import { shortDate, texts } from '../locale/documents.ru';
import { checkUpdModel, splitFullName, taxRateCode, type UpdModel } from './upd.model';

export const UPD_FORMAT_VERSION = '5.03';
const KND = '1115131';
const RUSSIA = '643';
const ROUBLE = '643';
/** ПрТовРаб: what a line is; 4 = имущественные права (the rights to use software). */
const PROPERTY_RIGHTS = '4';

export interface UpdXml {
  /** "ON_NSCHFDOPPR_….xml". */
  fileName: string;
  /** The file, windows-1251. */
  content: Buffer;
}

/** Characters windows-1251 has, read from iconv-lite's own table. */
const WINDOWS_1251 = new Set(iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'win1251'));
WINDOWS_1251.delete('\ufffd');

/**
 * Escapes a value for an attribute or text: the XML specials, line breaks and tabs (kept, not
 * normalised away), and any character windows-1251 lacks as a character reference, so that a "₽"
 * or an emoji in a product name survives the encoding instead of turning into "?".
 */
function escape(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (char === '\n' || char === '\r' || char === '\t') out += `&#${code};`;
    else if (code < 0x20 || (code >= 0xfffe && code <= 0xffff)) out += ' '; // not allowed in XML 1.0
    else if (!WINDOWS_1251.has(char)) out += `&#${code};`;
    else out += char;
  }
  return out;
}

type Attributes = Record<string, string | number | undefined>;
interface Element {
  name: string;
  attributes?: Attributes;
  children?: (Element | undefined)[];
  text?: string;
}

function element(name: string, attributes?: Attributes, children?: (Element | undefined)[]): Element {
  return { name, attributes, children };
}

function serialise(node: Element, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escape(String(value))}"`)
    .join('');
  if (node.text !== undefined) return `${indent}<${node.name}${attributes}>${escape(node.text)}</${node.name}>\n`;
  const children = (node.children ?? []).filter((child): child is Element => child !== undefined);
  if (children.length === 0) return `${indent}<${node.name}${attributes}/>\n`;
  return `${indent}<${node.name}${attributes}>\n${children.map((child) => serialise(child, depth + 1)).join('')}${indent}</${node.name}>\n`;
}

/** ДД.ММ.ГГГГ, the format's ДатаТип. */
const date = (isoDate: string) => shortDate(isoDate);
const amount = formatMinorDecimal;

function fio(fullName: string): Element {
  const { surname, name, patronymic } = splitFullName(fullName);
  return element('ФИО', { Фамилия: surname, Имя: name, Отчество: patronymic });
}

/** УчастникТип: an organisation (ИНН of 10 digits) or an individual entrepreneur (12), its address and bank account. */
function participant(name: string, party: PartyRequisites): Element {
  const identity =
    party.inn.length === 12
      ? element('СвИП', { ИННФЛ: party.inn }, [fio(party.director)])
      : element('СвЮЛУч', { НаимОрг: party.name, ИННЮЛ: party.inn, КПП: party.kpp });
  return element(name, undefined, [
    element('ИдСв', undefined, [identity]),
    element('Адрес', undefined, [element('АдрИнф', { КодСтр: RUSSIA, НаимСтран: texts.upd.countryName, АдрТекст: party.address })]),
    element('БанкРекв', { НомерСчета: party.settlementAccount }, [
      element('СвБанк', { НаимБанк: party.bankName, БИК: party.bik, КорСчет: party.correspondentAccount }),
    ]),
  ]);
}

/** СумНДСТип: the amount, or «без НДС» where no VAT is charged. */
function vatAmount(name: string, vatKopecks: number, exempt: boolean): Element {
  return element(name, undefined, [exempt ? { name: 'БезНДС', text: texts.upd.noVatCode } : { name: 'СумНал', text: amount(vatKopecks) }]);
}

/** The document as XML text (before encoding); exported for tests that read what was written. */
export function updXmlText(model: UpdModel): string {
  checkUpdModel(model);
  const t = texts.upd;
  const statusOne = model.status === 1;
  const basis = model.basisDocuments.map((doc) =>
    element('ОснПер', { РеквНаимДок: doc.kind === 'contract' ? t.contract : t.order, РеквНомерДок: doc.number, РеквДатаДок: date(doc.date) }),
  );
  const signatory = model.supplierSignatory;

  const file = element('Файл', { ИдФайл: model.fileId, ВерсФорм: UPD_FORMAT_VERSION, ВерсПрог: 'SID' }, [
    element(
      'Документ',
      {
        КНД: KND,
        Функция: statusOne ? 'СЧФДОП' : 'ДОП',
        ПоФактХЖ: t.nameTransferOnly,
        НаимДокОпр: statusOne ? t.nameWithInvoice : t.nameTransferOnly,
        // Formed "on the document's date": the same act gives the same file on every run.
        ДатаИнфПр: date(model.date),
        ВремИнфПр: '00.00.00',
        НаимЭконСубСост: t.composer(model.supplier.name, model.supplier.inn),
      },
      [
        element('СвСчФакт', { НомерДок: model.number, ДатаДок: date(model.date) }, [
          participant('СвПрод', model.supplier),
          statusOne ? element('ДокПодтвОтгрНом', { РеквНаимДок: t.shippingDocument, РеквНомерДок: model.number, РеквДатаДок: date(model.date) }) : undefined,
          participant('СвПокуп', model.buyer),
          element('ДенИзм', { КодОКВ: ROUBLE, НаимОКВ: t.currencyName }),
        ]),
        element('ТаблСчФакт', undefined, [
          ...model.lines.map((line) =>
            element(
              'СведТов',
              {
                НомСтр: line.lineNo,
                НаимТов: line.name,
                НаимЕдИзм: line.unit,
                КолТов: line.quantity,
                ЦенаТов: amount(line.unitPriceKopecks),
                СтТовБезНДС: amount(line.netKopecks),
                НалСт: taxRateCode(line.vatBasisPoints),
                СтТовУчНал: amount(line.grossKopecks),
              },
              [
                element('ДопСведТов', { ПрТовРаб: PROPERTY_RIGHTS, КодТов: line.partNumber }),
                element('Акциз', undefined, [{ name: 'БезАкциз', text: t.noExcise }]),
                vatAmount('СумНал', line.vatKopecks, line.vatBasisPoints === 0),
              ],
            ),
          ),
          element('ВсегоОпл', { СтТовБезНДСВсего: amount(model.totals.netKopecks), СтТовУчНалВсего: amount(model.totals.grossKopecks) }, [
            vatAmount('СумНалВсего', model.totals.vatKopecks, !statusOne),
          ]),
        ]),
        element('СвПродПер', undefined, [
          element('СвПер', { СодОпер: t.operation, ДатаПер: date(model.date) }, [
            ...(basis.length > 0 ? basis : [{ name: 'БезДокОснПер', text: '1' }]),
            element('СвЛицПер', undefined, [element('РабОргПрод', { Должность: signatory.position }, [fio(signatory.name)])]),
          ]),
        ]),
        // СпосПодтПолном 1: the signer's authority is what their qualified e-signature says.
        element('Подписант', { Должн: signatory.position, СпосПодтПолном: '1' }, [fio(signatory.name)]),
      ],
    ),
  ]);
  return `<?xml version="1.0" encoding="windows-1251"?>\n${serialise(file, 0)}`;
}

/** The УПД file: its name and its windows-1251 bytes. */
export function renderUpdXml(model: UpdModel): UpdXml {
  return { fileName: `${model.fileId}.xml`, content: iconv.encode(updXmlText(model), 'win1251') };
}
