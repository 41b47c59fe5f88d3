import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acts, auditLog, dealerGroups, dealers, invoices, users } from '../../db/schema';
import { decideDealerUpdate, onboardingWorkflowId, type DealerApproval } from '../../src/workflows/accounts/onboarding.contract';
import { invoiceNumberAssignedSignal, invoiceStateQuery } from '../../src/workflows/billing/invoice.contract';
import { actNumberAssignedSignal, orderProgressQuery, orderWorkflowId } from '../../src/workflows/orders/order.contract';
import { moscowToday } from '../support/dates';
import { freshMailbox } from '../support/mail';
import { OnecClient } from '../support/onec-client';
import { registrationForm } from '../support/registrations';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * Anyone who reaches Temporal's frontend can start a workflow or send it an update or signal
 * (issue 19, point 3). Here updates and signals are sent straight through the Temporal client, as
 * the `temporal` CLI would: the activities check them against the database and refuse what staff
 * or 1C did not do, and the refusal is audited. Real API, Temporal dev server, worker, PostgreSQL.
 */
let system: RunningSystem;
let staff: ApiSession;
let dealerUserId: string;

beforeAll(async () => {
  system = await startSystem();
  staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
  const [someone] = await system.db.db.select({ id: users.id }).from(users).where(eq(users.login, 'postpay@demo.sid'));
  dealerUserId = someone!.id;
});
afterAll(async () => system?.stop());

const refusals = (subjectId: string) =>
  system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.input_refused'), eq(auditLog.subjectId, subjectId)));

describe('decideDealer sent without the staff API', () => {
  it('a decision naming a dealer user (not staff) is refused and audited; the registration still waits for staff, whose approval then stands', async () => {
    const mailbox = freshMailbox('forged');
    const registered = await new ApiSession(system.baseUrl).json('POST', '/api/registrations', registrationForm(mailbox.address));
    expect(registered.status).toBe(201);
    const dealerId = registered.body.dealerId as string;
    const [base] = await system.db.db.select({ id: dealerGroups.id }).from(dealerGroups).where(eq(dealerGroups.code, 'BASE'));
    const forged: DealerApproval = {
      decision: 'approve',
      priceGroupId: base!.id,
      settlementScheme: 'postpay',
      creditLimitKopecks: 999_999_999,
      segments: [],
      authorizedVendors: [],
      decidedBy: { userId: dealerUserId, ip: null },
    };
    const handle = system.env.client.workflow.getHandle(onboardingWorkflowId(dealerId));
    const outcome = await waitFor('the onboarding workflow to take updates', async () => handle.executeUpdate(decideDealerUpdate, { args: [forged] }).catch(() => null));
    expect(outcome).toEqual({ status: 'pending', applied: false, refused: true });
    const [dealer] = await system.db.db.select({ status: dealers.status, creditLimitKopecks: dealers.creditLimitKopecks }).from(dealers).where(eq(dealers.id, dealerId));
    expect(dealer!.status).toBe('pending');
    const refused = await refusals(dealerId);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.details).toMatchObject({ workflow: 'onboarding', refusal: 'decider_not_staff', claimedUserId: dealerUserId });
    expect(await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'dealer.approved'), eq(auditLog.subjectId, dealerId)))).toEqual([]);

    // A made-up user id is refused alike.
    const madeUp = await handle.executeUpdate(decideDealerUpdate, { args: [{ ...forged, decidedBy: { userId: '00000000-0000-0000-0000-000000000001', ip: null } }] });
    expect(madeUp).toMatchObject({ applied: false, refused: true });

    const approved = await staff.json('POST', `/api/staff/dealers/${dealerId}/approve`, { priceGroupId: base!.id, settlementScheme: 'prepay', creditLimitKopecks: 0, authorizedVendors: ['DRWEB'] });
    expect(approved.status).toBe(200);
    const [after] = await system.db.db.select({ status: dealers.status, scheme: dealers.settlementScheme, creditLimitKopecks: dealers.creditLimitKopecks }).from(dealers).where(eq(dealers.id, dealerId));
    expect(after).toEqual({ status: 'approved', scheme: 'prepay', creditLimitKopecks: 0 });
  });
});

