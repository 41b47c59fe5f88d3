/**
 * The payment QR code of a Russian invoice (ГОСТ Р 56042-2014, «Стандарты финансовых операций.
 * Двумерные символы штрихового кода для осуществления платежей физическими лицами»), which banking
 * apps read to fill in a payment order: `ST00012|Name=…|PersonalAcc=…|…`. ST0001 is the format,
 * the `2` after it says UTF-8; fields are separated by `|`, so no value may contain one. Pure.
 */
import { assertMinor, type Minor } from './money';

export interface PaymentQrInput {
  /** The payee's name as the bank knows it: «ООО «СИД Дистрибуция»». */
  name: string;
  /** The payee's settlement account, 20 digits. */
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc?: string | undefined;
  payeeInn: string;
  kpp?: string | undefined;
  sumKopecks: Minor;
  purpose: string;
}

/** The standard's longest values (Table 1): a longer one is cut rather than make the code unreadable. */
const MAX = { Name: 160, BankName: 45, Purpose: 210 } as const;

/** A value as the standard allows it: on one line, without the separator, within its length. */
function value(text: string, max?: number): string {
  const clean = text.replace(/[|\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return max ? clean.slice(0, max) : clean;
}

export function paymentQrString(input: PaymentQrInput): string {
  assertMinor(input.sumKopecks, 'sum');
  const fields: Array<[string, string | undefined]> = [
    ['Name', value(input.name, MAX.Name)],
    ['PersonalAcc', value(input.personalAcc)],
    ['BankName', value(input.bankName, MAX.BankName)],
    ['BIC', value(input.bic)],
    ['CorrespAcc', input.correspAcc ? value(input.correspAcc) : '0'],
    ['PayeeINN', value(input.payeeInn)],
    ['KPP', input.kpp ? value(input.kpp) : undefined],
    // In kopecks, as the standard has it: 1 234,56 ₽ is Sum=123456.
    ['Sum', String(input.sumKopecks)],
    ['Purpose', value(input.purpose, MAX.Purpose)],
  ];
  return ['ST00012', ...fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${v}`)].join('|');
}
