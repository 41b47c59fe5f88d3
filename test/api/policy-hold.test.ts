import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orderLines, orders, staffQueue, users, vendors } from '../../db/schema';
import { orderProgressQuery, orderWorkflowId, releasePolicyHoldUpdate } from '../../src/workflows/orders/order.contract';
import { moscowToday } from '../support/dates';
import { OnecClient, decimalRoubles } from '../support/onec-client';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * A prepay order waits days for its payment; meanwhile staff may tighten the vendor's licence
 * policy. The workflow checks the order once more before the vendor is asked, and holds it for
 * staff when it no longer passes. Through the real API, Temporal dev server and PostgreSQL.
 */
let system: RunningSystem;
let onec: OnecClient;
let partNumber: string;
let originalPolicy: unknown;

beforeAll(async () => {
  system = await startSystem();
  onec = OnecClient.forRun(system.baseUrl);
  partNumber = (await (await ApiSession.login(system.baseUrl, 'prepay@demo.sid')).firstProduct('KASP')).partNumber;
  const [kasp] = await system.db.db.select({ licensePolicy: vendors.licensePolicy }).from(vendors).where(eq(vendors.code, 'KASP'));
  originalPolicy = kasp!.licensePolicy;
});
afterAll(async () => {
  await system?.db.db.update(vendors).set({ licensePolicy: originalPolicy }).where(eq(vendors.code, 'KASP'));
  await system?.stop();
});

const endUser = { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' };

/** 1C numbers the order's invoice and pays it in full. */
async function payInvoiceOf(orderNumber: string, gross: number) {
  const item = await onec.outboxItem(orderNumber);
  const number = `СЧ-PH-${orderNumber.slice(-5)}`;
  expect((await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() })).status).toBe(200);
  const paid = await onec.call('POST', '/api/1c/payments', { paymentId: `${orderNumber}-full`, invoiceNumber: number, amount: decimalRoubles(gross), paidOn: moscowToday(), paymentOrderNumber: '77' });
  expect(paid.body.status).toBe('applied');
}

