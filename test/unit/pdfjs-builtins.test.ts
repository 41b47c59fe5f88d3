import { describe, expect, it } from 'vitest';

/**
 * PDF.js's legacy build carries core-js, which replaced `JSON.stringify` (some 15× slower),
 * `JSON.parse`, `Array.prototype.push` and `Function.prototype.toString` in the worker and the API
 * as soon as the mail parser was imported. Everything this file loads, it loads after taking the
 * built-ins as the process started with them.
 */
const natives = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  push: Array.prototype.push,
  toString: Function.prototype.toString,
};
const current = () => ({ stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push, toString: Function.prototype.toString });

describe('PDF.js leaves the process its built-ins', () => {
  it('the worker’s activities and the API load without replacing them, and a PDF certificate is still read', async () => {
    // Nothing in this process has run core-js yet: the built-ins taken above are Node's own.
    expect((globalThis as Record<string, unknown>)['__core-js_shared__']).toBeUndefined();

    await import('../../src/activities');
    await import('../../src/api/app');
    expect(current()).toEqual(natives);

    const { renderPdf } = await import('../../src/documents/pdf');
    const { parseVendorReply } = await import('../../src/activities/mail/vendor-reply');
    const MailComposer = (await import('nodemailer/lib/mail-composer')).default;
    // A fixed date: the PDF's creation date only, nothing is compared with today.
    const pdf = await renderPdf({ content: ['Лицензионный сертификат', 'Заказ SID-0000042', 'Ключ: PDFKY-11111-22222-33333'].map((text) => ({ text })) }, { title: 'Сертификат', author: 'Вендор', date: '2026-11-20' });
    const raw = await new MailComposer({
      from: 'licensing@vendor.example',
      to: 'orders@sid.local',
      subject: 'Сертификат по заказу SID-0000042',
      text: 'Сертификат во вложении.',
      attachments: [{ filename: 'certificate.pdf', contentType: 'application/pdf', content: pdf }],
    })
      .compile()
      .build();
    const reply = await parseVendorReply(raw);
    expect(reply.keys.map((k) => [k.key, k.fileName])).toEqual([['PDFKY-11111-22222-33333', 'certificate.pdf']]);

    // PDF.js ran (its parser included), and the process still has Node's built-ins.
    expect((globalThis as Record<string, unknown>)['__core-js_shared__']).toBeDefined();
    expect(current()).toEqual(natives);
    expect(JSON.stringify({ a: [1, '\ud800'] })).toBe('{"a":[1,"\\ud800"]}');
    expect(JSON.parse('{"b":[2]}', (_k, v) => v)).toEqual({ b: [2] });
  });
});
