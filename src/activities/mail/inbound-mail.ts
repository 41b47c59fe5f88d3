import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { inboundMail, licenseKeys, orderLines, orders, vendors } from '../../../db/schema';
import { signalIfRunning } from '../../infra/signal-if-running';
import { readBlob, type BlobStore } from '../../infra/blob-store';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { keysEnteredSignal, vendorFulfillmentWorkflowId } from '../../workflows/orders/order.contract';
import type { StaffQueueKind } from '../../domain/staff-queue';
import {
  senderDomain,
  senderVerdict,
  UNTRUSTED_SENDER_REASONS,
  type InboundMailDetails,
  type UntrustedSenderReason,
} from '../../domain/vendor-mail';
import { UseCaseError } from '../../usecases/errors';
import {
  assignKeys,
  findTarget as findTargetInBooks,
  loadOrdersWithVendors,
  referencedOrderNumbers,
  type LineCapacity,
  type Match,
  type MatchedTarget,
  type OrderWithVendors,
} from '../../usecases/mail/inbound-target.usecases';
import { queueForStaff, resolveStaffTasks } from '../../usecases/staff-queue/staff-queue.usecases';
import { emailAdapterSettingsSchema, type EmailAdapterSettings } from '../fulfilment/email-settings';
import { parseVendorReply, readLetterText, type ExtractedKey, type VendorReply } from './vendor-reply';

export interface InboundDeps {
  db: Db;
  blobStore: BlobStore;
  keyCipher: KeyCipher;
  temporal: Client;
}

export type InboundStatus = (typeof inboundMail.$inferSelect)['status'];

export interface InboundOutcome {
  inboundMailId: string;
  status: InboundStatus;
  orderNumber: string | null;
  vendorCode: string | null;
  keysStored: number;
  /** True when these very bytes had been taken before: nothing was added. */
  seenBefore: boolean;
}

interface Target {
  orderId: string;
  orderNumber: string;
  orderStatus: string;
  vendorId: number;
  vendorCode: string;
  settings: EmailAdapterSettings | null;
}

/** A matched order and vendor, with the vendor's e-mail settings parsed. */
async function findTarget(db: Db, reply: VendorReply, preloaded?: ReadonlyMap<string, OrderWithVendors>): Promise<{ target: Target } | Exclude<Match, { target: MatchedTarget }>> {
  const match = await findTargetInBooks(db, reply, preloaded);
  if (!match.target) return match;
  const { adapterSettings, ...target } = match.target;
  return { target: { ...target, settings: settingsOf(adapterSettings) } };
}

export const inboundBlobKey = (sha256: string) => `mail/inbound/${sha256.slice(0, 2)}/${sha256}.eml.enc`;

/** The original message, decrypted (it carries keys, so it is stored encrypted). */
export async function readOriginal(deps: Pick<InboundDeps, 'blobStore' | 'keyCipher'>, blobKey: string): Promise<Buffer> {
  const stored = await readBlob(deps.blobStore, blobKey);
  return Buffer.from(deps.keyCipher.decrypt(stored.toString('utf8')), 'base64');
}

function settingsOf(adapterSettings: unknown): EmailAdapterSettings | null {
  const parsed = emailAdapterSettingsSchema.safeParse(adapterSettings);
  return parsed.success ? parsed.data : null;
}

/**
 * Takes one message from the vendor mailbox: keeps the original, matches it to an order and
 * vendor, stores its keys, or puts it in front of staff. Everything is committed in one
 * transaction; the fulfilment is woken after the commit. Reading the same bytes again adds
 * nothing (and wakes the fulfilment again, in case the first reading stopped before that).
 */
export async function takeInboundMessage(deps: InboundDeps, raw: Buffer, mailbox: string): Promise<InboundOutcome> {
  const [result] = await takeInboundMessages(deps, [raw], mailbox);
  if ('error' in result!) throw result.error;
  return result!.outcome;
}

/** How many messages of a batch are stored side by side (each in its own transaction). */
const STORE_LANES = 8;
/** How many fulfilments of a batch are woken side by side. */
const WAKE_LANES = 16;

/**
 * Takes a batch of messages as `takeInboundMessage` takes one, with fewer round trips: the bytes
 * already taken are looked up in one query, the letters are parsed first (CPU only), and the
 * orders they name read once. The plain letters (new, matched, from a trusted sender) are stored
 * in one transaction (`storeTogether`); if the database refuses any of it, nothing of it is
 * committed and each is stored on its own, so one bad message fails alone. The rest are written
 * by a few lanes side by side, each message in its own transaction. Copies of one Message-ID go
 * through the same lane one after the other, so the second is still recognised as the first one's
 * duplicate. Answers in the batch's order.
 */