describe('licence policy re-checked in the workflow', () => {
  it('holds a paid order whose vendor policy changed, tells staff, and ships when staff let it go', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    const placed = await dealer.json('POST', '/api/orders', {
      lines: [
        { partNumber, quantity: 5 },
        { partNumber, quantity: 5, licenseType: 'renewal', previousLicenseNumber: '2317-250611-093412' },
      ],
      endUser,
    });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;
    // What the dealer declared for the policy is kept with the line, for the check below.
    const lines = await system.db.db
      .select({ licenseType: orderLines.licenseType, previous: orderLines.previousLicenseNumber })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.orderNumber, orderNumber))
      .orderBy(orderLines.lineNo);
    expect(lines).toEqual([
      { licenseType: 'new', previous: null },
      { licenseType: 'renewal', previous: '2317-250611-093412' },
    ]);

    // While the invoice waits for payment, staff raise KASP's minimum to 10 nodes.
    const policy = originalPolicy as { unit: string; rules: unknown[] };
    await system.db.db
      .update(vendors)
      .set({ licensePolicy: { ...policy, rules: [...policy.rules, { id: 'kasp-min-10', title: 'Минимум 10 узлов', kind: 'min_quantity', min: 10 }] } })
      .where(eq(vendors.code, 'KASP'));
    await payInvoiceOf(orderNumber, placed.body.totals.grossKopecks);

    const item = await waitFor('the hold in the staff queue', async () => {
      const [row] = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'order_policy_hold'), eq(staffQueue.reference, orderNumber)));
      return row;
    });
    expect(item.status).toBe('open');
    expect(item.summary).toContain(orderNumber);
    expect(item.summary).toContain('Минимум 10 узлов');
    const progress = await system.env.client.workflow.getHandle(orderWorkflowId(orderNumber)).query(orderProgressQuery);
    expect(progress.awaiting).toEqual({ code: 'staff_decision' });
    expect(progress.timeline.map((e) => e.step)).not.toContain('sent_to_vendor');
    expect([...system.sim.placements.keys()].filter((key) => key.includes(orderNumber))).toEqual([]);

    // Only staff decide; a malformed decision is refused with a message.
    expect((await dealer.json('POST', `/api/staff/orders/${orderNumber}/policy-hold`, { decision: 'proceed' })).status).toBe(403);
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const bad = await staff.json('POST', `/api/staff/orders/${orderNumber}/policy-hold`, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'decision', message: 'Выберите: продолжить или отменить заказ.' }]);

    // An update sent straight to Temporal (as the `temporal` CLI can), naming a dealer user as the
    // decider: the activity refuses it, audits it, and the order keeps waiting for staff.
    const [dealerUser] = await system.db.db.select({ id: users.id }).from(users).where(eq(users.login, 'prepay@demo.sid'));
    await system.env.client.workflow.getHandle(orderWorkflowId(orderNumber)).executeUpdate(releasePolicyHoldUpdate, { args: [{ decision: 'cancel', decidedBy: { userId: dealerUser!.id, login: 'staff@demo.sid' } }] });
    await waitFor('the forged decision refused', async () => {
      const rows = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.input_refused'), eq(auditLog.subjectId, orderNumber)));
      return rows.length === 1 && rows;
    });
    const stillHeld = await system.env.client.workflow.getHandle(orderWorkflowId(orderNumber)).query(orderProgressQuery);
    expect(stillHeld.awaiting).toEqual({ code: 'staff_decision' });
    expect(stillHeld.timeline.map((e) => e.step)).not.toContain('policy_hold_released');
    const [notCancelled] = await system.db.db.select({ status: orders.status }).from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(notCancelled!.status).not.toBe('cancelled');

    const released = await staff.json('POST', `/api/staff/orders/${orderNumber}/policy-hold`, { decision: 'proceed' });
    expect(released.status).toBe(200);
    await waitFor('the order shipped', async () => {
      const [row] = await system.db.db.select({ status: orders.status }).from(orders).where(eq(orders.orderNumber, orderNumber));
      return row && ['shipped', 'completed'].includes(row.status);
    });
    const [closed] = await system.db.db.select().from(staffQueue).where(eq(staffQueue.id, item.id));
    expect(closed!.status).toBe('resolved');
    const [audit] = await system.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'order.policy_hold_released'), eq(auditLog.subjectId, orderNumber)));
    expect(audit!.details).toEqual({ decision: 'proceed' });

    // Downloading the paid invoice is on record too.
    const invoice = await waitFor('the invoice PDF', async () => {
      const found = (await dealer.json('GET', '/api/invoices')).body.items.find((i: any) => i.orderNumber === orderNumber);
      return found?.pdf ? found : null;
    });
    expect((await dealer.request('GET', invoice.pdf)).status).toBe(200);
    const downloads = await staff.json('GET', `/api/staff/audit?action=document.downloaded&subjectId=${encodeURIComponent(invoice.number)}`);
    expect(downloads.body.items).toMatchObject([{ actor: 'prepay@demo.sid', subjectType: 'invoice', details: { kind: 'invoice' } }]);

    // The decision is taken once.
    const again = await staff.json('POST', `/api/staff/orders/${orderNumber}/policy-hold`, { decision: 'cancel' });
    expect(again.status).toBe(409);
  });

  it('an unreadable stored policy: the cart and the submit refuse its lines with the reason, and the re-check holds a paid order', async () => {
    const dealer = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
    await system.db.db.update(vendors).set({ licensePolicy: originalPolicy }).where(eq(vendors.code, 'KASP'));
    const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }], endUser });
    expect(placed.status).toBe(201);
    // Staff's editor refuses such a policy; one damaged in the database must stop orders all the same, everywhere alike.
    await system.db.db.update(vendors).set({ licensePolicy: { unit: 'license', rules: [{ kind: 'no_such_rule' }] } }).where(eq(vendors.code, 'KASP'));
    try {
      const unreadable = expect.objectContaining({ field: 'lines.0.partNumber', message: expect.stringContaining('заданы с ошибкой') });
      const checked = await dealer.json('POST', '/api/orders/check', { lines: [{ partNumber, quantity: 5 }], endUser });
      expect(checked.status).toBe(200);
      expect(checked.body.ok).toBe(false);
      expect(checked.body.errors).toContainEqual(unreadable);
      const refused = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity: 5 }], endUser });
      expect(refused.status).toBe(422);
      expect(refused.body.error.fields).toContainEqual(unreadable);

      await payInvoiceOf(placed.body.orderNumber, placed.body.totals.grossKopecks);
      const item = await waitFor('the hold in the staff queue', async () => {
        const [row] = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'order_policy_hold'), eq(staffQueue.reference, placed.body.orderNumber)));
        return row;
      });
      expect(item.summary).toContain('заданы с ошибкой');
      expect([...system.sim.placements.keys()].filter((key) => key.includes(placed.body.orderNumber))).toEqual([]);
    } finally {
      await system.db.db.update(vendors).set({ licensePolicy: originalPolicy }).where(eq(vendors.code, 'KASP'));
    }
  });

  it('refuses a decision for an order that is not held', async () => {
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    expect((await staff.json('POST', '/api/staff/orders/SID-0000000/policy-hold', { decision: 'proceed' })).status).toBe(404);
  });
});
