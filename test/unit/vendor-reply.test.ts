import AdmZip from 'adm-zip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTRACTION_LIMITS } from '../../src/activities/mail/key-extraction';
import { parseVendorReply, type VendorReply } from '../../src/activities/mail/vendor-reply';
import { mailFixture, mailManifest } from '../support/mail-fixtures';

const ORDER_NUMBER = 'SID-0000042';
const REQUEST_MESSAGE_ID = `<order.${ORDER_NUMBER}.KASP@sid.local>`;
const manifest = mailManifest;

/** The fixture as delivered, with this file's order number and request id. */
const fixture = (file: string): Buffer => mailFixture(file, { orderRef: ORDER_NUMBER, requestMessageId: REQUEST_MESSAGE_ID });

const sorted = (values: readonly string[]) => [...values].sort();
const keyTexts = (reply: VendorReply) => sorted(reply.keys.map((k) => k.key));

describe('vendor reply fixtures (test/fixtures/mail/manifest.json)', () => {
  it('covers all twelve messages', () => {
    expect(manifest).toHaveLength(12);
  });

  describe.each(manifest)('$file', (entry) => {
    it('yields what the manifest says', async () => {
      const reply = await parseVendorReply(fixture(entry.file));
      if (entry.keys) {
        expect(keyTexts(reply)).toEqual(sorted(entry.keys));
        expect(reply.kind).toBe('reply');
      }
      if (entry.key_files) {
        expect(sorted(reply.keys.map((k) => k.fileName ?? ''))).toEqual(sorted(entry.key_files));
        for (const key of reply.keys) expect(key.file?.toString('utf8')).toContain(key.key);
      }
      if (entry.part_numbers && entry.keys) {
        const partByKey = new Map(reply.keys.map((k) => [k.key, k.partNumber]));
        expect(entry.keys.map((key) => partByKey.get(key))).toEqual(entry.part_numbers);
      }
      if (entry.match_by?.includes('in-reply-to') || entry.match_by?.includes('references')) {
        expect(reply.quotedMessageIds).toContain(REQUEST_MESSAGE_ID);
      }
      if (entry.outcome === 'keys' || entry.outcome === 'duplicate') expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
    });
  });

  it('01: keys come in files, each file carrying its own key; the same keys in the body do not double them', async () => {
    const reply = await parseVendorReply(fixture('01-av-vendor-cp1251-zip-keyfiles.eml'));
    expect(reply.keys.map((k) => [k.key, k.fileName])).toEqual([
      ['M9EPX-BC5UD-NVB8T-GBCQQ', 'license_1.key'],
      ['CHCUQ-B5VD9-HXXV9-BVVPB', 'license_2.key'],
      ['HBU6E-KQEUD-VKU5Y-FDVVX', 'license_3.key'],
    ]);
    expect(reply.keys[0]!.file!.toString('utf8')).toBe('-----BEGIN LICENSE-----\nM9EPX-BC5UD-NVB8T-GBCQQ\n-----END LICENSE-----\n');
    expect(reply.subject).toBe(`Лицензионные ключи по заказу ${ORDER_NUMBER}`);
    expect(reply.from).toBe('licensing@av-vendor.example');
    expect(reply.messageId).toBe('<fixture-1@av-vendor.example>');
    expect(reply.inReplyTo).toBe(REQUEST_MESSAGE_ID);
    expect(reply.date?.toISOString()).toBe('2026-11-18T12:06:40.000Z');
    expect(reply.attachments).toEqual([{ fileName: `Keys_${ORDER_NUMBER}.zip`, contentType: 'application/zip', size: 487 }]);
    expect(reply.problems).toEqual([]);
  });

  it('02: KOI8-R subject and body', async () => {
    const reply = await parseVendorReply(fixture('02-koi8r-serials-in-body.eml'));
    expect(reply.subject).toBe(`Серийные номера, заказ ${ORDER_NUMBER}`);
    expect(reply.keys.every((k) => k.fileName === undefined && k.file === undefined)).toBe(true);
  });

  it('03: CSV named in RFC 2231 UTF-8, the References chain quoted whole', async () => {
    const reply = await parseVendorReply(fixture('03-csv-rfc2231-filename.eml'));
    expect(reply.attachments[0]?.fileName).toBe('Ключи по заказу.csv');
    expect(reply.keys.every((k) => k.fileName === 'Ключи по заказу.csv' && k.file === undefined)).toBe(true);
    expect(reply.quotedMessageIds).toEqual(['<unrelated-thread@ocr-vendor.example>', REQUEST_MESSAGE_ID]);
    expect(reply.inReplyTo).toBeNull();
  });

  it('04: XML keys with the sku as part number, the order number only in the body and the certificate', async () => {
    const reply = await parseVendorReply(fixture('04-xml-certificate-ref-in-body.eml'));
    expect(reply.keys.map((k) => k.partNumber)).toEqual(['BKP-SRV-STD', 'BKP-SRV-STD']);
    expect(reply.subject).toBe('License certificate');
  });

  it('05: a key in a forwarded message', async () => {
    const reply = await parseVendorReply(fixture('05-forwarded-rfc822-attachment.eml'));
    expect(reply.keys).toEqual([{ key: 'PPPDS-XPBGC-GRFDM-WBDAV-EUD9N', fileName: 'codes.txt' }]);
  });

  it('06: .lic files from a zip inside a zip, with their bytes', async () => {
    const reply = await parseVendorReply(fixture('06-zip-in-zip-html-only.eml'));
    expect(reply.keys.map((k) => [k.fileName, k.file?.toString('utf8')])).toEqual([
      ['seat1.lic', 'WAC6GW-PEXJ9N-WNSDD6-SRSSKC'],
      ['seat2.lic', 'ED2M2J-S5ZFTA-G99TNE-ZU8A3T'],
      ['seat3.lic', 'KX6CZ6-JTN8FN-3HUU3T-MXHW44'],
      ['seat4.lic', '36G4H5-P24HGT-SN2AA4-JSJGZW'],
    ]);
  });

  it('08: no order reference anywhere, so staff must match it (its key is still read for them)', async () => {
    const reply = await parseVendorReply(fixture('08-unmatched-no-reference.eml'));
    expect(reply.orderRefs).toEqual([]);
    expect(reply.quotedMessageIds).toEqual([]);
    expect(reply.kind).toBe('reply');
    expect(reply.keys.map((k) => k.key)).toEqual(['EUUEA-A42XD-T28EQ-6G56G']);
  });

  it('09: an auto-reply gives no keys but still names the order', async () => {
    const reply = await parseVendorReply(fixture('09-auto-reply.eml'));
    expect(reply.kind).toBe('auto-reply');
    expect(reply.keys).toEqual([]);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
  });

  it('10: a bounce names the order and the Message-ID of the request that bounced', async () => {
    const reply = await parseVendorReply(fixture('10-bounce-of-request.eml'));
    expect(reply.kind).toBe('bounce');
    expect(reply.keys).toEqual([]);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
    expect(reply.quotedMessageIds).toEqual([REQUEST_MESSAGE_ID]);
    expect(reply.from).toBe('mailer-daemon@mx.sid.example');
  });

  it('11: a truncated zip in a truncated message is a problem for staff, not an exception', async () => {
    const reply = await parseVendorReply(fixture('11-broken-mime-truncated-zip.eml'));
    expect(reply.kind).toBe('reply');
    expect(reply.keys).toEqual([]);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
    expect(reply.problems).toHaveLength(1);
    expect(reply.problems[0]).toMatch(/«keys\.zip».*повреждён или обрезан/);
  });

  it('12: the duplicate yields the same keys and Message-ID as 01', async () => {
    const original = await parseVendorReply(fixture('01-av-vendor-cp1251-zip-keyfiles.eml'));
    const duplicate = await parseVendorReply(fixture('12-duplicate-of-01.eml'));
    expect(duplicate.keys).toEqual(original.keys);
    expect(duplicate.messageId).toBe(original.messageId);
  });
});

