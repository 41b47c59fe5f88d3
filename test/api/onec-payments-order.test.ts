import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, payments, staffQueue } from '../../db/schema';
import { invoiceStateQuery, invoiceWorkflowId } from '../../src/workflows/billing/invoice.contract';
import { orderProgressQuery, orderWorkflowId } from '../../src/workflows/orders/order.contract';
import { moscowToday } from '../support/dates';
import { OnecClient, decimalRoubles } from '../support/onec-client';
import { ApiSession, startSystem, waitFor, type RunningSystem } from '../support/system';

// 1C as it behaves on a bad day: every payment sent five times, in no particular order, some of
// them before the invoice's number reached SID. Through the real API, workflows and PostgreSQL.
let system: RunningSystem;
let onec: OnecClient;
let partNumber: string;

beforeAll(async () => {
  system = await startSystem();
  onec = OnecClient.forRun(system.baseUrl);
  partNumber = (await (await ApiSession.login(system.baseUrl, 'prepay@demo.sid')).firstProduct('KASP')).partNumber;
});
afterAll(async () => system?.stop());

/** A repeatable shuffle (mulberry32): the order of arrival is scrambled, the same way every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A prepay order of the demo dealer whose invoice waits in the outbox for 1C's number; the number 1C will give it. */
async function orderAwaitingInvoiceNumber(quantity: number) {
  const dealer = await ApiSession.login(system.baseUrl, 'prepay@demo.sid');
  const placed = await dealer.json('POST', '/api/orders', { lines: [{ partNumber, quantity }], endUser: { name: 'ООО «Заказчик»', inn: '7707083893', region: 'Москва' } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const orderNumber: string = placed.body.orderNumber;
  const gross: number = placed.body.totals.grossKopecks;
  const item = await onec.outboxItem(orderNumber, 'invoice');
  return { orderNumber, gross, item, number: `СЧ-ООО-${orderNumber.slice(-4)}` };
}

describe('payments reported out of order, repeated, and before the invoice number', () => {
  it('pays the invoice exactly once, to the kopeck; held payments are applied when the number arrives', async () => {
    const { orderNumber, gross, item, number } = await orderAwaitingInvoiceNumber(7);

    // Three partial payments that add up to the invoice exactly, odd kopecks included.
    const first = Math.floor(gross / 3) + 1;
    const second = Math.floor(gross / 4) - 1;
    const parts = [first, second, gross - first - second];
    const paymentIds = parts.map((_, i) => `${orderNumber}-ooo-${i + 1}`);
    const body = (i: number) => ({ paymentId: paymentIds[i]!, invoiceNumber: number, amount: decimalRoubles(parts[i]!), paidOn: moscowToday(), paymentOrderNumber: `9${i + 1}` });
    const messages = shuffled(
      paymentIds.flatMap((_, i) => Array.from({ length: 5 }, () => i)),
      20261201,
    );
    // The number arrives after the first five messages (which hold at least two different payments).
    const early = messages.slice(0, 5);
    const late = messages.slice(5);
    expect(new Set(early).size).toBeGreaterThanOrEqual(2);
    expect(new Set(late).size).toBe(3);

    // Before the number: each payment is held and shown to staff once; repeats change nothing.
    // Pairs go at the same moment, as 1C's retries do.
    const answers: Array<{ status: number; body: any }> = [];
    for (let k = 0; k < early.length; k += 2) {
      answers.push(...(await Promise.all(early.slice(k, k + 2).map((i) => onec.call('POST', '/api/1c/payments', body(i))))));
    }
    for (const answer of answers) expect([202, 200], JSON.stringify(answer.body)).toContain(answer.status);
    expect(answers.filter((a) => a.status === 202).every((a) => a.body.reason === 'unknown_invoice')).toBe(true);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(new Set(early).size);
    const held = await system.db.db.select().from(payments).where(inArray(payments.externalId, paymentIds));
    expect(held.map((p) => p.status)).toEqual(held.map(() => 'queued'));
    expect(held.every((p) => p.invoiceId === null)).toBe(true);
    const staff = await ApiSession.login(system.baseUrl, 'staff@demo.sid');
    const seen = await staff.json('GET', '/api/staff/queue?kind=payment_unknown_invoice');
    expect(seen.body.items.filter((i: any) => i.reference === number)).toHaveLength(new Set(early).size);
    expect(seen.body.items.find((i: any) => i.reference === number).summary).toContain('зачтётся сам');

    // The number arrives: what was held is applied with it, and the invoice workflow woken.
    const numbered = await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() });
    expect(numbered.body).toMatchObject({ documentType: 'invoice', status: 'assigned' });
    const heldTotal = [...new Set(early)].reduce((sum, i) => sum + parts[i]!, 0);
    const [afterNumber] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(afterNumber!.paidKopecks).toBe(heldTotal);
    const open = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'payment_unknown_invoice'), eq(staffQueue.reference, number)));
    expect(open.map((q) => q.status)).toEqual(open.map(() => 'resolved'));

    // The rest, repeats and all, after the number (a repeat of a held payment is a duplicate now).
    for (let k = 0; k < late.length; k += 2) {
      const batch = await Promise.all(late.slice(k, k + 2).map((i) => onec.call('POST', '/api/1c/payments', body(i))));
      for (const answer of batch) expect(['applied', 'duplicate'], JSON.stringify(answer.body)).toContain(answer.body.status);
    }

    // Paid once, exactly; each payment recorded once; nothing left for staff but what was resolved.
    const invoiceHandle = system.env.client.workflow.getHandle(invoiceWorkflowId.forOrder(orderNumber));
    await waitFor('the invoice paid', async () => (await invoiceHandle.query(invoiceStateQuery)).status === 'paid', 60_000);
    const [paid] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(paid).toMatchObject({ amountKopecks: gross, paidKopecks: gross, status: 'paid' });
    const recorded = await system.db.db.select().from(payments).where(inArray(payments.externalId, paymentIds));
    expect(recorded).toHaveLength(3);
    expect(recorded.map((p) => [p.externalId, p.status, p.invoiceId, p.amountKopecks]).sort()).toEqual(
      paymentIds.map((id, i) => [id, 'applied', paid!.id, parts[i]]).sort(),
    );
    expect(await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'overpayment'), eq(staffQueue.reference, number)))).toHaveLength(0);
    expect((await invoiceHandle.result()).outcome).toBe('paid');
    const orderHandle = system.env.client.workflow.getHandle(orderWorkflowId(orderNumber));
    const progress = await waitFor('the order past payment', async () => {
      const p = await orderHandle.query(orderProgressQuery);
      return p.timeline.some((e) => e.step === 'sent_to_vendor') ? p : null;
    });
    expect(progress.timeline.filter((e) => e.step === 'paid')).toHaveLength(1);
    expect((await staff.json('GET', '/api/staff/queue?kind=payment_unknown_invoice')).body.items.map((i: any) => i.reference)).not.toContain(number);

    // One more payment, five times: an overpayment, put before staff once.
    const extra = { paymentId: `${orderNumber}-ooo-4`, invoiceNumber: number, amount: '100.01', paidOn: moscowToday(), paymentOrderNumber: '94' };
    const extras = await Promise.all(Array.from({ length: 5 }, () => onec.call('POST', '/api/1c/payments', extra)));
    expect(extras.filter((a) => a.body.status === 'applied')).toHaveLength(1);
    expect(extras.find((a) => a.body.status === 'applied')!.body.overpaidKopecks).toBe(10_001);
    const overpaid = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'overpayment'), eq(staffQueue.reference, number)));
    expect(overpaid).toHaveLength(1);
    const [final] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(final!.paidKopecks).toBe(gross + 10_001);
  });

  it('a held payment larger than the invoice is applied when the number arrives, and the excess goes to staff', async () => {
    const { orderNumber, gross, item, number } = await orderAwaitingInvoiceNumber(5);
    const early = await onec.call('POST', '/api/1c/payments', { paymentId: `${orderNumber}-big`, invoiceNumber: number, amount: decimalRoubles(gross + 55), paidOn: moscowToday(), paymentOrderNumber: '95' });
    expect(early.body).toEqual({ status: 'queued', reason: 'unknown_invoice' });
    await onec.call('POST', '/api/1c/documents/number', { sidDocumentId: item.sidDocumentId, number, date: moscowToday() });
    const overpaid = await system.db.db.select().from(staffQueue).where(and(eq(staffQueue.kind, 'overpayment'), eq(staffQueue.reference, number)));
    expect(overpaid).toHaveLength(1);
    expect(overpaid[0]!.summary).toContain('0,55');
    const invoiceHandle = system.env.client.workflow.getHandle(invoiceWorkflowId.forOrder(orderNumber));
    await waitFor('the invoice paid', async () => (await invoiceHandle.query(invoiceStateQuery)).status === 'paid', 60_000);
    const [paid] = await system.db.db.select().from(invoices).where(eq(invoices.number, number));
    expect(paid).toMatchObject({ paidKopecks: gross + 55, status: 'paid' });
  });
});