export async function takeInboundMessages(
  deps: InboundDeps,
  raws: readonly Buffer[],
  mailbox: string,
): Promise<Array<{ outcome: InboundOutcome } | { error: unknown }>> {
  const { db } = deps;
  const results: Array<{ outcome: InboundOutcome } | { error: unknown }> = new Array(raws.length);
  const guard = async (i: number, work: () => Promise<InboundOutcome>) => {
    try {
      results[i] = { outcome: await work() };
    } catch (error) {
      results[i] = { error };
    }
  };
  const shas = raws.map((raw) => createHash('sha256').update(raw).digest('hex'));
  const seenRows = shas.length ? await db.select().from(inboundMail).where(inArray(inboundMail.sha256, [...new Set(shas)])) : [];
  const seen = new Map(seenRows.map((row) => [row.sha256, row]));

  // Parsing is the CPU part: done first, one after the other, before any lane needs a connection.
  const lanes = new Map<string, Array<() => Promise<void>>>();
  const parsedReplies = new Map<number, VendorReply>();
  /** The lane of each new message's bytes: the same bytes twice in one batch are taken one after the other, and the second finds the first. */
  const laneOfBytes = new Map<string, string>();
  for (const [i, raw] of raws.entries()) {
    const sha256 = shas[i]!;
    const before = seen.get(sha256);
    let reply: VendorReply | null = null;
    if (!before && !laneOfBytes.has(sha256)) {
      try {
        reply = await parseVendorReply(raw);
      } catch (error) {
        results[i] = { error };
        continue;
      }
      laneOfBytes.set(sha256, reply.messageId ? `id:${reply.messageId}` : `sha:${sha256}`);
      parsedReplies.set(i, reply);
    }
    const key = before ? `seen:${sha256}` : laneOfBytes.get(sha256)!;
    const task = before
      ? () => guard(i, () => retakeSeen(deps, before))
      : reply
        ? () => guard(i, () => storeInboundMessage(deps, raw, sha256, reply!, mailbox, context))
        : () => guard(i, () => takeInboundMessage(deps, raw, mailbox));
    lanes.set(key, [...(lanes.get(key) ?? []), task]);
  }
  // What the batch's letters refer to, read once for all: the orders they name, and earlier
  // letters with their Message-IDs (a Message-ID twice in the batch is looked up by each copy, after the one before).
  const parsed = [...parsedReplies.values()];
  const preloaded = await loadOrdersWithVendors(db, parsed.flatMap(referencedOrderNumbers));
  const idCounts = new Map<string, number>();
  for (const reply of parsed) if (reply.messageId) idCounts.set(reply.messageId, (idCounts.get(reply.messageId) ?? 0) + 1);
  const singleIds = [...idCounts].filter(([, n]) => n === 1).map(([id]) => id);
  const earlier = singleIds.length
    ? await db
        .select({ id: inboundMail.id, orderId: inboundMail.orderId, vendorId: inboundMail.vendorId, messageId: inboundMail.messageId, fromAddress: inboundMail.fromAddress })
        .from(inboundMail)
        .where(inArray(inboundMail.messageId, singleIds))
    : [];
  const context = {
    preloaded,
    originalOf: (reply: VendorReply) => {
      if (!reply.messageId || idCounts.get(reply.messageId) !== 1) return undefined;
      return earlier.find((row) => row.messageId === reply.messageId && (row.fromAddress ?? null) === (reply.from ?? null)) ?? null;
    },
  } satisfies BatchContext;
  // The common case, a new letter alone in its lane, matched to an order and from a trusted sender,
  // is stored with the others like it in one transaction; the rest go through the lanes.
  const plain: PlainLetter[] = [];
  for (const [i, parsedReply] of parsedReplies) {
    const key = laneOfBytes.get(shas[i]!)!;
    if (lanes.get(key)!.length !== 1 || (parsedReply.messageId && context.originalOf(parsedReply) !== null)) continue;
    const letter = await plainLetter(db, raws[i]!, shas[i]!, parsedReply, mailbox, preloaded);
    if (!letter) continue;
    lanes.delete(key);
    plain.push({ ...letter, index: i });
  }
  const wakeUps: Array<() => Promise<void>> = [];
  if (plain.length > 0) {
    try {
      const outcomes = await storeTogether(deps, plain);
      // Woken after the commit, side by side; a wake-up that fails leaves its message in the inbox,
      // and the next reading finds its bytes taken and wakes the fulfilment again.
      for (const [n, letter] of plain.entries()) wakeUps.push(() => guard(letter.index, async () => (await wakeFulfilment(deps, outcomes[n]!), outcomes[n]!)));
    } catch {
      // Nothing of the batch was committed: each letter is stored on its own, so a bad one fails alone.
      for (const letter of plain) lanes.set(`plain:${letter.sha256}`, [() => guard(letter.index, () => storeInboundMessage(deps, letter.raw, letter.sha256, letter.parsed, mailbox, context))]);
    }
  }
  // Same-key messages in one queue; queues are spread over the lanes. The wake-ups, each a wait
  // on Temporal and nothing else, go wider beside them.
  await Promise.all([inLanes([...lanes.values()], STORE_LANES), inLanes(wakeUps.map((wake) => [wake]), WAKE_LANES)]);
  return results;
}