describe('invoiceNumberAssigned sent without the 1C exchange', () => {
  it('a made-up number is not taken: the invoice waits for 1C’s number and is issued with it', async () => {
    const { id, secret } = inject('onecClient');
    const onec = new OnecClient(system.baseUrl, id, secret);
    const dealer = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }] });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    const item = await waitFor('the invoice in the outbox', async () => {
      const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
      return body.items.find((i: any) => i.document.orderNumber === orderNumber);
    });
    const [invoice] = await system.db.db.select({ id: invoices.id, workflowId: invoices.workflowId }).from(invoices).where(eq(invoices.id, item.sidDocumentId));
    const handle = system.env.client.workflow.getHandle(invoice!.workflowId);
    await handle.signal(invoiceNumberAssignedSignal, { number: 'FORGED-1', date: moscowToday() });

    await waitFor('the refusal on record', async () => (await refusals(invoice!.id)).length === 1);
    expect((await refusals(invoice!.id))[0]!.details).toMatchObject({ workflow: 'invoice', refusal: 'not_numbered_by_1c', signalled: 'FORGED-1' });
    const [unnumbered] = await system.db.db.select({ number: invoices.number, status: invoices.status }).from(invoices).where(eq(invoices.id, invoice!.id));
    expect(unnumbered).toEqual({ number: null, status: 'awaiting_number' });

    const number = `СЧ-WI-${orderNumber.slice(-5)}`;
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() })).status).toBe(200);
    await waitFor('the invoice issued with 1C’s number', async () => (await handle.query(invoiceStateQuery)).status === 'issued', 60_000);
    expect((await handle.query(invoiceStateQuery)).number).toBe(number);
    const [issued] = await system.db.db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoice!.id));
    expect(issued!.number).toBe(number);
  });
});

describe('actNumberAssigned sent without the 1C exchange', () => {
  it('a made-up act number is not taken: the act waits for 1C’s number, and the timeline shows 1C’s', async () => {
    const { id, secret } = inject('onecClient');
    const onec = new OnecClient(system.baseUrl, id, secret);
    const dealer = await ApiSession.login(system.baseUrl, 'postpay@demo.sid');
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber: 'DR6203A1Y-01', quantity: 1 }] });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    const item = await waitFor('the act in the outbox', async () => {
      const { body } = await onec.call('GET', '/api/1c/outbox?limit=200');
      return body.items.find((i: any) => i.documentType === 'act' && i.document.orderNumber === orderNumber);
    }, 60_000);
    const handle = system.env.client.workflow.getHandle(orderWorkflowId(orderNumber));
    await handle.signal(actNumberAssignedSignal, { number: 'FORGED-ACT', date: moscowToday() });
    await waitFor('the refusal on record', async () => (await refusals(orderNumber)).length === 1);
    expect((await refusals(orderNumber))[0]!.details).toMatchObject({ signal: 'actNumberAssigned', refusal: 'not_numbered_by_1c', signalled: 'FORGED-ACT' });
    const [act] = await system.db.db.select({ number: acts.number }).from(acts).where(eq(acts.id, item.sidDocumentId));
    expect(act!.number).toBeNull();

    const number = `АКТ-WI-${orderNumber.slice(-5)}`;
    expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() })).status).toBe(200);
    const progress = await waitFor('the act issued', async () => {
      const p = await handle.query(orderProgressQuery);
      return p.timeline.find((e) => e.step === 'act_issued') ? p : null;
    }, 60_000);
    expect(progress.timeline.find((e) => e.step === 'act_issued')!.detail).toBe(number);
  });
});
