import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { buildKeyArchive, manifestCsv } from '../../src/activities/delivery/key-archive';
import { createLocalBlobStore, encryptPlaintextBlobs, readBlob } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';

describe('key cipher', () => {
  const cipher = createKeyCipher(randomBytes(32).toString('base64'));

  it('round-trips a key, with a fresh IV each time', () => {
    const a = cipher.encrypt('ABCDE-FGHIJ-KLMNO');
    const b = cipher.encrypt('ABCDE-FGHIJ-KLMNO');
    expect(a).not.toBe(b);
    expect(a).not.toContain('ABCDE');
    expect(cipher.decrypt(a)).toBe('ABCDE-FGHIJ-KLMNO');
  });

  it('detects tampering and a wrong key', () => {
    const stored = cipher.encrypt('SECRET-KEY');
    const [v, iv, tag, body] = stored.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => createKeyCipher(randomBytes(32).toString('base64')).decrypt(stored)).toThrow();
  });

  it('fingerprints the same key the same way, and different keys differently', () => {
    expect(cipher.fingerprint('K1')).toBe(cipher.fingerprint('K1'));
    expect(cipher.fingerprint('K1')).not.toBe(cipher.fingerprint('K2'));
  });

  it('refuses a key-encryption key of the wrong size', () => {
    expect(() => createKeyCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('key archive', () => {
  const lines = [
    { lineNo: 1, partNumber: 'KL4863RAAFS', productName: 'Kaspersky Endpoint Security, "Стандартный"', quantity: 2, vendorOrderId: 'VO-1', keys: ['AAAAA-BBBBB', 'CCCCC-DDDDD'] },
    { lineNo: 2, partNumber: 'AD/65.27', productName: 'Acrobat, 1 год', quantity: 1, vendorOrderId: null, keys: ['EEEEE-FFFFF'] },
  ];

  const shippedAt = new Date('2026-03-14T09:26:54Z');

  it('writes the manifest for Russian Excel: a BOM, Russian headers, `;` between cells, quoted where needed', () => {
    const csv = manifestCsv([...lines, { lineNo: 3, partNumber: 'X1', productName: 'Офис; 5 мест', quantity: 1, vendorOrderId: '=HYPERLINK("x")', keys: ['K'] }]);
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('\ufeffСтрока;Артикул;Продукт;Количество;Ключей;Файл;Заказ у вендора;Файлы ключей');
    expect(rows[1]).toBe('1;KL4863RAAFS;"Kaspersky Endpoint Security, ""Стандартный""";2;2;01-KL4863RAAFS.txt;VO-1;');
    expect(rows[2]).toBe('2;AD/65.27;Acrobat, 1 год;1;1;02-AD_65.27.txt;;');
    // A cell holding the separator is quoted; one that Excel would run as a formula is neutralised.
    expect(rows[3]).toBe(`3;X1;"Офис; 5 мест";1;1;03-X1.txt;"'=HYPERLINK(""x"")";`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('dates every entry with the Moscow shipping time', async () => {
    const zip = new AdmZip(await buildKeyArchive('SID-0000042', lines, [{ name: 'act-A-1.pdf', content: Buffer.from('%PDF') }], shippedAt));
    expect(zip.getEntries()).toHaveLength(4);
    // adm-zip reads the zone-less DOS time into local fields: 12:26:54 in Moscow is 09:26:54 UTC.
    for (const entry of zip.getEntries()) {
      const t = entry.header.time;
      expect([t.getFullYear(), t.getMonth() + 1, t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()], entry.entryName).toEqual([2026, 3, 14, 12, 26, 54]);
    }
  });

  it("packs a line's key files into its own folder, names made unique, and lists them in the manifest", async () => {
    const withFiles = [
      {
        ...lines[0]!,
        files: [
          { name: 'license_1.key', content: Buffer.from('-----BEGIN LICENSE-----\nAAAAA-BBBBB\n') },
          { name: 'license_1.key', content: Buffer.from('-----BEGIN LICENSE-----\nCCCCC-DDDDD\n') },
        ],
      },
      lines[1]!,
    ];
    const zip = new AdmZip(await buildKeyArchive('SID-0000042', withFiles, [], shippedAt));
    expect(zip.getEntries().map((e) => e.entryName)).toEqual([
      '01-KL4863RAAFS.txt',
      '01-KL4863RAAFS/license_1.key',
      '01-KL4863RAAFS/license_1-2.key',
      '02-AD_65.27.txt',
      'manifest.csv',
    ]);
    expect(zip.readAsText('01-KL4863RAAFS/license_1-2.key')).toContain('CCCCC-DDDDD');
    expect(zip.readAsText('manifest.csv')).toContain(';VO-1;01-KL4863RAAFS/license_1.key 01-KL4863RAAFS/license_1-2.key\r\n');
  });

  it('packs one file per line and the manifest, and the same keys shipped at the same time give the same bytes', async () => {
    const zip = await buildKeyArchive('SID-0000042', lines, [], shippedAt);
    const entries = new AdmZip(zip).getEntries().map((e) => e.entryName);
    expect(entries).toEqual(['01-KL4863RAAFS.txt', '02-AD_65.27.txt', 'manifest.csv']);
    expect(new AdmZip(zip).readAsText('01-KL4863RAAFS.txt')).toContain('AAAAA-BBBBB\r\nCCCCC-DDDDD');
    expect((await buildKeyArchive('SID-0000042', lines, [], new Date(shippedAt))).equals(zip)).toBe(true);
    expect((await buildKeyArchive('SID-0000042', lines, [], new Date(shippedAt.getTime() + 60_000))).equals(zip)).toBe(false);
  });
});

describe('local blob store', () => {
  const cipher = createKeyCipher(randomBytes(32).toString('base64'));
  it('stores and reads back, and refuses keys that could escape its directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sid-blob-test-'));
    const store = createLocalBlobStore(dir, cipher);
    await store.put('orders/SID-1/keys.zip', Buffer.from('zip bytes'));
    expect(await store.exists('orders/SID-1/keys.zip')).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get('orders/SID-1/keys.zip')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('zip bytes');
    expect(readdirSync(join(dir, 'orders/SID-1'))).toEqual(['keys.zip']);
    await expect(store.put('../outside', Buffer.from('x'))).rejects.toThrow(/may not have/);
    await expect(store.put('/etc/passwd', Buffer.from('x'))).rejects.toThrow(/may not have/);
  });
});

// Key archives and vendor letters carry licence keys: nothing in the blob directory is plaintext
// (issue 19, point 2).
describe('blobs at rest', () => {
  const cipher = createKeyCipher(randomBytes(32).toString('base64'));
  const key = 'KL486-3RAAF-SZZZZ-QQQQQ';
  const zip = async () => buildKeyArchive('SID-0000077', [{ lineNo: 1, partNumber: 'KL4863RAAFS', productName: 'Kaspersky', quantity: 1, vendorOrderId: null, keys: [key] }], [], new Date('2026-03-14T09:26:54Z'));

  it('are encrypted with a per-blob data key, mode 600, and read back as they were written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sid-blob-test-'));
    const store = createLocalBlobStore(dir, cipher);
    const archive = await zip();
    await store.put('orders/SID-0000077/keys-SID-0000077.zip', archive);
    const raw = readFileSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip'));
    expect(raw.subarray(0, 8).toString()).toBe('SIDBLOB1');
    expect(raw.includes(Buffer.from(key))).toBe(false);
    expect(raw.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false);
    expect(() => new AdmZip(raw).getEntries()).toThrow();
    expect(statSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip')).mode & 0o777).toBe(0o600);
    expect((await readBlob(store, 'orders/SID-0000077/keys-SID-0000077.zip')).equals(archive)).toBe(true);
    // Another key-encryption key cannot open it; a flipped byte is detected.
    expect(() => createKeyCipher(randomBytes(32).toString('base64')).decryptBlob(raw)).toThrow();
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decryptBlob(tampered)).toThrow();
  });

  it('written before encryption are encrypted by the migration, once; they read the same before and after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sid-blob-test-'));
    const archive = await zip();
    mkdirSync(join(dir, 'orders/SID-0000077'), { recursive: true });
    writeFileSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip'), archive, { mode: 0o644 });
    writeFileSync(join(dir, 'orders/SID-0000077/act.pdf'), Buffer.from('%PDF-1.7 act'), { mode: 0o644 });
    const store = createLocalBlobStore(dir, cipher);
    expect((await readBlob(store, 'orders/SID-0000077/keys-SID-0000077.zip')).equals(archive)).toBe(true);

    expect(await encryptPlaintextBlobs(dir, cipher)).toEqual({ encrypted: 2, alreadyEncrypted: 0 });
    const once = readFileSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip'));
    expect(once.includes(Buffer.from(key))).toBe(false);
    expect(statSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip')).mode & 0o777).toBe(0o600);
    expect(await encryptPlaintextBlobs(dir, cipher)).toEqual({ encrypted: 0, alreadyEncrypted: 2 });
    expect(readFileSync(join(dir, 'orders/SID-0000077/keys-SID-0000077.zip')).equals(once)).toBe(true);
    expect((await readBlob(store, 'orders/SID-0000077/keys-SID-0000077.zip')).equals(archive)).toBe(true);
    expect((await readBlob(store, 'orders/SID-0000077/act.pdf')).toString()).toBe('%PDF-1.7 act');
  });
});
