import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dealers, orders, outgoingMail, users } from '../../db/schema';
import { hashPassword } from '../../src/infra/passwords';
import { freshMailbox, readFolder } from '../support/mail';
import { insertOrder } from '../support/orders';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';
import { keyResendWorkflowId, keyResendWorkflowType, type KeyResendWorkflow } from '../../src/workflows/delivery/key-resend.contract';
import { ORDER_TASK_QUEUE } from '../../src/workflows/orders/order.contract';
import { recordHistory } from '../support/histories';

// Re-delivery of a shipped order's keys through the real stack: API, key-resend workflow, mail.
let system: RunningSystem;
let admin: ApiSession;
let orderNumber: string;
let archiveBytes: Buffer;
let dealerId: string;
const PASSWORD = 'Quick-Redelivery-2026!';

/** A user of the demo postpay dealer with a mailbox of its own on the run's dovecot. */
async function addUser(role: 'dealer_user' | 'dealer_admin', options: { disabled?: boolean } = {}) {
  const mailbox = freshMailbox('keys');
  const [row] = await system.db.db
    .insert(users)
    .values({ dealerId, login: mailbox.address, email: mailbox.address, passwordHash: await hashPassword(PASSWORD), role, fullName: 'Петров Пётр', disabledAt: options.disabled ? new Date() : null })
    .returning({ id: users.id });
  return { id: row!.id, mailbox };
}

async function lettersTo(mailbox: ReturnType<typeof freshMailbox>): Promise<ParsedMail[]> {
  return Promise.all((await readFolder(mailbox.settings)).map((m) => simpleParser(m.source)));
}

beforeAll(async () => {
  system = await startSystem();
  admin = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
  const [dealer] = await system.db.db.select({ id: dealers.id }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
  dealerId = dealer!.id;
  const placed = await admin.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 2 }] });
  expect(placed.status).toBe(201);
  orderNumber = placed.body.orderNumber;
  await waitFor('shipment', async () => {
    const order = await admin.json('GET', `/api/orders/${orderNumber}`);
    return order.body.status === 'shipped' && order.body.archive !== null;
  });
});
afterAll(async () => system?.stop());

const resend = (session: ApiSession, userId: string, number = orderNumber) => session.json('POST', `/api/orders/${number}/resend-keys`, { userId });

describe('POST /api/orders/:orderNumber/resend-keys', () => {
  it('a dealer admin sends the archive to a colleague: one letter with the zip, audited with the recipient', async () => {
    const download = await admin.request('GET', `/api/orders/${orderNumber}/archive`);
    expect(download.status).toBe(200);
    archiveBytes = Buffer.from(await download.arrayBuffer());

    const colleague = await addUser('dealer_user');
    const answer = await resend(admin, colleague.id);
    expect(answer.status).toBe(202);
    expect(answer.body.message).toBe(`Архив ключей отправлен на ${colleague.mailbox.address}.`);

    const [letter] = await waitFor('the resent letter', async () => {
      const found = await lettersTo(colleague.mailbox);
      return found.length > 0 ? found : null;
    });
    expect(letter!.subject).toBe(`Ключи по заказу ${orderNumber} (повторная отправка)`);
    expect(letter!.attachments.map((a) => [a.filename, a.contentType, a.content.equals(archiveBytes)])).toEqual([[`keys-${orderNumber}.zip`, 'application/zip', true]]);
    expect(letter!.text).toContain(`/#/orders/${orderNumber}`);

    const audits = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'keys.archive_resent'), eq(auditLog.subjectId, orderNumber)));
    expect(audits.map((a) => a.details)).toContainEqual(expect.objectContaining({ recipientUserId: colleague.id, recipientEmail: colleague.mailbox.address, requestId: answer.body.requestId }));
    const resendRun = system.env.client.workflow.getHandle(keyResendWorkflowId(answer.body.requestId));
    await resendRun.result();
    await recordHistory('key-resend', resendRun);

    // Each request is its own letter, even to the same person.
    expect((await resend(admin, colleague.id)).status).toBe(202);
    await waitFor('the second letter', async () => (await lettersTo(colleague.mailbox)).length === 2);
  });

  it('a dealer user may send only to itself', async () => {
    const user = await addUser('dealer_user');
    const colleague = await addUser('dealer_user');
    const session = await ApiSession.login(system.baseUrl, user.mailbox.address, PASSWORD);
    const toColleague = await resend(session, colleague.id);
    expect(toColleague.status).toBe(403);
    expect(toColleague.body.error.message).toContain('только себе');
    expect(await lettersTo(colleague.mailbox)).toEqual([]);
    const toSelf = await resend(session, user.id);
    expect(toSelf.status).toBe(202);
    await waitFor('the letter to itself', async () => (await lettersTo(user.mailbox)).length === 1);
  });

  it('refuses a recipient of another dealer or a switched-off user, and an order not shipped yet', async () => {
    const [otherDealersAdmin] = await system.db.db.select({ id: users.id }).from(users).where(eq(users.login, 'prepay@demo.sid'));
    const foreign = await resend(admin, otherDealersAdmin!.id);
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toBe('Получатель не найден среди активных пользователей дилера.');
    const disabled = await addUser('dealer_user', { disabled: true });
    expect((await resend(admin, disabled.id)).status).toBe(422);
    expect((await admin.json('POST', `/api/orders/${orderNumber}/resend-keys`, { userId: 'nobody' })).status).toBe(400);

    const pending = await insertOrder(system.db.db, { vendorCode: 'KASP', lines: [{ quantity: 1 }] });
    const notShipped = await resend(admin, disabled.id, pending.orderNumber);
    expect(notShipped.status).toBe(409);
    expect(notShipped.body.error.message).toContain('ещё не отгружен');
  });

  it('another dealer’s order is not found, for resending and for its deliveries', async () => {
    const other = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    const [self] = await system.db.db.select({ id: users.id }).from(users).where(eq(users.login, 'prepay@demo.sid'));
    const answer = await resend(other, self!.id);
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toBe(`Заказ ${orderNumber} не найден.`);
    expect((await other.json('GET', `/api/orders/${orderNumber}/key-deliveries`)).status).toBe(404);
  });

  it('staff may resend to any active user of the order’s dealer', async () => {
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const user = await addUser('dealer_admin');
    expect((await resend(staff, user.id)).status).toBe(202);
    await waitFor('the letter staff sent', async () => (await lettersTo(user.mailbox)).length === 1);
  });
});

