/**
 * The Central Bank's BIK directory (Справочник БИК) in its ED807 XML format (УФЭБС), from bytes
 * to entries: each bank's BIK, name, city and correspondent account. Pure: the fetcher unpacks
 * the Bank's zip and hands over the XML as it came (windows-1251 from the Bank, or utf-8).
 */
import { decodeXmlBytes, readXmlSubset, type XmlElement } from './xml-subset';

export interface BikEntry {
  bik: string;
  /** The participant's name as the Bank publishes it (NameP), e.g. «ПАО Сбербанк». */
  name: string;
  /** Settlement name with its type, e.g. «г. Москва»; empty when the Bank gives none. */
  city: string;
  /** The active correspondent account at the Bank of Russia (RegulationAccountType CRSA); none for the Bank's own divisions. */
  correspondentAccount: string | null;
}

export interface BikDirectory {
  /** The business day the directory is for, ISO (BusinessDay, or EDDate). */
  date: string;
  entries: BikEntry[];
}

export class BikDirectoryError extends Error {
  override name = 'BikDirectoryError';
  constructor(problem: string) {
    super(`BIK directory (ED807): ${problem}`);
  }
}

const fail = (problem: string) => new BikDirectoryError(problem);
const BIK = /^\d{9}$/;
const ACCOUNT = /^\d{20}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A participant the Bank has excluded (PSDL): its BIK no longer takes payments. */
const DELETED = 'PSDL';

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

function entryOf(element: XmlElement, index: number): BikEntry | null {
  const bik = element.attributes.get('BIC') ?? '';
  if (!BIK.test(bik)) throw fail(`entry ${index + 1}: BIC "${bik}" is not 9 digits`);
  const info = childrenNamed(element, 'ParticipantInfo')[0];
  if (!info) throw fail(`entry ${bik}: no <ParticipantInfo>`);
  if (info.attributes.get('ParticipantStatus') === DELETED) return null;
  const name = (info.attributes.get('NameP') ?? '').trim();
  if (!name) throw fail(`entry ${bik}: no NameP`);
  const settlement = [info.attributes.get('Tnp'), info.attributes.get('Nnp')].filter((p) => p && p.trim()).map((p) => p!.trim());
  const city = settlement.length === 2 ? `${settlement[0]}. ${settlement[1]}` : (settlement[0] ?? '');
  const correspondent = childrenNamed(element, 'Accounts').find(
    (a) => a.attributes.get('RegulationAccountType') === 'CRSA' && (a.attributes.get('AccountStatus') ?? 'ACAC') === 'ACAC',
  );
  const account = correspondent?.attributes.get('Account') ?? null;
  if (account !== null && !ACCOUNT.test(account)) throw fail(`entry ${bik}: account "${account}" is not 20 digits`);
  return { bik, name, city, correspondentAccount: account };
}

/**
 * Reads an ED807 document (the full directory). Excluded participants are left out; unknown
 * elements and attributes (restrictions, SWIFT codes, what the Bank adds later) are ignored.
 */
export function parseEd807(bytes: Uint8Array): BikDirectory {
  const root = readXmlSubset(decodeXmlBytes(bytes, fail), fail);
  if (root.name !== 'ED807') throw fail(`the root element is <${root.name}>, not <ED807>`);
  const date = root.attributes.get('BusinessDay') ?? root.attributes.get('EDDate') ?? '';
  if (!ISO_DATE.test(date)) throw fail(`BusinessDay "${date}" is not a date`);
  const elements = childrenNamed(root, 'BICDirectoryEntry');
  if (elements.length === 0) throw fail('the directory has no entries');
  const byBik = new Map<string, BikEntry>();
  elements.forEach((element, i) => {
    const entry = entryOf(element, i);
    if (entry) byBik.set(entry.bik, entry);
  });
  return { date, entries: [...byBik.values()] };
}

/** What the registration form learns from a BIK it was given. */
export type BikLookup = { status: 'found'; entry: BikEntry } | { status: 'unknown' } | { status: 'not_checked' };
