/**
 * The demo catalog: about 110 vendors and 1,000 SKUs shaped like a Russian distributor's price
 * list. Generated deterministically from vendor and product-line tables, so every run of the seed
 * yields the same PartNumbers and prices.
 */
import type { Currency } from '../../src/domain/money';
import type { VatMode } from '../../src/domain/vat';

type Origin = 'ru' | 'intl';
interface VendorSpec {
  code: string;
  name: string;
  origin: Origin;
  category: keyof typeof LINES;
  prefix: string;
}

const LINES = {
  security: ['Endpoint Security', 'Total Security для бизнеса', 'Security для почтовых серверов', 'Security для файловых серверов'],
  os: ['Операционная система, серверная лицензия', 'Операционная система, рабочая станция', 'Сертифицированная редакция'],
  office: ['Офисный пакет', 'Почтовый сервер', 'Корпоративный мессенджер'],
  cad: ['САПР', 'BIM-проектирование', 'Инженерный анализ'],
  backup: ['Резервное копирование рабочих станций', 'Резервное копирование серверов', 'Резервное копирование виртуальных сред'],
  virtualization: ['Платформа виртуализации', 'Виртуальные рабочие места', 'Управление виртуальной инфраструктурой'],
  dbms: ['СУБД, лицензия на ядро', 'СУБД, клиентская лицензия', 'Кластер высокой доступности'],
  graphics: ['Графический редактор', 'Видеомонтаж', 'Вёрстка и публикация'],
  development: ['Среда разработки', 'Статический анализ кода', 'Система контроля версий'],
  erp: ['Бухгалтерия', 'Управление торговлей', 'Зарплата и кадры'],
  network: ['Межсетевой экран', 'VPN-шлюз', 'Система обнаружения вторжений'],
  documents: ['Распознавание документов', 'Электронный документооборот', 'PDF-редактор'],
  monitoring: ['Мониторинг инфраструктуры', 'Управление ИТ-активами', 'Service Desk'],
} as const;

const CATEGORY_TITLES: Record<keyof typeof LINES, string> = {
  security: 'Антивирусы и защита рабочих мест',
  os: 'Операционные системы',
  office: 'Офисные приложения',
  cad: 'САПР и проектирование',
  backup: 'Резервное копирование',
  virtualization: 'Виртуализация',
  dbms: 'СУБД',
  graphics: 'Графика и мультимедиа',
  development: 'Средства разработки',
  erp: 'Учётные системы',
  network: 'Сетевая безопасность',
  documents: 'Работа с документами',
  monitoring: 'Мониторинг и ИТ-управление',
};