describe('GET /api/orders/:orderNumber/key-deliveries', () => {
  it('lists every download (who, when, IP) and every letter that carried the archive', async () => {
    const answer = await admin.json('GET', `/api/orders/${orderNumber}/key-deliveries`);
    expect(answer.status).toBe(200);
    expect(answer.body.downloads).toContainEqual({ at: expect.any(String), ip: '127.0.0.1', user: { login: 'postpay@demo.sid', fullName: expect.any(String) } });
    const letters = answer.body.letters as any[];
    // The shipment letter went to the user who placed the order; four resends followed (two by the admin to a colleague, one a user to itself, one by staff).
    expect(letters.filter((l) => l.kind === 'shipment')).toEqual([expect.objectContaining({ to: 'postpay@demo.sid', status: 'sent', requestedBy: null })]);
    const resent = letters.filter((l) => l.kind === 'resend');
    expect(resent).toHaveLength(4);
    expect(resent.every((l) => l.status === 'sent' && l.sentAt)).toBe(true);
    expect(resent.map((l) => l.requestedBy?.login)).toContain('staff@demo.sid');
    expect(letters.map((l) => l.createdAt)).toEqual([...letters.map((l) => l.createdAt)].sort().reverse());
  });
});

/** Starts keyResend as anyone who reaches Temporal could (the `temporal` CLI), without the API. */
const startDirectly = async (to: string) => {
  const [order] = await system.db.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
  const requestId = randomUUID();
  const handle = await system.env.client.workflow.start<KeyResendWorkflow>(keyResendWorkflowType, {
    taskQueue: ORDER_TASK_QUEUE,
    workflowId: keyResendWorkflowId(requestId),
    args: [{ orderId: order!.id, orderNumber, requestId, to }],
  });
  return { requestId, result: handle.result().then((r) => ({ ok: true as const, r }), (err: unknown) => ({ ok: false as const, err })) };
};
const refusalsOf = (requestId: string) =>
  system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.input_refused'), sql`${auditLog.details}->>'requestId' = ${requestId}`));

describe('a keyResend started directly through Temporal, not through the API', () => {
  it('to an address that is no user of the order’s dealer: sends nothing and records the refusal', async () => {
    const stranger = freshMailbox('stranger');
    const { requestId, result } = await startDirectly(stranger.address);
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    expect(String((outcome as { err: any }).err?.cause?.cause?.message)).toContain('recipient_not_a_user_of_the_dealer');
    const refusals = await refusalsOf(requestId);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.details).toMatchObject({ workflow: 'keyResend', refusal: 'recipient_not_a_user_of_the_dealer', to: stranger.address });
    expect(await system.db.db.select().from(outgoingMail).where(eq(outgoingMail.recipient, stranger.address))).toEqual([]);
    expect(await readFolder(stranger.settings)).toEqual([]);
  });

  it('to a user of the dealer: sent, and the activity writes the audit row the API would have', async () => {
    const colleague = await addUser('dealer_user');
    const { requestId, result } = await startDirectly(colleague.mailbox.address);
    expect((await result).ok).toBe(true);
    const rows = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'keys.archive_resent'), sql`${auditLog.details}->>'requestId' = ${requestId}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ recipientUserId: colleague.id, startedOutsideApi: true });
    await waitFor('the letter', async () => (await lettersTo(colleague.mailbox)).length === 1);
  });
});

describe('the resend limit', () => {
  it('allows 10 resends per order per hour, then answers 429 in Russian', async () => {
    const [self] = await system.db.db.select({ id: users.id }).from(users).where(eq(users.login, 'postpay@demo.sid'));
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await resend(admin, self!.id)).status);
    // Five were sent above (four through the API, one started directly); the sixth to tenth pass, the eleventh does not.
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const refused = await resend(admin, self!.id);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe('Архив этого заказа уже отправлялся 10 раз за последний час. Попробуйте позже.');
  });

  it('holds for a workflow started directly: the eleventh is refused by the activity, and nothing is sent', async () => {
    const colleague = await addUser('dealer_user');
    const { requestId, result } = await startDirectly(colleague.mailbox.address);
    expect((await result).ok).toBe(false);
    expect((await refusalsOf(requestId))[0]!.details).toMatchObject({ refusal: 'rate_limited' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await lettersTo(colleague.mailbox)).toEqual([]);
  });
});
