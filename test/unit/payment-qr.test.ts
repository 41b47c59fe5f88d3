import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoicePaymentQr } from '../../src/activities/documents/invoice-documents.activities';
import { renderConsolidatedInvoicePdf } from '../../src/documents/consolidated-invoice.pdf';
import { renderInvoicePdf } from '../../src/documents/invoice.pdf';
import type { InvoiceModel } from '../../src/documents/documents.model';
import { paymentQrString } from '../../src/domain/payment-qr';
import { testSupplier } from '../support/requisites';

// The invoice's payment QR code (ГОСТ Р 56042-2014), read back from the rendered PDF by an
// independent decoder: poppler's pdftoppm draws the page, zbar's zbarimg reads the code.
// Document dates are fixed: rendering is pure and compares them with no clock.
const supplier = testSupplier;

describe('the payment QR string', () => {
  it('is ST00012 with the payee, its bank, the sum in kopecks and the purpose, in the standard’s order', () => {
    expect(
      paymentQrString({ name: 'ООО «Ромашка»', personalAcc: '40702810210000054321', bankName: 'АО «ТБанк»', bic: '044525974', correspAcc: '30101810145250000974', payeeInn: '5012345672', kpp: '501201001', sumKopecks: 123_456, purpose: 'Оплата по счёту № 1' }),
    ).toBe('ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810210000054321|BankName=АО «ТБанк»|BIC=044525974|CorrespAcc=30101810145250000974|PayeeINN=5012345672|KPP=501201001|Sum=123456|Purpose=Оплата по счёту № 1');
  });

  it('keeps the separator out of values, and an entrepreneur without a KPP leaves the field out', () => {
    const text = paymentQrString({ name: 'ИП Иванов | И.', personalAcc: '40802810210000054321', bankName: 'Банк', bic: '044525974', payeeInn: '501234567290', sumKopecks: 1, purpose: 'a|b\nc' });
    expect(text).toBe('ST00012|Name=ИП Иванов И.|PersonalAcc=40802810210000054321|BankName=Банк|BIC=044525974|CorrespAcc=0|PayeeINN=501234567290|Sum=1|Purpose=a b c');
    expect(() => paymentQrString({ name: 'X', personalAcc: '1', bankName: 'B', bic: '1', payeeInn: '1', sumKopecks: 1.5, purpose: 'p' })).toThrow(/integer/);
  });
});

describe('the invoice PDF', () => {
  it('carries the QR code a banking app reads: decoded from the page, it is the string', async () => {
    const qr = invoicePaymentQr(supplier, { number: 'СД-000123', date: '2026-11-27', amountKopecks: 4_761_240, vatKopecks: 0 });
    expect(qr).toContain('|Sum=4761240|Purpose=Оплата по счёту № СД-000123 от 27.11.2026. НДС не облагается');
    const line = { lineNo: 1, partNumber: 'KL-1', name: 'Лицензия', unit: 'лиц.' as const, quantity: 2, unitPriceKopecks: 2_380_620, netKopecks: 4_761_240, vatBasisPoints: 0, vatKopecks: 0, grossKopecks: 4_761_240 };
    const model: InvoiceModel = {
      number: 'СД-000123',
      date: '2026-11-27',
      supplier,
      buyer: { ...supplier, name: 'ООО «Северный Софт»', inn: '7709123453', kpp: '770901001' },
      lines: [line],
      totals: { netKopecks: 4_761_240, vatKopecks: 0, grossKopecks: 4_761_240 },
      chiefAccountant: 'Петрова Анна Алексеевна',
      paymentQr: qr,
    };
    expect(await decodedQr(await renderInvoicePdf(model))).toBe(qr);
  });

  it('the monthly consolidated invoice carries one too', async () => {
    const qr = invoicePaymentQr(supplier, { number: 'СД-000200', date: '2026-12-01', amountKopecks: 122_000, vatKopecks: 22_000 });
    expect(qr).toContain('|Sum=122000|Purpose=Оплата по счёту № СД-000200 от 01.12.2026. В т.ч. НДС 220,00 руб.');
    const pdf = await renderConsolidatedInvoicePdf({
      number: 'СД-000200',
      date: '2026-12-01',
      supplier,
      buyer: { ...supplier, name: 'ООО «Невский Интегратор»', inn: '7812345675', kpp: '781201001' },
      month: '2026-11',
      orders: [{ lineNo: 1, orderNumber: 'SID-0000001', orderDate: '2026-11-20', netKopecks: 100_000, vatBasisPoints: 2200, vatKopecks: 22_000, grossKopecks: 122_000 }],
      totals: { netKopecks: 100_000, vatKopecks: 22_000, grossKopecks: 122_000 },
      chiefAccountant: 'Петрова Анна Алексеевна',
      paymentQr: qr,
    });
    expect(await decodedQr(pdf)).toBe(qr);
  });
});

/** The first page drawn by poppler, the code on it read by zbar: neither shares code with pdfmake. */
async function decodedQr(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sid-qr-'));
  try {
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', join(dir, 'invoice.pdf'), join(dir, 'page')]);
    // zbarimg complains on stderr when there is no D-Bus; only its answer matters.
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', join(dir, 'page.png')], { stdio: ['ignore', 'pipe', 'ignore'] });
    return decoded.toString('utf8').replace(/\n$/, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
