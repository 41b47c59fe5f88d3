import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Db } from '../../../db/client';
import type { MailboxSettings } from '../../infra/mail';
import type { ActivityDeps } from '../deps';
import { orderLog } from '../../infra/order-log';
import { takeInboundMessages, type InboundDeps, type InboundOutcome, type InboundStatus } from './inbound-mail';

/** A connection to the vendor mailbox as SID opens it (no library logging); `options` add to it. */
function imapClient(settings: MailboxSettings, options: Partial<ImapFlowOptions>): ImapFlow {
  return new ImapFlow({ host: settings.host, port: settings.port, secure: settings.secure, auth: { user: settings.user, pass: settings.password }, logger: false, ...options });
}

export interface IngestionReport {
  read: number;
  byStatus: Record<InboundStatus, number>;
  /** Messages that could not be taken this time (left in the inbox for the next reading). */
  failed: Array<{ uid: number; error: string }>;
}

/** How many messages one reading takes; the schedule's next run goes on with the rest. */
const MESSAGES_PER_READING = 500;
/** Messages fetched, taken and moved to the processed folder together. */
const BATCH = 50;

/**
 * Reads the mailbox's new messages in UID order. A message moves to the processed folder only
 * after its data is committed; a reading that stops half-way leaves the rest in the inbox, and a
 * message taken but not yet moved is recognised by its bytes next time and adds nothing.
 */