/** Runs the queues on `width` lanes side by side, each queue's tasks one after the other. */
async function inLanes(queues: ReadonlyArray<ReadonlyArray<() => Promise<void>>>, width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, queues.length) }, async () => {
      while (next < queues.length) {
        const queue = queues[next++]!;
        for (const task of queue) await task();
      }
    }),
  );
}

/** These very bytes were taken before: nothing is added, and the fulfilment is woken again. */
async function retakeSeen(deps: InboundDeps, seen: typeof inboundMail.$inferSelect): Promise<InboundOutcome> {
  const outcome = await outcomeOf(deps.db, seen, true);
  await wakeFulfilment(deps, outcome);
  return outcome;
}

/** What a batch read for all its messages at once; a message without it reads its own. */
interface BatchContext {
  preloaded?: ReadonlyMap<string, OrderWithVendors>;
  /** The earlier letter with the same Message-ID and sender (null: none); undefined: not known, ask the database. */
  originalOf?: (reply: VendorReply) => { id: string; orderId: string | null; vendorId: number | null } | null | undefined;
}

/** The original, encrypted, under its bytes' key (writing it again writes the same). */
async function keepOriginal(deps: Pick<InboundDeps, 'blobStore' | 'keyCipher'>, raw: Buffer, blobKey: string): Promise<void> {
  await deps.blobStore.put(blobKey, Buffer.from(deps.keyCipher.encrypt(raw.toString('base64')), 'utf8'));
}

/**
 * Many originals, as `keepOriginal` keeps each: in a few writes where the store can, else by a few
 * lanes side by side. Every write has ended (or none began) when it throws, so the caller may
 * write the same originals again one by one.
 */
async function keepOriginals(deps: Pick<InboundDeps, 'blobStore' | 'keyCipher'>, originals: ReadonlyArray<{ raw: Buffer; blobKey: string }>): Promise<void> {
  const entries = originals.map(({ raw, blobKey }) => ({ key: blobKey, data: Buffer.from(deps.keyCipher.encrypt(raw.toString('base64')), 'utf8') }));
  if (deps.blobStore.putMany) return deps.blobStore.putMany(entries);
  let next = 0;
  const written = await Promise.allSettled(
    Array.from({ length: Math.min(STORE_LANES, entries.length) }, async () => {
      while (next < entries.length) {
        const { key, data } = entries[next++]!;
        await deps.blobStore.put(key, data);
      }
    }),
  );
  const failed = written.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A new message's row as far as its bytes and its reading tell. */
function baseOf(raw: Buffer, sha256: string, reply: VendorReply, mailbox: string) {
  return {
    mailbox,
    sha256,
    messageId: reply.messageId,
    fromAddress: reply.from,
    subject: reply.subject.slice(0, 1000),
    sentAt: reply.date && !Number.isNaN(reply.date.getTime()) ? reply.date : null,
    kind: reply.kind,
    blobKey: inboundBlobKey(sha256),
    sizeBytes: raw.length,
    problems: reply.problems,
    details: detailsOf(reply),
  };
}

/** A new letter that `storeTogether` may store with others: matched, from a trusted sender, read with the vendor's key shapes. */
interface PlainLetter {
  index: number;
  raw: Buffer;
  sha256: string;
  /** As first read (what `storeInboundMessage` takes if the batch falls back). */
  parsed: VendorReply;
  reply: VendorReply;
  target: Target;
  base: InboundBase;
}

/**
 * The letter as `storeTogether` takes it, or null when it needs the one-by-one path: no order or
 * vendor found, or a sender the vendor has not configured. Reads no database (`preloaded` holds the orders).
 */
async function plainLetter(
  db: Db,
  raw: Buffer,
  sha256: string,
  parsed: VendorReply,
  mailbox: string,
  preloaded: ReadonlyMap<string, OrderWithVendors>,
): Promise<Omit<PlainLetter, 'index'> | null> {
  const match = await findTargetInBooks(db, parsed, preloaded);
  if (!match.target) return null;
  const { adapterSettings, ...matched } = match.target;
  const target: Target = { ...matched, settings: settingsOf(adapterSettings) };
  const patterns = target.settings?.keyPatterns;
  const reply = patterns?.length ? await parseVendorReply(raw, { keyPatterns: patterns }) : parsed;
  if (reply.kind === 'reply' && !senderVerdict(target.settings?.senders ?? [], reply.from, reply.authentication).trusted) return null;
  return { raw, sha256, parsed, reply, target, base: baseOf(raw, sha256, reply, mailbox) };
}

/**
 * Stores plain letters (see `plainLetter`) as `storeInboundMessage` would one by one, in one
 * transaction: their orders' lines locked in one query, each letter decided in the batch's order
 * on the lines as the letters before it left them, then one insert of the messages, one of the
 * keys, and the staff items. Throws when any of it fails, having committed nothing; the caller
 * then stores each letter alone. The originals are written first (by their bytes, so a retry
 * writes the same). Answers in the letters' order; wakes nobody.
 */
async function storeTogether(deps: InboundDeps, letters: readonly PlainLetter[]): Promise<InboundOutcome[]> {
  const { keyCipher } = deps;
  await keepOriginals(deps, letters.map((letter) => ({ raw: letter.raw, blobKey: letter.base.blobKey! })));
  return deps.db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const states = await lockLines(txDb, letters.map((l) => l.target));
    const decisions = letters.map((letter) => {
      const state = states.get(targetKey(letter.target))!;
      const decision = decideApplication(keyCipher, letter.reply, letter.target, state, letter.base.details);
      // The next letter to the same order finds these keys stored.
      for (const { lineId, key } of decision.placed) {
        state.lines.find((line) => line.id === lineId)!.stored++;
        state.fingerprints.add(keyCipher.fingerprint(key.key));
      }
      return decision;
    });
    const rows = await tx
      .insert(inboundMail)
      .values(
        letters.map(({ base, target }, n) => {
          const { status, reason, placed, details } = decisions[n]!;
          return { ...base, status, reason, orderId: target.orderId, vendorId: target.vendorId, keyCount: placed.length, details };
        }),
      )
      .returning({ id: inboundMail.id, sha256: inboundMail.sha256 });
    const idOf = new Map(rows.map((row) => [row.sha256, row.id]));
    const ids = letters.map((letter) => idOf.get(letter.sha256)!);
    const keys = decisions.flatMap((decision, n) => keyRows(keyCipher, decision.placed, ids[n]!));
    if (keys.length > 0) await tx.insert(licenseKeys).values(keys).onConflictDoNothing();
    for (const [n, decision] of decisions.entries()) {
      for (const item of decision.toStaff) await queueForStaff(txDb, staffTask(item, ids[n]!, letters[n]!.reply, letters[n]!.target));
    }
    return letters.map(({ target }, n) => ({
      inboundMailId: ids[n]!,
      status: decisions[n]!.status,
      orderNumber: target.orderNumber,
      vendorCode: target.vendorCode,
      keysStored: decisions[n]!.placed.length,
      seenBefore: false,
    }));
  });
}