// [code, name, origin, category]; prefixes are derived from the code.
const VENDOR_TABLE: Array<[string, string, Origin, keyof typeof LINES]> = [
  ['KASP', 'Лаборатория Касперского', 'ru', 'security'], ['DRWEB', 'Доктор Веб', 'ru', 'security'],
  ['ESET', 'ESET', 'intl', 'security'], ['POSI', 'Positive Technologies', 'ru', 'network'],
  ['INFOW', 'InfoWatch', 'ru', 'security'], ['SEARCH', 'СёрчИнформ', 'ru', 'security'],
  ['CODE', 'Код Безопасности', 'ru', 'network'], ['USERG', 'UserGate', 'ru', 'network'],
  ['INFOT', 'ИнфоТеКС', 'ru', 'network'], ['SGRP', 'Группа Астра', 'ru', 'os'],
  ['REDSOFT', 'РЕД СОФТ', 'ru', 'os'], ['BASALT', 'Базальт СПО', 'ru', 'os'],
  ['ROSA', 'НТЦ ИТ РОСА', 'ru', 'os'], ['MSVS', 'ОС МСВСфера', 'ru', 'os'],
  ['MSFT', 'Microsoft', 'intl', 'os'], ['MYOFF', 'МойОфис', 'ru', 'office'],
  ['R7', 'Р7-Офис', 'ru', 'office'], ['COMM', 'CommuniGate Pro', 'ru', 'office'],
  ['EXPR', 'eXpress', 'ru', 'office'], ['TRUEC', 'TrueConf', 'ru', 'office'],
  ['ASCON', 'АСКОН', 'ru', 'cad'], ['NANO', 'Нанософт', 'ru', 'cad'],
  ['ADSK', 'Autodesk', 'intl', 'cad'], ['CSOFT', 'CSoft Development', 'ru', 'cad'],
  ['RENGA', 'Renga Software', 'ru', 'cad'], ['TFLEX', 'Топ Системы', 'ru', 'cad'],
  ['GRAPH', 'Graphisoft', 'intl', 'cad'], ['ANSYS', 'Ansys', 'intl', 'cad'],
  ['CYBER', 'Киберпротект', 'ru', 'backup'], ['RUBACK', 'RuBackup', 'ru', 'backup'],
  ['VEEAM', 'Veeam Software', 'intl', 'backup'], ['ACRON', 'Acronis', 'intl', 'backup'],
  ['BAREOS', 'Bareos', 'intl', 'backup'], ['VMWARE', 'VMware', 'intl', 'virtualization'],
  ['SPACEV', 'ГК Астра Брест', 'ru', 'virtualization'], ['ZVIRT', 'Orion soft zVirt', 'ru', 'virtualization'],
  ['ROSPL', 'Росплатформа', 'ru', 'virtualization'], ['VIRTU', 'ВИРТУ', 'ru', 'virtualization'],
  ['BASIS', 'Базис', 'ru', 'virtualization'], ['POSTG', 'Postgres Professional', 'ru', 'dbms'],
  ['TANT', 'Тантор Лабс', 'ru', 'dbms'], ['ORCL', 'Oracle', 'intl', 'dbms'],
  ['REDDB', 'Ред База Данных', 'ru', 'dbms'], ['JATOBA', 'Jatoba', 'ru', 'dbms'],
  ['ARENA', 'Arenadata', 'ru', 'dbms'], ['ADBE', 'Adobe', 'intl', 'graphics'],
  ['COREL', 'Corel', 'intl', 'graphics'], ['MOVA', 'Movavi', 'ru', 'graphics'],
  ['AFFN', 'Serif Affinity', 'intl', 'graphics'], ['MAXON', 'Maxon', 'intl', 'graphics'],
  ['JETB', 'JetBrains', 'intl', 'development'], ['PVS', 'PVS-Studio', 'ru', 'development'],
  ['GITFL', 'GitFlic', 'ru', 'development'], ['SOURC', 'SourceCraft', 'ru', 'development'],
  ['EMBAR', 'Embarcadero', 'intl', 'development'], ['ONEC', '1С', 'ru', 'erp'],
  ['GALAK', 'Галактика', 'ru', 'erp'], ['PARUS', 'Парус', 'ru', 'erp'],
  ['TURBO', 'Турбо', 'ru', 'erp'], ['ELMA', 'ELMA', 'ru', 'erp'],
  ['ABBYY', 'Контент ИИ', 'ru', 'documents'], ['DIREC', 'Directum', 'ru', 'documents'],
  ['DOCSV', 'ДОКСВИЖН', 'ru', 'documents'], ['TESSA', 'Синтеллект', 'ru', 'documents'],
  ['FOXIT', 'Foxit', 'intl', 'documents'], ['ZABBX', 'Zabbix', 'intl', 'monitoring'],
  ['NAUM', 'Naumen', 'ru', 'monitoring'], ['MONQ', 'MONQ Digital lab', 'ru', 'monitoring'],
  ['OKDSK', 'Okdesk', 'ru', 'monitoring'], ['SIMPL', 'SimpleOne', 'ru', 'monitoring'],
  ['SOLAR', 'Солар', 'ru', 'security'], ['GARDA', 'Гарда Технологии', 'ru', 'security'],
  ['FALCO', 'Falcongaze', 'ru', 'security'], ['STAKH', 'StaffCop', 'ru', 'security'],
  ['ANGAR', 'Ангара Секьюрити', 'ru', 'security'], ['BIZON', 'Бизон', 'ru', 'network'],
  ['SECCD', 'Security Code', 'ru', 'network'], ['CPRO', 'КРИПТО-ПРО', 'ru', 'network'],
  ['AVSW', 'Аладдин Р.Д.', 'ru', 'security'], ['RUTOK', 'Актив', 'ru', 'security'],
  ['INDEED', 'Индид', 'ru', 'security'], ['MULTIF', 'МУЛЬТИФАКТОР', 'ru', 'security'],
  ['AVANP', 'АванПост', 'ru', 'security'], ['BITRX', '1С-Битрикс', 'ru', 'office'],
  ['VKWS', 'VK WorkSpace', 'ru', 'office'], ['YANDX', 'Яндекс 360', 'ru', 'office'],
  ['DION', 'DION', 'ru', 'office'], ['VINTEO', 'Винтео', 'ru', 'office'],
  ['IVA', 'IVA Technologies', 'ru', 'office'], ['LOGOM', 'Логомашина', 'ru', 'office'],
  ['AUTOD', 'Autodesk Media', 'intl', 'graphics'], ['SKETC', 'SketchUp', 'intl', 'cad'],
  ['BENTL', 'Bentley Systems', 'intl', 'cad'], ['SOLID', 'Dassault SolidWorks', 'intl', 'cad'],
  ['PTC', 'PTC', 'intl', 'cad'], ['GEONI', 'GeoniCS', 'ru', 'cad'],
  ['CREDO', 'Кредо-Диалог', 'ru', 'cad'], ['LIRA', 'ЛИРА софт', 'ru', 'cad'],
  ['SCAD', 'SCAD Soft', 'ru', 'cad'], ['TEAMV', 'TeamViewer', 'intl', 'monitoring'],
  ['ASSIS', 'Ассистент', 'ru', 'monitoring'], ['RUDSK', 'RuDesktop', 'ru', 'monitoring'],
  ['AERO', 'AeroAdmin', 'ru', 'monitoring'], ['NETW', 'Netwrix', 'intl', 'monitoring'],
  ['PARAL', 'Parallels', 'intl', 'virtualization'], ['CITRX', 'Citrix', 'intl', 'virtualization'],
  ['TERMI', 'Термидеск', 'ru', 'virtualization'], ['WINRR', 'RARLAB WinRAR', 'intl', 'documents'],
  ['PROMT', 'PROMT', 'ru', 'documents'], ['CONSU', 'КонсультантПлюс', 'ru', 'documents'],
];

