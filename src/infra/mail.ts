import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/**
 * Outgoing mail through one URL: `smtp://user:pass@host:587` (STARTTLS when offered),
 * `smtps://…:465` (TLS), or `lmtp://host:port` (straight into a local dovecot, for development
 * and tests). Credentials travel in the URL, which comes only from the environment.
 */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /** Our own Message-ID (with angle brackets), when replies must be matched to it. */
  messageId?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface Mailer {
  /** The From address: the distributor's order desk. */
  readonly from: string;
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  close(): void;
}

export function smtpOptionsFromUrl(url: string): SMTPTransport.Options {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!['smtp', 'smtps', 'lmtp'].includes(scheme)) throw new Error(`mail URL must be smtp://, smtps:// or lmtp://, not ${scheme}://`);
  const auth = parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined;
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (scheme === 'smtps' ? 465 : scheme === 'lmtp' ? 24 : 587)),
    secure: scheme === 'smtps',
    lmtp: scheme === 'lmtp',
    ...(auth ? { auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as SMTPTransport.Options;
}

/**
 * Letters go through a pool of up to `maxConnections` open connections, each reused for up to 100
 * letters: a shipped order sends its key letter, then its act, and a new connection per letter
 * cost a TCP handshake, the greeting, EHLO/LHLO (and STARTTLS and a login on a real relay) every
 * time, in the worker and at the relay. A connection the relay closes leaves the pool and the next
 * letter opens a new one; a letter whose send fails still fails its activity, which retries it.
 */
export function createMailer(url: string, from: string, options: { maxConnections?: number } = {}): Mailer {
  const pooled: SMTPPool.Options = { ...(smtpOptionsFromUrl(url) as SMTPPool.Options), pool: true, maxConnections: options.maxConnections ?? 4, maxMessages: 100 };
  const transport = nodemailer.createTransport(pooled);
  return {
    from,
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.messageId ? { messageId: message.messageId } : {}),
        attachments: message.attachments,
      });
      // LMTP answers per recipient: a refused recipient is a failed send, not a quiet success.
      if (info.rejected.length > 0) throw new Error(`mail to ${info.rejected.join(', ')} was refused: ${info.response}`);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/** Where mail is read: `imap://user:pass@host:143/INBOX` or `imaps://…:993/INBOX`. */
export interface MailboxSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** The folder read for new messages (INBOX unless the URL names another). */
  folder: string;
  /** Where a message goes once its data is committed. */
  processedFolder: string;
}

export function mailboxFromUrl(url: string): MailboxSettings {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'imap' && scheme !== 'imaps') throw new Error(`mailbox URL must be imap:// or imaps://, not ${scheme}://`);
  if (!parsed.username) throw new Error('mailbox URL must carry the login: imap://user:password@host/INBOX');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (scheme === 'imaps' ? 993 : 143)),
    secure: scheme === 'imaps',
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    folder: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
    processedFolder: parsed.searchParams.get('processed') ?? 'Processed',
  };
}

/** The domain of an address like `SID <orders@sid.local>`, for Message-IDs of our own. */
export function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase() ?? 'sid.local';
}