/** Stores one parsed message not taken before (see `takeInboundMessage`). */
async function storeInboundMessage(deps: InboundDeps, raw: Buffer, sha256: string, parsed: VendorReply, mailbox: string, batch: BatchContext): Promise<InboundOutcome> {
  const { db } = deps;
  let reply = parsed;
  const base = baseOf(raw, sha256, reply, mailbox);
  await keepOriginal(deps, raw, base.blobKey);

  // The same message delivered twice (a new copy, other bytes, same Message-ID and sender) adds nothing.
  if (reply.messageId) {
    const known = batch.originalOf?.(reply);
    const [original] =
      known !== undefined
        ? known
          ? [known]
          : []
        : await db
            .select({ id: inboundMail.id, orderId: inboundMail.orderId, vendorId: inboundMail.vendorId })
            .from(inboundMail)
            .where(and(eq(inboundMail.messageId, reply.messageId), sql`${inboundMail.fromAddress} is not distinct from ${reply.from}`));
    if (original) {
      const [row] = await db
        .insert(inboundMail)
        .values({ ...base, status: 'duplicate', reason: 'same_message_id', orderId: original.orderId, vendorId: original.vendorId })
        .returning();
      return outcomeOf(db, row!, false);
    }
  }

  const match = await findTarget(db, reply, batch.preloaded);
  if (!match.target) {
    const isBounce = reply.kind === 'bounce';
    const [row] = await db.transaction(async (tx) => {
      const inserted = await tx.insert(inboundMail).values({ ...base, status: 'staff', reason: isBounce ? 'bounce' : match.reason }).returning();
      const orderNumber = match.orderNumbers[0] ?? null;
      const summary = isBounce
        ? ru.vendorMail.bounce(orderNumber)
        : match.reason === 'ambiguous_order'
          ? ru.vendorMail.ambiguousOrder(match.orderNumbers)
          : match.reason === 'ambiguous_vendor' && orderNumber
            ? ru.vendorMail.ambiguousVendor(orderNumber)
            : ru.vendorMail.unmatched(reply.subject, reply.from);
      await queueForStaff(tx, {
        kind: isBounce ? 'vendor_mail_bounce' : 'vendor_mail_unmatched',
        reference: `mail:${inserted[0]!.id}`,
        summary,
        payload: { inboundMailId: inserted[0]!.id, orderNumber, orderNumbers: match.orderNumbers, subject: reply.subject, from: reply.from, authentication: reply.authentication },
      });
      return inserted;
    });
    return outcomeOf(db, row!, false);
  }

  // Per-vendor key shapes: read the message again with the vendor's patterns.
  if (match.target.settings?.keyPatterns?.length) {
    reply = await parseVendorReply(raw, { keyPatterns: match.target.settings.keyPatterns });
    base.details = detailsOf(reply);
    base.problems = reply.problems;
  }
  // Only the vendor's own senders are trusted with keys; an auto-reply or a bounce carries none.
  const verdict = reply.kind === 'reply' ? senderVerdict(match.target.settings?.senders ?? [], reply.from, reply.authentication) : ({ trusted: true } as const);
  if (!verdict.trusted) return holdForSender(deps, reply, match.target, base, verdict.reason);
  const outcome = await applyToTarget(deps, reply, match.target, { base });
  await wakeFulfilment(deps, outcome);
  return outcome;
}