export async function ingestMailbox(
  deps: InboundDeps,
  settings: MailboxSettings,
  options: { limit?: number; onMessage?: (uid: number, outcome: InboundOutcome) => void } = {},
): Promise<IngestionReport> {
  const client = imapClient(settings, { disableAutoIdle: true });
  const report: IngestionReport = { read: 0, byStatus: { matched: 0, no_keys: 0, staff: 0, duplicate: 0 }, failed: [] };
  await client.connect();
  try {
    await client.mailboxCreate(settings.processedFolder); // answers "already exists" quietly
    const lock = await client.getMailboxLock(settings.folder);
    try {
      const found = await client.search({ all: true }, { uid: true });
      const uids = (found || []).sort((a, b) => a - b).slice(0, options.limit ?? MESSAGES_PER_READING);
      // Messages are fetched, taken and moved in batches: one FETCH, one lookup of the bytes already
      // taken and one MOVE per batch instead of one of each per message. A reading that stops before
      // a batch moves leaves those messages in the inbox, and the next reading recognises them by
      // their bytes.
      for (let start = 0; start < uids.length; start += BATCH) {
        const batch = uids.slice(start, start + BATCH);
        const fetched: Array<{ uid: number; source: Buffer }> = [];
        // No other IMAP command may run while a FETCH is being read: the batch is read whole first.
        for await (const message of client.fetch(batch.join(','), { uid: true, source: true }, { uid: true })) {
          if (message.source) fetched.push({ uid: message.uid, source: message.source });
        }
        fetched.sort((a, b) => a.uid - b.uid); // messages expunged meanwhile by another reader are simply absent
        const results = await takeInboundMessages(deps, fetched.map((m) => m.source), `${settings.user}/${settings.folder}`);
        const taken: number[] = [];
        for (const [i, result] of results.entries()) {
          const { uid } = fetched[i]!;
          if ('error' in result) {
            // Left in the inbox: the next reading tries it again; the others go on meanwhile.
            report.failed.push({ uid, error: result.error instanceof Error ? result.error.message : String(result.error) });
            continue;
          }
          report.read++;
          report.byStatus[result.outcome.status]++;
          taken.push(uid);
          options.onMessage?.(uid, result.outcome);
        }
        if (taken.length > 0) await client.messageMove(taken.join(','), settings.processedFolder, { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return report;
}

/**
 * Readings in one worker process go one at a time: the watcher's and the schedule's never read the
 * same messages side by side (if they did, the loser of each message's insert would leave it for the
 * next reading, which finds it taken: nothing would be lost, only work repeated).
 */
let readingInProgress: Promise<unknown> = Promise.resolve();
export function oneReadingAtATime<T>(read: () => Promise<T>): Promise<T> {
  const run = readingInProgress.then(read, read);
  readingInProgress = run.catch(() => undefined);
  return run;
}

/**
 * One reader per mailbox across every worker replica (issue 18): each reading holds a PostgreSQL
 * advisory lock named after the mailbox for as long as it reads, in a transaction of its own that
 * writes nothing (the messages' rows are written by the reading through the pool as before). The
 * watcher on one worker and the schedule's reading on another wait for each other instead of
 * reading the same messages side by side; a worker that dies mid-reading drops its connection,
 * and with it the lock.
 */
export function oneReaderPerMailbox<T>(db: Db, settings: MailboxSettings, read: () => Promise<T>): Promise<T> {
  const name = `vendor-mailbox:${settings.user}@${settings.host}:${settings.port}/${settings.folder}`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
    return read();
  });
}

/**
 * Waits on the mailbox with IMAP IDLE and runs `onNewMail` as soon as the server says a message
 * arrived (once at the start too, for what came while nobody watched). Returns after `maxMs`, or
 * when `signal` aborts; a dropped connection ends it with an error, so the caller starts again.
 * New mail that arrives during a reading leads to one more reading right after it.
 */
export async function watchMailbox(
  settings: MailboxSettings,
  options: { onNewMail: () => Promise<unknown>; heartbeat?: () => void; signal?: AbortSignal; maxMs: number },
): Promise<{ readings: number }> {
  const client = imapClient(settings, {
    // IDLE starts a moment after the mailbox opens, and is renewed well inside the 29 minutes RFC 2177 allows.
    autoIdleDelay: 200,
    maxIdleTime: 5 * 60_000,
  });
  let readings = 0;
  let pending = true; // read once at the start
  let reading: Promise<void> | null = null;
  let wake: () => void = () => {};
  let failure: Error | null = null;
  const read = () => {
    if (reading) return;
    pending = false;
    reading = options
      .onNewMail()
      .then(() => void readings++)
      .catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        reading = null;
        wake();
      });
  };
  client.on('exists', (event: { count: number; prevCount: number }) => {
    if (event.count > event.prevCount) {
      pending = true;
      wake();
    }
  });
  client.on('close', () => {
    failure ??= new Error('the IMAP connection closed while watching the vendor mailbox');
    wake();
  });
  await client.connect();
  try {
    await client.mailboxOpen(settings.folder);
    const until = Date.now() + options.maxMs;
    while (!options.signal?.aborted && Date.now() < until && !failure) {
      if (pending && !reading) read();
      options.heartbeat?.();
      // Sleep until mail arrives, a reading ends, the time is up or a heartbeat is due.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(5_000, Math.max(0, until - Date.now())));
        const onAbort = () => resolve();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        wake = () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve();
        };
      });
    }
    await reading;
    if (failure) throw failure;
    return { readings };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export function createMailIngestionActivities(deps: ActivityDeps) {
  const logTaken = (uid: number, outcome: InboundOutcome) => {
    Context.current().heartbeat({ uid });
    const about = { uid, status: outcome.status, keysStored: outcome.keysStored, seenBefore: outcome.seenBefore, inboundMailId: outcome.inboundMailId };
    // A message matched to no order goes to staff; its line has no order number to carry.
    if (outcome.orderNumber) orderLog(outcome.orderNumber, { vendorCode: outcome.vendorCode }).info('vendor mail taken', about);
    else Context.current().log.info('vendor mail taken', about);
  };
  return {
    /**
     * Watches the vendor mailbox with IMAP IDLE for up to `maxSeconds`, reading it within a second
     * of a reply's arrival; heartbeats every few seconds, so a worker that died is noticed and the
     * watch starts again elsewhere. The `vendor-mailbox` schedule keeps reading as the safety net.
     */
    async watchVendorMailbox(input: { maxSeconds: number }): Promise<{ readings: number }> {
      const settings = deps.mail.vendorMailbox;
      if (!settings) throw ApplicationFailure.nonRetryable('the vendor mailbox is not configured (SID_VENDOR_MAILBOX_URL)', 'AdapterMisconfigured');
      const context = Context.current();
      return watchMailbox(settings, {
        maxMs: input.maxSeconds * 1000,
        signal: context.cancellationSignal,
        heartbeat: () => context.heartbeat(),
        onNewMail: () =>
          oneReadingAtATime(() => oneReaderPerMailbox(deps.db, settings, async () => {
            const report = await ingestMailbox(deps, settings, { onMessage: logTaken });
            for (const failure of report.failed) context.log.warn('vendor mail left in the inbox', failure);
          })),
      });
    },

    async ingestVendorMailbox(): Promise<IngestionReport> {
      const settings = deps.mail.vendorMailbox;
      if (!settings) throw ApplicationFailure.nonRetryable('the vendor mailbox is not configured (SID_VENDOR_MAILBOX_URL)', 'AdapterMisconfigured');
      const report = await oneReadingAtATime(() => oneReaderPerMailbox(deps.db, settings, () => ingestMailbox(deps, settings, {
        onMessage: logTaken,
      })));
      for (const failure of report.failed) Context.current().log.warn('vendor mail left in the inbox', failure);
      // Every message failing means the books are unreachable, not that the mail is odd: let Temporal retry.
      if (report.failed.length > 0 && report.read === 0) {
        throw new Error(`no message could be taken: ${report.failed[0]!.error}`);
      }
      return report;
    },
  };
}
