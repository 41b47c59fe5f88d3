import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { BankingCalendar } from '../domain/banking-calendar';
import type { BlobStore } from '../infra/blob-store';
import type { KeyCipher } from '../infra/key-cipher';
import type { Mailer, MailboxSettings } from '../infra/mail';
import type { Supplier } from '../infra/supplier';

/** What activities are built from: real services in the worker, test ones in tests. */
export interface ActivityDeps {
  db: Db;
  blobStore: BlobStore;
  keyCipher: KeyCipher;
  calendar: BankingCalendar;
  /** The distributor's requisites, printed on its documents. */
  supplier: Supplier;
  /** The Central Bank's daily rates (XML_daily.asp). */
  cbrUrl: string;
  /** The Central Bank's BIK directory (a zip with the ED807 XML); the Bank's own address when not given. */
  bikUrl?: string;
  /** For activities that start or signal other workflows (the monthly statement, fulfilments woken by mail). */
  temporal: Client;
  /** Where people and vendors reach SID (SID_PUBLIC_URL): links in letters, vendor callback URLs. */
  publicUrl: string;
  mail: {
    mailer: Mailer;
    /** The orders mailbox vendors reply to; null where nothing reads it (the worker refuses to start without it). */
    vendorMailbox: MailboxSettings | null;
    /** Larger key archives go as a link. */
    attachmentLimitBytes: number;
  };
}