/**
 * Vendors off the usual pattern, so that every combination of currency and VAT is in the demo:
 * Russian cloud services priced in roubles with VAT (not registry software), and registry
 * software sold at dollar prices, exempt.
 */
const RUB_WITH_VAT = ['BITRX', 'YANDX', 'VKWS'];
const USD_EXEMPT = ['PVS', 'JATOBA', 'GITFL'];

export interface SeedVendor {
  code: string;
  name: string;
}
export interface SeedProduct {
  vendorCode: string;
  partNumber: string;
  name: string;
  category: string;
  segment: 'commercial' | 'edu' | 'gov';
  listPriceMinor: number;
  currency: Currency;
  vatMode: VatMode;
  licenseTermMonths: number | null;
}

const EDITIONS = ['Standard', 'Advanced'] as const;
const TERMS: Array<{ months: number | null; label: string; code: string }> = [
  { months: 12, label: '1 год', code: '1Y' },
  { months: 24, label: '2 года', code: '2Y' },
  { months: null, label: 'бессрочная', code: 'PR' },
];

/** A small deterministic hash, so PartNumbers and prices look irregular but never change. */
function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const currencyOf = (code: string, origin: string): Currency => (USD_EXEMPT.includes(code) ? 'USD' : origin === 'ru' ? 'RUB' : 'USD');

export function buildCatalog(): { vendors: SeedVendor[]; products: SeedProduct[] } {
  const vendors: SeedVendor[] = [];
  const products: SeedProduct[] = [];
  for (const [code, name, origin, category] of VENDOR_TABLE) {
    vendors.push({ code, name });
    const spec: VendorSpec = { code, name, origin, category, prefix: code.slice(0, 2) };
    const lines = LINES[spec.category];
    lines.forEach((line, lineIndex) => {
      for (const edition of EDITIONS) {
        for (const term of TERMS) {
          // Not every line is sold in every term: keep about half, some nine SKUs per vendor.
          if (hash(`${code}/${line}/${edition}/${term.code}`) % 2 === 0) continue;
          const seed = hash(`${code}|${lineIndex}|${edition}|${term.code}`);
          const digits = String(seed % 10000).padStart(4, '0');
          const partNumber = `${spec.prefix}${digits}${edition[0]}${term.code}-${String(lineIndex + 1).padStart(2, '0')}`;
          const base = 40 + (seed % 460); // 40..499 units per seat
          const termFactor = term.months === null ? 3 : term.months / 12;
          const price = Math.round(base * termFactor * (edition === 'Advanced' ? 1.6 : 1));
          const segment = lineIndex === 0 && seed % 7 === 0 ? 'edu' : lineIndex === 1 && seed % 11 === 0 ? 'gov' : 'commercial';
          products.push({
            vendorCode: code,
            partNumber,
            name: `${name} ${line} ${edition}, ${term.label}${segment === 'edu' ? ' (EDU)' : segment === 'gov' ? ' (GOV)' : ''}`,
            category: CATEGORY_TITLES[spec.category],
            segment,
            // Russian vendors price in roubles and sit in the software registry (no VAT);
            // foreign vendors price in dollars and carry standard VAT; the two lists above cross over.
            listPriceMinor: currencyOf(code, origin) === 'RUB' ? price * 100 * 80 : price * 100,
            currency: currencyOf(code, origin),
            vatMode: (origin === 'ru' && !RUB_WITH_VAT.includes(code)) || USD_EXEMPT.includes(code) ? 'exempt' : 'standard',
            licenseTermMonths: term.months,
          });
        }
      }
    });
  }
  return { vendors, products };
}
