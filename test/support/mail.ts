import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { inject } from 'vitest';
import type { MailboxSettings } from '../../src/infra/mail';

/** A mailbox of its own on the run's dovecot (any address is one), so test files never share mail. */
export function freshMailbox(prefix: string): { address: string; settings: MailboxSettings } {
  const address = `${prefix}-${randomBytes(4).toString('hex')}@sid.test`;
  return { address, settings: mailboxOf(address) };
}

/** How to read one address's mailbox on the run's dovecot (a dealer's, a vendor's order desk). */
export function mailboxOf(address: string): MailboxSettings {
  const { imapPort, password } = inject('mail');
  return { host: '127.0.0.1', port: imapPort, secure: false, user: address, password, folder: 'INBOX', processedFolder: 'Processed' };
}

export const lmtpUrl = () => `lmtp://127.0.0.1:${inject('mail').lmtpPort}`;

/** Delivers raw message bytes to a mailbox over LMTP, the way the mail server hands them on. */
export async function deliverRaw(to: string, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inject('mail').lmtpPort, lmtp: true } as never);
  try {
    const info = await transport.sendMail({ envelope: { from: 'vendor@vendor.test', to: [to] }, raw });
    if (info.rejected.length > 0) throw new Error(`LMTP refused ${to}: ${info.response}`);
  } finally {
    transport.close();
  }
}

export interface StoredMessage {
  uid: number;
  source: Buffer;
  subject: string;
}

/** What a mailbox holds in one folder, read over IMAP like a mail client would. */
export async function readFolder(settings: MailboxSettings, folder = 'INBOX'): Promise<StoredMessage[]> {
  const client = new ImapFlow({ host: settings.host, port: settings.port, secure: false, auth: { user: settings.user, pass: settings.password }, logger: false });
  await client.connect();
  try {
    const status = await client.status(folder, { messages: true }).catch(() => false as const);
    if (!status || !status.messages) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const messages: StoredMessage[] = [];
      for await (const m of client.fetch('1:*', { uid: true, source: true, envelope: true })) {
        messages.push({ uid: m.uid, source: m.source!, subject: m.envelope?.subject ?? '' });
      }
      return messages;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