function detailsOf(reply: VendorReply): InboundMailDetails {
  return {
    ...(reply.authentication ? { authentication: reply.authentication } : {}),
    ...(reply.normalisedKeys.length > 0 ? { lookalikesNormalised: reply.normalisedKeys.length } : {}),
  };
}

/**
 * A letter about one of our orders from a sender the vendor has not configured: nothing of it is
 * stored; staff see it with what the receiving server said about the sender, and accept it once or
 * add the sender to the vendor (acceptInboundByStaff).
 */
async function holdForSender(deps: InboundDeps, reply: VendorReply, target: Target, base: InboundBase, reason: UntrustedSenderReason): Promise<InboundOutcome> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundMail)
      .values({ ...base, status: 'staff', reason, orderId: target.orderId, vendorId: target.vendorId, keyCount: 0 })
      .returning();
    await queueForStaff(tx, {
      kind: 'vendor_mail_unknown_sender',
      reference: `mail:${row!.id}`,
      summary: ru.vendorMail.unknownSender(target.orderNumber, target.vendorCode, reply.from, reason),
      payload: {
        inboundMailId: row!.id,
        orderNumber: target.orderNumber,
        vendorCode: target.vendorCode,
        subject: reply.subject,
        from: reply.from,
        reason,
        authentication: reply.authentication,
        candidates: reply.keys.length,
      },
    });
    return { inboundMailId: row!.id, status: 'staff' as const, orderNumber: target.orderNumber, vendorCode: target.vendorCode, keysStored: 0, seenBefore: false };
  });
}

type InboundBase = Omit<typeof inboundMail.$inferInsert, 'status'>;

/**
 * Stores what a matched message brings to the order (used by ingestion and by staff matching a
 * message by hand), with the staff-queue item where a person must look. A new message gets its
 * row written here; one staff matched has its row updated.
 */
async function applyToTarget(
  deps: InboundDeps,
  reply: VendorReply,
  target: Target,
  source: { base: InboundBase; existing?: undefined } | { existing: { id: string; resolvedBy: string; details?: InboundMailDetails } },
  /** Keys staff chose from the letter: only these are taken, and the surplus rule is theirs to have applied. */
  chosen?: ReadonlySet<string>,
): Promise<InboundOutcome> {
  const { db, keyCipher } = deps;
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    if (source.existing) {
      // Staff matched it: what the message asked of them is done; new items below are new questions.
      await resolveStaffTasks(tx, { reference: `mail:${source.existing.id}`, resolvedByUserId: source.existing.resolvedBy });
    }
    const [lineState] = (await lockLines(txDb, [target])).values();
    const { status, reason, placed, toStaff, details } = decideApplication(
      keyCipher,
      reply,
      target,
      lineState ?? { lines: [], fingerprints: new Set() },
      source.existing ? source.existing.details : source.base.details,
      chosen,
    );
    const values = { status, reason, orderId: target.orderId, vendorId: target.vendorId, keyCount: placed.length, details };
    const [row] = source.existing
      ? await tx.update(inboundMail).set(values).where(eq(inboundMail.id, source.existing.id)).returning()
      : await tx.insert(inboundMail).values({ ...source.base, ...values }).returning();
    if (placed.length > 0) await tx.insert(licenseKeys).values(keyRows(keyCipher, placed, row!.id)).onConflictDoNothing();
    for (const item of toStaff) await queueForStaff(txDb, staffTask(item, row!.id, reply, target));
    return { inboundMailId: row!.id, status, orderNumber: target.orderNumber, vendorCode: target.vendorCode, keysStored: placed.length, seenBefore: false };
  });
}

type PlacedKey = ReturnType<typeof assignKeys<ExtractedKey>>['placed'][number];

/** The vendor's lines of an order, with what they hold already: the state a decision reads and updates. */
interface LineState {
  lines: LineCapacity[];
  /** Fingerprints of the keys the lines hold. */
  fingerprints: Set<string>;
}

const targetKey = (target: { orderId: string; vendorId: number }) => `${target.orderId}/${target.vendorId}`;

/** The vendor lines of every target, locked, with the keys they hold already: one round trip, in a stable order. */
async function lockLines(tx: Db, targets: ReadonlyArray<{ orderId: string; vendorId: number }>): Promise<Map<string, LineState>> {
  const states = new Map<string, LineState>(targets.map((t) => [targetKey(t), { lines: [], fingerprints: new Set<string>() }]));
  if (targets.length === 0) return states;
  const rows = await tx
    .select({
      orderId: orderLines.orderId,
      vendorId: orderLines.vendorId,
      id: orderLines.id,
      lineNo: orderLines.lineNo,
      partNumber: orderLines.partNumber,
      quantity: orderLines.quantity,
      stored: sql<number>`(select count(*)::int from ${licenseKeys} where ${licenseKeys.orderLineId} = ${orderLines.id})`,
      fingerprints: sql<string[]>`array(select ${licenseKeys.keyFingerprint} from ${licenseKeys} where ${licenseKeys.orderLineId} = ${orderLines.id})`,
    })
    .from(orderLines)
    .where(or(...[...new Map(targets.map((t) => [targetKey(t), t])).values()].map((t) => and(eq(orderLines.orderId, t.orderId), eq(orderLines.vendorId, t.vendorId)))))
    .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo))
    .for('update');
  for (const { orderId, vendorId, fingerprints, ...line } of rows) {
    const state = states.get(targetKey({ orderId, vendorId: vendorId! }));
    if (!state) continue;
    state.lines.push(line);
    for (const fingerprint of fingerprints) state.fingerprints.add(fingerprint);
  }
  return states;
}

