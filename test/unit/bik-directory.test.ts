import { readFileSync } from 'node:fs';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { SAMPLE_BIK_DIRECTORY } from '../../db/seed';
import { ed807Bytes } from '../../src/activities/requisites/bik.activities';
import { BikDirectoryError, parseEd807 } from '../../src/domain/bik-directory';
import { checkRequisites } from '../../src/domain/requisites';
import { ru } from '../../src/locale/ru';

// The Central Bank's BIK directory in its ED807 format (issue 17), read from bytes.
const sample = readFileSync(SAMPLE_BIK_DIRECTORY);
const utf8 = (body: string) =>
  // Fixed dates on purpose: an ED807 file's own business day, read back as written; nothing compares it with today.
  new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<ED807 xmlns="urn:cbr-ru:ed:v2.0" EDNo="5" EDDate="2026-12-02" BusinessDay="2026-12-02">${body}</ED807>`);

describe('parseEd807', () => {
  it('reads the sample kept in the repo (windows-1251, as the Bank publishes it), leaving out excluded participants', () => {
    const directory = parseEd807(sample);
    expect(directory.date).toBe('2026-12-01');
    expect(directory.entries).toHaveLength(10);
    expect(directory.entries.find((e) => e.bik === '044525225')).toEqual({ bik: '044525225', name: 'ПАО Сбербанк', city: 'г. Москва', correspondentAccount: '30101810400000000225' });
    // A Bank of Russia division has no correspondent account; an excluded bank (PSDL) is not listed.
    expect(directory.entries.find((e) => e.bik === '044525000')?.correspondentAccount).toBeNull();
    expect(directory.entries.map((e) => e.bik)).not.toContain('044525999');
  });

  it('has, for every bank of the sample, a correspondent account that passes the key check against its BIK', () => {
    for (const e of parseEd807(sample).entries) {
      const checked = checkRequisites({ bik: e.bik, ...(e.correspondentAccount ? { correspondentAccount: e.correspondentAccount } : {}) }, ru.requisites);
      expect(checked.errors, e.bik).toEqual([]);
    }
  });

  it('takes a utf-8 copy, ignores what it does not use, and takes the active CRSA account only', () => {
    const directory = parseEd807(
      utf8(`<BICDirectoryEntry BIC="044525187"><ParticipantInfo NameP="Банк ВТБ (ПАО)" Tnp="г" Nnp="Москва" ParticipantStatus="PSAC"/><RstrList Rstr="URRS"/>` +
        `<Accounts Account="30101810000000000001" RegulationAccountType="CRSA" AccountStatus="ACDL"/><Accounts Account="30101810700000000187" RegulationAccountType="CRSA" AccountStatus="ACAC"/></BICDirectoryEntry>`),
    );
    expect(directory).toEqual({ date: '2026-12-02', entries: [{ bik: '044525187', name: 'Банк ВТБ (ПАО)', city: 'г. Москва', correspondentAccount: '30101810700000000187' }] });
  });

  it('refuses what is not a directory, saying what is wrong', () => {
    expect(() => parseEd807(new TextEncoder().encode('<ValCurs Date="01.12.2026"/>'))).toThrow('BIK directory (ED807): the root element is <ValCurs>, not <ED807>');
    expect(() => parseEd807(utf8(''))).toThrow('the directory has no entries');
    expect(() => parseEd807(utf8('<BICDirectoryEntry BIC="12345"><ParticipantInfo NameP="x"/></BICDirectoryEntry>'))).toThrow('BIC "12345" is not 9 digits');
    expect(() => parseEd807(sample.subarray(0, sample.length - 40))).toThrow(BikDirectoryError);
  });
});

describe('ed807Bytes', () => {
  it('takes the ED807 XML out of the Bank’s zip, and passes plain XML through', () => {
    const zip = new AdmZip();
    zip.addFile('20261201_ED807_full.xml', sample);
    expect(parseEd807(ed807Bytes(zip.toBuffer())).entries).toHaveLength(10);
    expect(ed807Bytes(sample)).toBe(sample);
    const empty = new AdmZip();
    empty.addFile('readme.txt', Buffer.from('nothing'));
    expect(() => ed807Bytes(empty.toBuffer())).toThrow('the zip holds 0 ED807 XML files, expected one');
  });
});
