import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bikDirectory } from '../../db/schema';
import { SAMPLE_BIK_DIRECTORY } from '../../db/seed';
import { createBikActivities } from '../../src/activities/requisites/bik.activities';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// The Central Bank's BIK directory at registration (issue 17): the bank's name and correspondent
// account from the BIK, a BIK the directory lacks a warning, and the scheduled import.
let system: RunningSystem;
let bank: Server;
let served: Buffer;
let bankUrl: string;
const anonymous = () => new ApiSession(system.baseUrl);
const check = async (body: object) => (await anonymous().json('POST', '/api/requisites/check', body)).body;

beforeAll(async () => {
  system = await startSystem();
  bank = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/zip' });
    res.end(served);
  });
  await new Promise<void>((resolve) => bank.listen(0, '127.0.0.1', resolve));
  bankUrl = `http://127.0.0.1:${(bank.address() as AddressInfo).port}/s/newbik`;
});
afterAll(async () => {
  bank?.close();
  await system?.stop();
});

describe('POST /api/requisites/check with the BIK directory', () => {
  it('answers the bank of a known BIK from the directory the seed loaded', async () => {
    const answer = await check({ bik: '044525225', correspondentAccount: '30101810400000000225' });
    expect(answer).toEqual({ errors: [], warnings: [], bank: { bik: '044525225', name: 'ПАО Сбербанк', city: 'г. Москва', correspondentAccount: '30101810400000000225' } });
  });

  it('warns, without refusing, of a BIK the directory lacks and of a correspondent account other than the directory’s', async () => {
    // 044525999 is well-formed but excluded from the directory (data/bik/README.md).
    const unknown = await check({ bik: '044525999' });
    // (The requisite check still asks for the correspondent account; the BIK itself is no error.)
    expect(unknown.errors.map((e: any) => e.field)).not.toContain('bik');
    expect(unknown.bank).toBeNull();
    expect(unknown.warnings).toEqual([{ field: 'bik', message: 'БИК 044525999 нет в справочнике БИК Банка России: проверьте его по договору с банком. Заявку можно отправить и так.' }]);

    // A Sberbank regional bank's account with Moscow's BIK fails the key check: an error, and the directory adds its own account.
    const other = await check({ bik: '044525187', correspondentAccount: '30101810400000000225' });
    expect(other.bank.name).toBe('Банк ВТБ (ПАО)');
    expect(other.warnings).toContainEqual({ field: 'correspondentAccount', message: 'По справочнику Банка России у банка с БИК 044525187 корр. счёт 30101810700000000187: проверьте счёт.' });
  });

  it('says nothing of a malformed BIK beyond the requisite check’s own error', async () => {
    const answer = await check({ bik: '04452522' });
    expect(answer.errors.map((e: any) => e.field)).toEqual(['bik']);
    expect(answer.bank).toBeUndefined();
  });
});

describe('the scheduled import (refreshBikDirectory)', () => {
  it('never fetches from a private or internal address', async () => {
    const activities = createBikActivities({ db: system.db.db, bikUrl: bankUrl, outboundPolicy: { allow: new Set() } });
    await expect(activities.refreshBikDirectory()).rejects.toMatchObject({ type: 'BikUrlRefused', nonRetryable: true });
    const internal = createBikActivities({ db: system.db.db, bikUrl: 'http://169.254.169.254/latest/meta-data', outboundPolicy: { allow: new Set() } });
    await expect(internal.refreshBikDirectory()).rejects.toMatchObject({ type: 'BikUrlRefused' });
  });

  it('loads the Bank’s zip, drops banks a newer edition no longer lists, and ignores an older edition', async () => {
    const port = (bank.address() as AddressInfo).port;
    const activities = createBikActivities({ db: system.db.db, bikUrl: bankUrl, outboundPolicy: { allow: new Set([`127.0.0.1:${port}`]) } });
    // A newer edition (the same sample, one bank renamed, one gone), zipped as the Bank sends it.
    const newer = readFileSync(SAMPLE_BIK_DIRECTORY, 'latin1')
      // Fixed dates on purpose: the sample directory's business day (data/bik) and a later one; the import compares directory dates only with each other, never with today.
      .replace('BusinessDay="2026-12-01"', 'BusinessDay="2026-12-03"')
      .replace(/<BICDirectoryEntry BIC="044525700">[\s\S]*?<\/BICDirectoryEntry>\r?\n/, '');
    const zip = new AdmZip();
    zip.addFile('20261203_ED807_full.xml', Buffer.from(newer, 'latin1'));
    served = zip.toBuffer();
    expect(await activities.refreshBikDirectory()).toEqual({ status: 'imported', date: '2026-12-03', entries: 9, removed: 1 });
    expect(await system.db.db.select().from(bikDirectory).where(eq(bikDirectory.bik, '044525700'))).toEqual([]);
    expect((await check({ bik: '044525700' })).warnings.map((w: any) => w.field)).toEqual(['bik']);

    // The sample again (older, 2026-12-01): nothing changes.
    served = readFileSync(SAMPLE_BIK_DIRECTORY);
    expect(await activities.refreshBikDirectory()).toEqual({ status: 'older_than_stored', date: '2026-12-01', stored: '2026-12-03' });
    expect((await check({ bik: '044525700' })).bank).toBeNull();

    // A page that is no directory is not retried.
    served = Buffer.from('<html>Сервис временно недоступен</html>');
    await expect(activities.refreshBikDirectory()).rejects.toMatchObject({ type: 'BikDirectoryUnreadable', nonRetryable: true });
  });
});