/**
 * What a matched message does to its order's lines: the keys placed, the message's status and
 * reason, and what staff must look at. Pure; `state` is the lines as locked (the caller updates it
 * with `placed` when it decides on more messages in the same transaction).
 */
function decideApplication(
  keyCipher: KeyCipher,
  reply: VendorReply,
  target: Target,
  state: LineState,
  baseDetails: InboundMailDetails | undefined,
  chosen?: ReadonlySet<string>,
) {
  const { lines, fingerprints: storedFingerprints } = state;
  const closed = target.orderStatus === 'cancelled' || target.orderStatus === 'failed';
  const offered = reply.kind === 'auto-reply' || closed ? [] : reply.keys;
  const keys = chosen ? offered.filter((k) => chosen.has(k.key)) : offered;
  const known = (key: string) => storedFingerprints.has(keyCipher.fingerprint(key));
  const openPlaces = lines.reduce((n, l) => n + l.quantity - l.stored, 0);
  const fresh = keys.filter((k) => !known(k.key)).length;
  if (chosen && fresh > openPlaces) {
    throw new UseCaseError(422, 'TOO_MANY_KEYS', ru.vendorMailApi.tooManyKeys(fresh, openPlaces), [{ field: 'keys', message: ru.vendorMailApi.tooManyKeys(fresh, openPlaces) }]);
  }
  // More new keys than open places: which ones are real is a person's call, so none is taken.
  // (A phone number in a signature or a key for another order must never ship in place of a key.)
  const overOffered = !chosen && fresh > openPlaces;
  const { placed, surplus, alreadyStored } = overOffered
    ? { placed: [] as PlacedKey[], surplus: keys.filter((k) => !known(k.key)), alreadyStored: keys.length - fresh }
    : assignKeys(keys, lines, known);
  const details: InboundMailDetails = {
    ...baseDetails,
    ...(overOffered ? { candidates: fresh, openPlaces } : {}),
  };

  let status: InboundStatus;
  let reason: string | null = null;
  const toStaff: Array<{ kind: StaffQueueKind; summary: string }> = [];
  if (reply.kind === 'bounce') {
    status = 'staff';
    reason = 'bounce';
    toStaff.push({ kind: 'vendor_mail_bounce', summary: ru.vendorMail.bounce(target.orderNumber) });
  } else if (closed && reply.keys.length > 0) {
    status = 'staff';
    reason = 'order_closed';
    toStaff.push({ kind: 'vendor_mail_unmatched', summary: ru.vendorMail.orderClosed(target.orderNumber) });
  } else if (placed.length > 0) {
    status = 'matched';
  } else if (keys.length > 0 && alreadyStored === keys.length) {
    status = 'duplicate';
    reason = 'keys_already_stored';
  } else if (keys.length === 0 && reply.problems.length > 0) {
    status = 'staff';
    reason = 'unreadable';
  } else if (surplus.length > 0) {
    status = 'staff';
    reason = openPlaces > 0 ? 'surplus' : 'no_open_lines';
  } else if (reply.kind === 'reply' && offered.length === 0 && !closed) {
    // The vendor's own reply about this order, and nothing in it reads as a key: a person reads it now, not at the SLA.
    status = 'staff';
    reason = 'no_keys_found';
    toStaff.push({ kind: 'vendor_mail_no_keys', summary: ru.vendorMail.noKeysFound(target.orderNumber) });
  } else {
    status = 'no_keys';
    reason = reply.kind === 'auto-reply' ? 'auto_reply' : null;
  }
  const stillMissing = openPlaces - placed.length;
  if (reply.problems.length > 0 && reply.kind !== 'bounce' && stillMissing > 0) {
    toStaff.push({ kind: 'vendor_mail_unreadable', summary: ru.vendorMail.unreadable(target.orderNumber, reply.problems.join('; ')) });
  }
  if (surplus.length > 0) {
    toStaff.push({
      kind: 'vendor_mail_surplus',
      summary: openPlaces > 0 ? ru.vendorMail.surplusChoose(target.orderNumber, fresh, openPlaces) : ru.vendorMail.noOpenLines(target.orderNumber),
    });
  }
  return { status, reason, placed, toStaff, details };
}

