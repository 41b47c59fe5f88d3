import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { outgoingMail } from '../../../db/schema';
import { domainOf, type Mailer, type OutgoingMessage } from '../../infra/mail';

/**
 * Sends a letter at most once per (kind, reference), as far as a crash allows: the row is written
 * before sending and marked sent after, so a retried activity skips a letter already sent and
 * re-sends only one whose sending was never confirmed, under the same Message-ID (receivers that
 * deduplicate by Message-ID see it once).
 */
export async function sendOnce(
  db: Db,
  mailer: Mailer,
  letter: { kind: string; reference: string } & OutgoingMessage,
): Promise<{ messageId: string; sentNow: boolean }> {
  const messageId = letter.messageId ?? `<${letter.kind}.${randomUUID()}@${domainOf(mailer.from)}>`;
  await db
    .insert(outgoingMail)
    .values({ kind: letter.kind, reference: letter.reference, recipient: letter.to, subject: letter.subject, messageId, status: 'sending' })
    .onConflictDoNothing();
  const where = and(eq(outgoingMail.kind, letter.kind), eq(outgoingMail.reference, letter.reference));
  const [row] = await db.select().from(outgoingMail).where(where);
  if (!row) throw new Error(`outgoing mail ${letter.kind}/${letter.reference} was not recorded`);
  if (row.status === 'sent') return { messageId: row.messageId, sentNow: false };
  await mailer.send({ ...letter, messageId: row.messageId });
  await db.update(outgoingMail).set({ status: 'sent', sentAt: sql`now()` }).where(where);
  return { messageId: row.messageId, sentNow: true };
}
