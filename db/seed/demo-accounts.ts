/**
 * Demo dealers (one per settlement scheme) and users. Requisites carry valid checksums
 * (INN, OGRN, settlement-account key against the BIK) but belong to no real company.
 */
import type { SettlementScheme } from '../../src/domain/order';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoDealer {
  scheme: SettlementScheme;
  login: string;
  fullName: string;
  shortName: string;
  inn: string;
  kpp: string;
  ogrn: string;
  settlementAccount: string;
  creditLimitKopecks: number;
  city: string;
}

const SBERBANK = { bankBik: '044525225', bankName: 'ПАО Сбербанк', correspondentAccount: '30101810400000000225' };
export const DEMO_BANK = SBERBANK;

export const DEMO_DEALERS: DemoDealer[] = [
  {
    scheme: 'prepay',
    login: 'prepay@demo.sid',
    fullName: 'Общество с ограниченной ответственностью «Северный Софт»',
    shortName: 'ООО «Северный Софт»',
    inn: '7709123453',
    kpp: '770901001',
    ogrn: '1027700123450',
    settlementAccount: '40702810938000012345',
    creditLimitKopecks: 0,
    city: 'г. Москва, ул. Мясницкая, д. 10',
  },
  {
    scheme: 'postpay',
    login: 'postpay@demo.sid',
    fullName: 'Общество с ограниченной ответственностью «Лицензионный Центр»',
    shortName: 'ООО «Лицензионный Центр»',
    inn: '5003456785',
    kpp: '500301001',
    ogrn: '1155000345675',
    settlementAccount: '40702810538000054321',
    creditLimitKopecks: 500_000_000,
    city: 'Московская обл., г. Видное, ул. Школьная, д. 5',
  },
  {
    scheme: 'monthly',
    login: 'monthly@demo.sid',
    fullName: 'Общество с ограниченной ответственностью «Невский Интегратор»',
    shortName: 'ООО «Невский Интегратор»',
    inn: '7812345675',
    kpp: '781201001',
    ogrn: '1178000123454',
    settlementAccount: '40702810655000098765',
    creditLimitKopecks: 1_000_000_000,
    city: 'г. Санкт-Петербург, Невский пр., д. 28',
  },
];

export const DEMO_STAFF = { login: 'staff@demo.sid', fullName: 'Оператор отдела продаж' };