/** The placed keys as `license_keys` rows of a message, encrypted. */
function keyRows(keyCipher: KeyCipher, placed: readonly PlacedKey[], inboundMailId: string): Array<typeof licenseKeys.$inferInsert> {
  return placed.map(({ lineId, key }) => ({
    orderLineId: lineId,
    keyEncrypted: keyCipher.encrypt(key.key),
    keyFingerprint: keyCipher.fingerprint(key.key),
    fileName: key.fileName ?? null,
    fileEncrypted: key.file ? keyCipher.encrypt(key.file.toString('base64')) : null,
    source: 'email',
    inboundMailId,
  }));
}

function staffTask(item: { kind: StaffQueueKind; summary: string }, inboundMailId: string, reply: VendorReply, target: Target) {
  return {
    kind: item.kind,
    reference: `mail:${inboundMailId}`,
    summary: item.summary,
    payload: { inboundMailId, orderNumber: target.orderNumber, vendorCode: target.vendorCode, subject: reply.subject, from: reply.from, problems: reply.problems },
  };
}

async function outcomeOf(db: Db, row: typeof inboundMail.$inferSelect, seenBefore: boolean): Promise<InboundOutcome> {
  const [link] = row.orderId
    ? await db
        .select({ orderNumber: orders.orderNumber, vendorCode: vendors.code })
        .from(orders)
        .leftJoin(vendors, eq(vendors.id, sql`${row.vendorId}`))
        .where(eq(orders.id, row.orderId))
    : [];
  return { inboundMailId: row.id, status: row.status, orderNumber: link?.orderNumber ?? null, vendorCode: link?.vendorCode ?? null, keysStored: seenBefore ? 0 : row.keyCount, seenBefore };
}

async function wakeFulfilment(deps: InboundDeps, outcome: InboundOutcome): Promise<void> {
  if (outcome.status !== 'matched' || !outcome.orderNumber || !outcome.vendorCode) return;
  await signalIfRunning(deps.temporal, vendorFulfillmentWorkflowId(outcome.orderNumber, outcome.vendorCode), (h) => h.signal(keysEnteredSignal));
}

/**
 * Staff matched a message the ingestion could not place: its keys go to the order and vendor
 * staff chose, and the message's open staff-queue items are closed.
 */
export async function matchInboundByStaff(
  deps: InboundDeps,
  input: { inboundMailId: string; orderNumber: string; vendorCode: string; userId: string },
): Promise<InboundOutcome | { error: 'message_not_found' | 'order_not_found' | 'vendor_not_in_order' }> {
  const { db } = deps;
  const [message] = await db.select().from(inboundMail).where(eq(inboundMail.id, input.inboundMailId));
  if (!message) return { error: 'message_not_found' };
  const [order] = await db.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.orderNumber, input.orderNumber));
  if (!order) return { error: 'order_not_found' };
  const [vendor] = await db
    .selectDistinct({ id: vendors.id, code: vendors.code, adapterSettings: vendors.adapterSettings })
    .from(orderLines)
    .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
    .where(and(eq(orderLines.orderId, order.id), eq(vendors.code, input.vendorCode)));
  if (!vendor) return { error: 'vendor_not_in_order' };
  const settings = settingsOf(vendor.adapterSettings);
  const raw = await readOriginal(deps, message.blobKey);
  // Staff vouch for the match: a message read as a bounce or an auto-reply is still searched for keys.
  const parsed = await parseVendorReply(raw, settings?.keyPatterns?.length ? { keyPatterns: settings.keyPatterns } : undefined);
  const target: Target = { orderId: order.id, orderNumber: input.orderNumber, orderStatus: order.status, vendorId: vendor.id, vendorCode: vendor.code, settings };
  const outcome = await applyToTarget(deps, { ...parsed, kind: 'reply' }, target, { existing: { id: message.id, resolvedBy: input.userId } });
  await wakeFulfilment(deps, outcome);
  return outcome;
}

const CHOOSABLE_REASONS = new Set(['surplus', 'no_open_lines', 'no_keys_found', 'unreadable', ...UNTRUSTED_SENDER_REASONS]);

/** The message, the order and vendor it was matched to, and the letter read again with the vendor's key shapes. */
async function loadMatchedMessage(deps: InboundDeps, inboundMailId: string) {
  const { db } = deps;
  const [message] = await db.select().from(inboundMail).where(eq(inboundMail.id, inboundMailId));
  if (!message) throw new UseCaseError(404, 'MESSAGE_NOT_FOUND', ru.vendorMailApi.notFound);
  if (!message.orderId || !message.vendorId) throw new UseCaseError(409, 'MESSAGE_NOT_MATCHED', ru.vendorMailApi.noOrder);
  const [order] = await db.select({ id: orders.id, status: orders.status, orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, message.orderId));
  const [vendor] = await db.select({ id: vendors.id, code: vendors.code, adapterSettings: vendors.adapterSettings }).from(vendors).where(eq(vendors.id, message.vendorId));
  const settings = settingsOf(vendor!.adapterSettings);
  const raw = await readOriginal(deps, message.blobKey);
  const parsed = await parseVendorReply(raw, settings?.keyPatterns?.length ? { keyPatterns: settings.keyPatterns } : undefined);
  const target: Target = { orderId: order!.id, orderNumber: order!.orderNumber, orderStatus: order!.status, vendorId: vendor!.id, vendorCode: vendor!.code, settings };
  return { message, raw, parsed, target, vendor: vendor! };
}