// ---- Messages built here, for the cases the fixtures do not show ----

const CRLF = '\r\n';

interface Part {
  headers: string[];
  body: string;
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Names beyond Latin-1 go RFC 2231-encoded; Latin-1 strings stand for raw 8-bit bytes. */
function attachment(fileName: string, contentType: string, bytes: Buffer): Part {
  const disposition = /[^\u0000-\u00ff]/.test(fileName) ? `filename*=utf-8''${encodeURIComponent(fileName)}` : `filename="${fileName}"`;
  return {
    headers: [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; ${disposition}`],
    body: base64Lines(bytes),
  };
}

function textPart(text: string, contentType = 'text/plain; charset="utf-8"'): Part {
  return { headers: [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64'], body: base64Lines(Buffer.from(text, 'utf8')) };
}

function message(headers: string[], parts: Part[]): Buffer {
  const boundary = '=_boundary_42';
  const lines = [
    'From: Vendor <licensing@vendor.example>',
    'To: orders@sid.example',
    'Date: Thu, 19 Nov 2026 10:00:00 +0300',
    'Message-ID: <built@vendor.example>',
    'MIME-Version: 1.0',
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
  ];
  for (const part of parts) lines.push(`--${boundary}`, ...part.headers, '', part.body);
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join(CRLF), 'latin1');
}

function zipOf(entries: Record<string, Buffer | string>): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(entries)) zip.addFile(name, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  return zip.toBuffer();
}

describe('parseVendorReply on built messages', () => {
  it('joins a key split by a quoted-printable soft line break', async () => {
    const raw = Buffer.from(
      [
        'From: sales@vendor.example',
        `Subject: Keys ${ORDER_NUMBER}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '=D0=9A=D0=BB=D1=8E=D1=87: ABCDE-FGHIJ-KL=',
        'MNO-PQRST',
        '',
      ].join(CRLF),
      'latin1',
    );
    const reply = await parseVendorReply(raw);
    expect(reply.keys).toEqual([{ key: 'ABCDE-FGHIJ-KLMNO-PQRST' }]);
  });

  it('reads a comma-separated CSV in Windows-1251 with quoted cells, finding the key and part-number columns by their headers', async () => {
    const csv = [
      '"Наименование","Артикул","Лицензионный ключ","Срок"',
      '"Антивирус, 1 год","AV-STD-1Y-0001","QWERT-ASDFG-ZXCVB-12345","12"',
      '"Антивирус, 2 года","AV-STD-2Y-0002","YUIOP-HJKL9-BNM12-67890","24"',
    ].join(CRLF);
    const bytes = Buffer.from(new Uint8Array([...csv].map((ch) => cp1251Byte(ch))));
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('См. вложение.'), attachment('keys.csv', 'text/csv', bytes)]));
    expect(reply.keys).toEqual([
      { key: 'QWERT-ASDFG-ZXCVB-12345', partNumber: 'AV-STD-1Y-0001', fileName: 'keys.csv' },
      { key: 'YUIOP-HJKL9-BNM12-67890', partNumber: 'AV-STD-2Y-0002', fileName: 'keys.csv' },
    ]);
  });

  it('finds keys in a zip nested three deep', async () => {
    const inner = zipOf({ 'seat.lic': 'AAAA1-BBBB2-CCCC3-DDDD4' });
    const middle = zipOf({ 'inner.zip': inner, 'readme.txt': 'see inner.zip' });
    const outer = zipOf({ 'middle.zip': middle });
    const reply = await parseVendorReply(message([`Subject: Keys ${ORDER_NUMBER}`], [attachment('outer.zip', 'application/zip', outer)]));
    expect(reply.keys).toEqual([{ key: 'AAAA1-BBBB2-CCCC3-DDDD4', fileName: 'seat.lic', file: Buffer.from('AAAA1-BBBB2-CCCC3-DDDD4') }]);
    expect(reply.problems).toEqual([]);
  });

  it('stops at the nesting limit with a problem instead of unpacking forever', async () => {
    let zip = zipOf({ 'deep.lic': 'AAAA1-BBBB2-CCCC3-DDDD4' });
    for (let level = 0; level < EXTRACTION_LIMITS.maxDepth + 1; level++) zip = zipOf({ [`level${level}.zip`]: zip });
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [attachment('matryoshka.zip', 'application/zip', zip)]));
    expect(reply.keys).toEqual([]);
    expect(reply.problems).toHaveLength(1);
    expect(reply.problems[0]).toMatch(/вложен глубже/);
  });

  it('refuses a zip entry larger than the limit, and still reads the rest of the archive', async () => {
    const zip = zipOf({
      'bomb.txt': Buffer.alloc(EXTRACTION_LIMITS.maxFileBytes + 1024, 0x41),
      'license.key': 'KEYAA-KEYBB-KEYCC-KEYDD',
    });
    expect(zip.length).toBeLessThan(100_000);
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [attachment('keys.zip', 'application/zip', zip)]));
    expect(reply.keys.map((k) => k.key)).toEqual(['KEYAA-KEYBB-KEYCC-KEYDD']);
    expect(reply.problems).toHaveLength(1);
    expect(reply.problems[0]).toMatch(/«keys\.zip\/bomb\.txt».*больше предела.*zip-бомб/);
  });

  it('refuses an entry that unpacks to more than the size its header declares', async () => {
    const zip = zipOf({ 'small.key': Buffer.alloc(EXTRACTION_LIMITS.maxFileBytes + 1024, 0x41) });
    // Lie in both headers: 100 bytes uncompressed.
    const local = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, local + 22);
    zip.writeUInt32LE(100, central + 24);
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [attachment('keys.zip', 'application/zip', zip)]));
    expect(reply.keys).toEqual([]);
    expect(reply.problems).toHaveLength(1);
    expect(reply.problems[0]).toMatch(/«keys\.zip\/small\.key».*больше заявленных/);
  });

  it('uses a vendor pattern instead of the default, and never takes the order number for a key', async () => {
    const body = `Заказ ${ORDER_NUMBER}\nSerial: 1234-5678-9012\nSerial: 2345-6789-0123\nНе ключ: ABCD-EFGH-IJKL-MNOP\nТелефон 0000-0000-0042`;
    const raw = message([`Subject: Serials ${ORDER_NUMBER}`], [textPart(body)]);
    const vendor = await parseVendorReply(raw, { keyPatterns: ['\\b\\d{4}-\\d{4}-\\d{4}\\b'] });
    expect(vendor.keys.map((k) => k.key)).toEqual(['1234-5678-9012', '2345-6789-0123', '0000-0000-0042']);
    const captured = await parseVendorReply(raw, { keyPatterns: ['/serial:\\s*(\\d{4}-\\d{4}-\\d{4})/i'] });
    expect(captured.keys.map((k) => k.key)).toEqual(['1234-5678-9012', '2345-6789-0123']);
    const byDefault = await parseVendorReply(raw);
    expect(byDefault.keys.map((k) => k.key)).toEqual(['ABCD-EFGH-IJKL-MNOP']);
    const digitsOnly = await parseVendorReply(raw, { keyPatterns: ['\\d{7}'] });
    expect(digitsOnly.keys).toEqual([]);
  });

  it('reports a vendor pattern that does not compile', async () => {
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('AAAA-BBBB-CCCC-DDDD')]), { keyPatterns: ['(unclosed'] });
    expect(reply.keys).toEqual([]);
    expect(reply.problems[0]).toMatch(/Шаблон ключа вендора «\(unclosed»/);
  });

  it('never takes a part number for a key, whether labelled in the text or a column of a CSV', async () => {
    const body = 'Артикул: PART-2024-PRO1-0001\nКлюч: KEYAA-KEYBB-KEYCC-KEYDD\nSKU-2025-CORP-0002';
    const csv = 'SKU;Key\nSKU-2025-CORP-0002;KEY11-KEY22-KEY33-KEY44\n';
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart(body), attachment('keys.csv', 'text/csv', Buffer.from(csv))]));
    expect(reply.keys.map((k) => [k.key, k.partNumber])).toEqual([
      ['KEYAA-KEYBB-KEYCC-KEYDD', undefined],
      ['KEY11-KEY22-KEY33-KEY44', 'SKU-2025-CORP-0002'],
    ]);
  });

  it('takes no keys from quoted text: "> " lines and HTML blockquotes', async () => {
    const text = 'New: NEWAA-NEWBB-NEWCC-NEWDD\n\n> Old: OLDAA-OLDBB-OLDCC-OLDDD';
    const html = '<p>New: HTMLA-HTMLB-HTMLC-HTMLD</p><blockquote><p>Old: QUOTA-QUOTB-QUOTC-QUOTD</p></blockquote>';
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart(text), textPart(html, 'text/html; charset=utf-8')]));
    expect(reply.keys.map((k) => k.key)).toEqual(['NEWAA-NEWBB-NEWCC-NEWDD', 'HTMLA-HTMLB-HTMLC-HTMLD']);
  });

  it('takes an armoured license that is no key-shaped text as the key itself, with its file', async () => {
    const license = '-----BEGIN LICENSE-----\r\nbG9uZyBzaWduZWQgbGljZW5zZSBibG9i\r\nc2Vjb25kIGxpbmU=\r\n-----END LICENSE-----\r\n';
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [attachment('product.dat', 'application/octet-stream', Buffer.from(license))]));
    expect(reply.keys).toEqual([{ key: 'bG9uZyBzaWduZWQgbGljZW5zZSBibG9i\nc2Vjb25kIGxpbmU=', fileName: 'product.dat', file: Buffer.from(license) }]);
  });

  it('classifies auto-replies by their headers and takes no keys from them', async () => {
    for (const header of ['X-Autoreply: yes', 'X-Autorespond: on', 'Precedence: auto_reply', 'Auto-Submitted: auto-generated']) {
      const reply = await parseVendorReply(message([header, `Subject: Re: ${ORDER_NUMBER}`], [textPart('Ключ: KEYAA-KEYBB-KEYCC-KEYDD')]));
      expect(reply.kind, header).toBe('auto-reply');
      expect(reply.keys, header).toEqual([]);
      expect(reply.orderRefs, header).toEqual([ORDER_NUMBER]);
    }
    const notAuto = await parseVendorReply(message(['Auto-Submitted: no', `Subject: ${ORDER_NUMBER}`], [textPart('KEYAA-KEYBB-KEYCC-KEYDD')]));
    expect(notAuto.kind).toBe('reply');
    expect(notAuto.keys).toHaveLength(1);
    const outOfOffice = await parseVendorReply(message([`Subject: Out of Office: ${ORDER_NUMBER}`], [textPart('Back on Monday')]));
    expect(outOfOffice.kind).toBe('auto-reply');
  });

  it('finds the bounced request from returned headers alone (text/rfc822-headers)', async () => {
    const headers = `From: orders@sid.example\r\nSubject: Order request ${ORDER_NUMBER}\r\nMessage-ID: ${REQUEST_MESSAGE_ID}\r\n`;
    const raw = message(
      ['Subject: Delivery Status Notification (Failure)'],
      [textPart('Delivery failed.'), { headers: ['Content-Type: text/rfc822-headers'], body: headers }],
    );
    const reply = await parseVendorReply(Buffer.from(raw.toString('latin1').replace('licensing@vendor.example', 'MAILER-DAEMON@mx.example'), 'latin1'));
    expect(reply.kind).toBe('bounce');
    expect(reply.quotedMessageIds).toEqual([REQUEST_MESSAGE_ID]);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
  });

  it('reads a bare 8-bit Windows-1251 subject and file name, as old mailers send them', async () => {
    const name = Buffer.from([0xca, 0xeb, 0xfe, 0xf7, 0xe8]).toString('latin1'); // "Ключи"
    const raw = message([`Subject: ${name} ${ORDER_NUMBER}`], [attachment(`${name}.txt`, 'text/plain', Buffer.from('KEYAA-KEYBB-KEYCC-KEYDD'))]);
    const reply = await parseVendorReply(raw);
    expect(reply.subject).toBe(`Ключи ${ORDER_NUMBER}`);
    expect(reply.attachments[0]?.fileName).toBe('Ключи.txt');
    expect(reply.keys).toEqual([{ key: 'KEYAA-KEYBB-KEYCC-KEYDD', fileName: 'Ключи.txt' }]);
  });

  it('reads keys and part numbers from an Excel sheet (shared and inline strings)', async () => {
    const sharedStrings =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><t>Артикул</t></si><si><t>Ключ активации</t></si><si><t>OFF-PRO-1Y</t></si><si><r><t>XLSAA-XLSBB-</t></r><r><t>XLSCC-XLSDD</t></r></si></sst>';
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><t>XLS11-XLS22-XLS33-XLS44</t></is></c><c r="C3"><v>1</v></c></row>' +
      '</sheetData></worksheet>';
    const xlsx = zipOf({ '[Content_Types].xml': '<Types/>', 'xl/sharedStrings.xml': sharedStrings, 'xl/worksheets/sheet1.xml': sheet, 'docProps/thumbnail.jpeg': Buffer.from([0xff, 0xd8, 0x00]) });
    const reply = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [attachment('Ключи.xlsx', 'application/octet-stream', xlsx)]));
    expect(reply.keys).toEqual([
      { key: 'XLSAA-XLSBB-XLSCC-XLSDD', partNumber: 'OFF-PRO-1Y', fileName: 'Ключи.xlsx' },
      { key: 'XLS11-XLS22-XLS33-XLS44', partNumber: 'OFF-PRO-1Y', fileName: 'Ключи.xlsx' },
    ]);
    expect(reply.problems).toEqual([]);
  });

  it('reads keys from a Word document, even when Word split a key into runs', async () => {
    const document =
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      `<w:p><w:r><w:t>Заказ ${ORDER_NUMBER}</w:t></w:r></w:p>` +
      '<w:p><w:r><w:t xml:space="preserve">Ключ: DOCAA-</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>DOCBB-DOCCC-DOCDD</w:t></w:r></w:p>' +
      '</w:body></w:document>';
    const docx = zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': document });
    const reply = await parseVendorReply(message(['Subject: Лицензии'], [attachment('license.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx)]));
    expect(reply.keys).toEqual([{ key: 'DOCAA-DOCBB-DOCCC-DOCDD', fileName: 'license.docx' }]);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);
  });

  it('tells staff about an attachment it cannot read, but not about images', async () => {
    const reply = await parseVendorReply(
      message(
        [`Subject: ${ORDER_NUMBER}`],
        [textPart('Keys in the archive.'), attachment('keys.7z', 'application/x-7z-compressed', Buffer.from('7z\xbc\xaf\x27\x1c', 'latin1')), attachment('logo.png', 'image/png', Buffer.from([0x89, 0x50]))],
      ),
    );
    expect(reply.problems).toEqual([expect.stringMatching(/«keys\.7z» \(application\/x-7z-compressed\) автоматически не читается/)]);
  });

  it('never throws on a damaged fixture: bytes overwritten and the message cut short', async () => {
    const originals = manifest.map((entry) => fixture(entry.file));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: originals.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (which, edits, keep) => {
          const bytes = Buffer.from(originals[which]!);
          for (const [at, value] of edits) bytes[Math.floor(at * bytes.length)] = value;
          const reply = await parseVendorReply(bytes.subarray(0, Math.ceil(keep * bytes.length)));
          expect(Array.isArray(reply.problems)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not throw on input that is no mail message', async () => {
    for (const garbage of [Buffer.alloc(0), Buffer.from([0x00, 0xff, 0x13, 0x37]), Buffer.from('%PDF-1.7\n\x00\x00binary')]) {
      const reply = await parseVendorReply(garbage);
      expect(reply.kind).toBe('reply');
      expect(reply.keys).toEqual([]);
      expect(reply.problems).toHaveLength(1);
    }
  });
});

/** Windows-1251 bytes for the characters these tests use. */
function cp1251Byte(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  if (ch === 'ё') return 0xb8;
  if (ch === 'Ё') return 0xa8;
  throw new Error(`no Windows-1251 byte for ${ch}`);
}

// ---- Issue 15: what vendors really send (phones beside keys, look-alike letters, PDFs, password zips)

async function zipWithPassword(entries: Record<string, string>, password: string, zipCrypto: boolean): Promise<Buffer> {
  const { BlobWriter, TextReader, ZipWriter } = await import('@zip.js/zip.js');
  const writer = new ZipWriter(new BlobWriter('application/zip'), { password, zipCrypto, encryptionStrength: 3 });
  for (const [name, text] of Object.entries(entries)) await writer.add(name, new TextReader(text));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

async function certificatePdf(lines: string[]): Promise<Buffer> {
  const { renderPdf } = await import('../../src/documents/pdf');
  // A fixed date: the PDF's creation date only, nothing is compared with today.
  return renderPdf({ content: lines.map((text) => ({ text })) }, { title: 'Сертификат', author: 'Вендор', date: '2026-11-20' });
}

describe('issue 15: keys only where a person would see keys', () => {
  it('never takes a hotline number, a date, an INN or a sum for a key; the same key in the text and HTML parts counts once', async () => {
    const text = [
      `Ключи по заказу ${ORDER_NUMBER}:`,
      '6B32-16FD-AEEB-9757',
      '29FA-E923-D5A4-FD12',
      '--',
      'Горячая линия: 8800-2220-3344-0101, +7 (495) 123-45-67, ИНН 7707083890, от 2026-11-20, сумма 12 345,00 руб.',
    ].join('\n');
    const html = `<p>Ключи по заказу ${ORDER_NUMBER}:</p><pre>6B32-16FD-AEEB-9757</pre><pre>29FA&#8209;E923&#8209;D5A4&#8209;FD12</pre><p>Горячая линия: 8800-2220-3344-0101</p>`;
    const raw = message([`Subject: Keys ${ORDER_NUMBER}`], []).toString('latin1').replace('multipart/mixed', 'multipart/alternative');
    const built = Buffer.from(
      raw.replace(
        /--=_boundary_42--/,
        [
          '--=_boundary_42',
          ...textPart(text).headers,
          '',
          textPart(text).body,
          '--=_boundary_42',
          ...textPart(html, 'text/html; charset="utf-8"').headers,
          '',
          textPart(html, 'text/html; charset="utf-8"').body,
          '--=_boundary_42--',
        ].join(CRLF),
      ),
      'latin1',
    );
    const reply = await parseVendorReply(built);
    expect(keyTexts(reply)).toEqual(['29FA-E923-D5A4-FD12', '6B32-16FD-AEEB-9757']);
  });

  it('reads Cyrillic look-alike letters typed into a Latin key as Latin, and says it did; Russian words stay words', async () => {
    // "6В32-16FD-АЕЕВ-9757" with Cyrillic В, А, Е, Е, В; "КОД-2026" has no Latin shape of four groups.
    const reply = await parseVendorReply(message([`Subject: Ключи ${ORDER_NUMBER}`], [textPart('Ваш ключ: 6В32-16FD-АЕЕВ-9757\nВТОРОЙ: 29FA-E923-D5A4-FD12\nСЕКРЕТНО-ВАЖНО-ОЧЕНЬ-СРОЧНО')]));
    expect(keyTexts(reply)).toEqual(['29FA-E923-D5A4-FD12', '6B32-16FD-AEEB-9757']);
    expect(reply.normalisedKeys).toEqual(['6B32-16FD-AEEB-9757']);
  });

  it('a vendor pattern narrows extraction to its shapes, and a Cyrillic pattern keeps Cyrillic as it is', async () => {
    const raw = message([`Subject: ${ORDER_NUMBER}`], [textPart('Серийный номер: 1234-5678-9012\nДругое: 6B32-16FD-AEEB-9757')]);
    expect(keyTexts(await parseVendorReply(raw, { keyPatterns: ['Серийный номер: (\\d{4}-\\d{4}-\\d{4})'] }))).toEqual(['1234-5678-9012']);
  });

  it('opens ZipCrypto and AES zips with the password the letter states, and tells staff when none opens it', async () => {
    for (const zipCrypto of [true, false]) {
      const zip = await zipWithPassword({ 'license.key': '-----BEGIN LICENSE-----\nPWZIP-AAAA1-BBBB2-CCCC3\n-----END LICENSE-----\n' }, 'Qw7!x', zipCrypto);
      const opened = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('Ключи в архиве, пароль к архиву — Qw7!x.'), attachment('keys.zip', 'application/zip', zip)]));
      expect(opened.keys.map((k) => [k.key, k.fileName]), `zipCrypto ${zipCrypto}`).toEqual([['PWZIP-AAAA1-BBBB2-CCCC3', 'license.key']]);
      expect(opened.problems).toEqual([]);

      const wrong = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('Пароль: 7731'), attachment('keys.zip', 'application/zip', zip)]));
      expect(wrong.keys).toEqual([]);
      expect(wrong.problems).toEqual([expect.stringMatching(/«keys\.zip\/license\.key» в архиве зашифрован, и пароль из письма его не открыл/)]);
      expect(wrong.problems.join()).not.toContain('7731');
    }
    const zip = await zipWithPassword({ 'k.txt': 'PWZIP-AAAA1-BBBB2-CCCC3' }, '7731', false);
    const none = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('Ключи во вложении.'), attachment('keys.zip', 'application/zip', zip)]));
    expect(none.problems).toEqual([expect.stringMatching(/зашифрован паролем, а пароля в письме нет/)]);
  });

  it('reads keys from a PDF certificate, and sends a PDF without a text layer to staff', async () => {
    const pdf = await certificatePdf(['Лицензионный сертификат', `Заказ ${ORDER_NUMBER}`, 'Ключ: PDFKY-11111-22222-33333', 'Ключ: PDFKY-44444-55555-66666', 'Поддержка: 8800-2220-3344-0101']);
    const reply = await parseVendorReply(message([`Subject: Сертификат`], [textPart('Сертификат во вложении.'), attachment('certificate.pdf', 'application/pdf', pdf)]));
    expect(keyTexts(reply)).toEqual(['PDFKY-11111-22222-33333', 'PDFKY-44444-55555-66666']);
    expect(reply.keys.every((k) => k.fileName === 'certificate.pdf')).toBe(true);
    expect(reply.orderRefs).toEqual([ORDER_NUMBER]);

    const { renderPdf } = await import('../../src/documents/pdf');
    const scan = await renderPdf({ content: [{ canvas: [{ type: 'rect', x: 0, y: 0, w: 200, h: 100, color: '#888888' }] }] }, { title: 'scan', author: 'v', date: '2026-11-20' });
    const scanned = await parseVendorReply(message([`Subject: ${ORDER_NUMBER}`], [textPart('Сертификат во вложении.'), attachment('scan.pdf', 'application/pdf', scan)]));
    expect(scanned.keys).toEqual([]);
    expect(scanned.problems).toEqual([expect.stringMatching(/PDF «scan\.pdf» не содержит текстового слоя/)]);
  });

  it('reads the receiving server\'s Authentication-Results for the From domain', async () => {
    const raw = (results: string) =>
      Buffer.from(
        [`Authentication-Results: mx.sid.local; spf=pass smtp.mailfrom=keys@abbyy.ru; dkim=${results} header.d=abbyy.ru; dmarc=${results} header.from=abbyy.ru`, 'From: keys@abbyy.ru', `Subject: ${ORDER_NUMBER}`, '', 'text', ''].join(CRLF),
        'latin1',
      );
    expect((await parseVendorReply(raw('pass'))).authentication).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', passed: true, failed: false });
    expect((await parseVendorReply(raw('fail'))).authentication).toMatchObject({ dmarc: 'fail', failed: true });
  });
});
