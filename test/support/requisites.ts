import type { PartyRequisites } from '../../src/documents/documents.model';

/** Document tests' parties: requisites with valid checksums (INN, account keys against the BIK) that belong to nobody. */
export const testSupplier: PartyRequisites = {
  name: 'ООО «СИД Дистрибуция»',
  inn: '5012345672',
  kpp: '501201001',
  address: '141401, Московская обл., г. Химки, ул. Ленинградская, д. 29, офис 405',
  bankName: 'АО «ТБанк», г. Москва',
  bik: '044525974',
  correspondentAccount: '30101810145250000974',
  settlementAccount: '40702810210000054321',
  director: 'Сидоров Пётр Петрович',
};

export const testBuyer: PartyRequisites = {
  name: 'ООО «Северный Софт»',
  inn: '7709123453',
  kpp: '770901001',
  address: '105005, г. Москва, ул. Бауманская, д. 7, стр. 1',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  correspondentAccount: '30101810400000000225',
  settlementAccount: '40702810938000012345',
  director: 'Иванов Иван Иванович',
};