/**
 * What staff see when they choose keys: the letter's text beside the candidate keys it offers, the
 * places the order still has, and what the receiving server said about the sender.
 */
export async function letterForStaff(deps: InboundDeps, inboundMailId: string) {
  const { message, raw, parsed, target } = await loadMatchedMessage(deps, inboundMailId);
  const lines = await deps.db
    .select({
      quantity: orderLines.quantity,
      stored: sql<number>`(select count(*)::int from ${licenseKeys} where ${licenseKeys.orderLineId} = ${orderLines.id})`,
    })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, target.orderId), eq(orderLines.vendorId, target.vendorId)));
  return {
    id: message.id,
    orderNumber: target.orderNumber,
    vendorCode: target.vendorCode,
    from: parsed.from,
    subject: parsed.subject,
    text: (await readLetterText(raw)).slice(0, 100_000),
    candidates: parsed.keys.map((k) => ({ key: k.key, fileName: k.fileName ?? null })),
    openPlaces: lines.reduce((n, l) => n + Math.max(0, l.quantity - l.stored), 0),
    authentication: parsed.authentication,
    problems: parsed.problems,
  };
}

/**
 * Staff chose which of a letter's keys are real (a letter offering more than the order needs, or
 * one they read themselves): only those are stored, each must be one the letter offers, and no more
 * than the order still needs. Choosing vouches for the letter, its sender included.
 */
export async function chooseKeysByStaff(deps: InboundDeps, input: { inboundMailId: string; keys: readonly string[]; userId: string }): Promise<InboundOutcome> {
  const { message, parsed, target } = await loadMatchedMessage(deps, input.inboundMailId);
  if (message.status !== 'staff' || !CHOOSABLE_REASONS.has(message.reason ?? '')) {
    throw new UseCaseError(409, 'NOTHING_TO_CHOOSE', ru.vendorMailApi.notAwaitingSender);
  }
  const offered = new Set(parsed.keys.map((k) => k.key));
  const chosen = input.keys.map((k) => k.trim());
  const stranger = chosen.findIndex((k) => !offered.has(k));
  if (stranger >= 0) {
    throw new UseCaseError(422, 'KEY_NOT_IN_LETTER', ru.vendorMailApi.keyNotInLetter(stranger), [{ field: `keys.${stranger}`, message: ru.vendorMailApi.keyNotInLetter(stranger) }]);
  }
  const outcome = await applyToTarget(
    deps,
    { ...parsed, kind: 'reply' },
    target,
    { existing: { id: message.id, resolvedBy: input.userId, details: { ...(message.details ?? {}), acceptedBy: input.userId } } },
    new Set(chosen),
  );
  await wakeFulfilment(deps, outcome);
  return outcome;
}

/**
 * Staff vouch for a letter whose sender the vendor has not configured: once (this letter is then
 * read as if trusted, the surplus rule included), or by adding its address or domain to the
 * vendor's senders so the vendor's next letters are trusted too. The caller audits.
 */
export async function acceptInboundByStaff(
  deps: InboundDeps,
  input: { inboundMailId: string; userId: string; addSender?: 'address' | 'domain' },
): Promise<InboundOutcome & { senderAdded: string | null }> {
  const { message, parsed, target, vendor } = await loadMatchedMessage(deps, input.inboundMailId);
  if (message.status !== 'staff' || !(UNTRUSTED_SENDER_REASONS as readonly string[]).includes(message.reason ?? '')) {
    throw new UseCaseError(409, 'NOT_AWAITING_SENDER', ru.vendorMailApi.notAwaitingSender);
  }
  let senderAdded: string | null = null;
  if (input.addSender) {
    const address = message.fromAddress?.toLowerCase() ?? null;
    const sender = input.addSender === 'address' ? address : address ? senderDomain(address) : null;
    if (!sender) throw new UseCaseError(422, 'NO_SENDER_ADDRESS', ru.vendorMailApi.noSenderAddress);
    const settings = target.settings ?? null;
    if (!settings) throw new UseCaseError(409, 'VENDOR_NOT_EMAIL', ru.vendorMailApi.noSenderAddress);
    if (!settings.senders.map((s) => s.toLowerCase()).includes(sender)) {
      const updated = { ...(vendor.adapterSettings as object), senders: [...settings.senders, sender] };
      await deps.db.update(vendors).set({ adapterSettings: updated }).where(eq(vendors.id, vendor.id));
    }
    senderAdded = sender;
  }
  const outcome = await applyToTarget(
    deps,
    parsed,
    target,
    { existing: { id: message.id, resolvedBy: input.userId, details: { ...(message.details ?? {}), acceptedBy: input.userId } } },
  );
  await wakeFulfilment(deps, outcome);
  return { ...outcome, senderAdded };
}
