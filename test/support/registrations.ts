import { randomInt } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { completeAccount, completeInn, completeOgrn } from '../../src/domain/requisites';
import type { MailboxSettings } from '../../src/infra/mail';
import { readFolder } from './mail';
import { waitFor } from './system';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const SBERBANK = { bik: '044525225', bankName: 'ПАО Сбербанк', correspondentAccount: '30101810400000000225' };

/** Requisites that pass every check and belong to nobody: a fresh INN each call, so tests never collide. */
export function freshOrganisation() {
  const inn = completeInn(`77${digits(7)}`);
  return {
    legalForm: 'ООО',
    fullName: `Общество с ограниченной ответственностью «Тест ${inn}»`,
    shortName: `ООО «Тест ${inn}»`,
    inn,
    kpp: `${inn.slice(0, 4)}01001`,
    ogrn: completeOgrn(`1027700${digits(5)}`),
    legalAddress: 'г. Москва, ул. Тверская, д. 1',
    ...SBERBANK,
    settlementAccount: completeAccount(SBERBANK.bik, `40702810${digits(12)}`, 'settlement'),
    director: 'Петров Пётр Петрович',
    contactPerson: 'Сидорова Анна Сергеевна',
    phone: '+7 495 000-00-00',
  };
}

export function freshEntrepreneur() {
  const inn = completeInn(`50${digits(8)}`);
  return {
    legalForm: 'ИП',
    fullName: `Индивидуальный предприниматель Тестов ${inn}`,
    shortName: `ИП Тестов ${inn}`,
    inn,
    ogrn: completeOgrn(`30450${digits(9)}`),
    legalAddress: 'Московская обл., г. Химки, ул. Ленина, д. 2',
    ...SBERBANK,
    settlementAccount: completeAccount(SBERBANK.bik, `40802810${digits(12)}`, 'settlement'),
    director: `Тестов Тест Тестович`,
    contactPerson: 'Тестов Тест Тестович',
  };
}

/** A whole registration form for the dealer whose mail goes to `email`. */
export function registrationForm(email: string, overrides: Record<string, unknown> = {}) {
  return {
    ...freshOrganisation(),
    email,
    requestedSegments: ['EDU'],
    requestedVendors: ['DRWEB', 'kasp'],
    user: { login: email, password: 'надёжный-пароль-2026' },
    ...overrides,
  };
}

/** The first letter in the mailbox whose subject contains `subject`, with its text decoded. */
export async function waitForLetter(mailbox: MailboxSettings, subject: string, timeoutMs = 60_000): Promise<{ subject: string; text: string }> {
  return waitFor(
    `a letter "${subject}" to ${mailbox.user}`,
    async () => {
      for (const message of await readFolder(mailbox)) {
        const parsed = await simpleParser(message.source);
        if (parsed.subject?.includes(subject)) return { subject: parsed.subject, text: parsed.text ?? '' };
      }
      return undefined;
    },
    timeoutMs,
  );
}
