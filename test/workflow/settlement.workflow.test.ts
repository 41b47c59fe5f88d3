import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../src/activities';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { moscowDateOf } from '../../src/domain/moscow-time';
import type { SettlementScheme } from '../../src/domain/order';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { dealerStatementQuery, dealerStatementWorkflowId } from '../../src/workflows/billing/dealer-statement.contract';
import { invoiceStateQuery, invoiceWorkflowId } from '../../src/workflows/billing/invoice.contract';
import { order } from '../../src/workflows/orders/order';
import { orderProgressQuery, orderWorkflowId, type OrderWorkflowInput } from '../../src/workflows/orders/order.contract';
import { createFakes } from '../support/fake-activities';
import { recordHistory } from '../support/histories';
import { createTestWorker, createWorkflowTestEnv, numberInvoice, pay, waitForInvoice } from '../support/workflow-env';

/**
 * The three settlement schemes on the time-skipping test server. Time moves only when a test
 * sleeps, and only forward from the real time the server started at, so these tests run in
 * calendar order: postpay across the coming New Year holidays first, then the next monthly close,
 * then prepay. Results are read through a plain client:
 * the test environment's own client lets the server skip time while it waits for a result, and
 * with nothing else scheduled the server jumps years ahead to the next workflow timeout.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let calendar: BankingCalendar;
const TASK_QUEUE = 'settlement-tests';

beforeAll(async () => {
  ({ env, bundle } = await createWorkflowTestEnv());
  calendar = await loadProductionCalendar();
});
afterAll(async () => env?.teardown());

let seq = 0;
function orderInput(scheme: SettlementScheme, dealerId = 'dealer-1'): OrderWorkflowInput {
  seq += 1;
  return {
    orderId: `00000000-0000-0000-0000-${String(seq).padStart(12, '0')}`,
    orderNumber: `SID-8${String(seq).padStart(6, '0')}`,
    dealerId,
    scheme,
    vendors: [{ vendorId: 1, vendorCode: 'KASP', adapterKind: 'api', lines: [{ orderLineId: `line-${seq}`, partNumber: 'KL4863RAAFS', quantity: 1 }] }],
    ...(scheme === 'prepay' ? { prepayValidityBankingDays: 5 } : {}),
  };
}

const now = () => env.currentTimeMs();

/**
 * The test server's clock starts at the real time and only moves forward, so the calendar dates
 * these tests need are computed from it, never written in: the end of the current Moscow month
 * (or the next one, when too little of this one is left), and the next 29 December.
 */
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
function monthClose(nowMs: number) {
  const [year, month] = moscowDateOf(nowMs).split('-').map(Number) as [number, number];
  const close = (y: number, m: number) => {
    const lastDay = isoDay(new Date(Date.UTC(y, m, 0)));
    const next = new Date(Date.UTC(y, m, 1));
    return { month: `${y}-${String(m).padStart(2, '0')}`, lastDay, nextMonth: next.toISOString().slice(0, 7), nextFirstDay: isoDay(next) };
  };
  const current = close(year, month);
  // Shipping at 23:59:59 on the last day must still be ahead of the clock, with room to spare.
  return Date.parse(`${current.lastDay}T18:00:00Z`) > nowMs ? current : close(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1);
}
function nextDecember29(nowMs: number) {
  const year = Number(moscowDateOf(nowMs).slice(0, 4));
  return Date.parse(`${year}-12-29T06:00:00Z`) > nowMs ? year : year + 1;
}
const resultOf = (workflowId: string) => new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }).workflow.getHandle<typeof order>(workflowId).result();
const today = async () => moscowDateOf(await now());
async function sleepUntil(iso: string) {
  const ms = Date.parse(iso) - (await now());
  expect(ms, `the test clock is already past ${iso}`).toBeGreaterThan(0);
  await env.sleep(ms);
}

async function eventually<T>(check: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker over fresh fake books for one test. */
async function withWorker<T>(fakes: ReturnType<typeof createFakes>, body: () => Promise<T>): Promise<T> {
  const worker = await createTestWorker(env, bundle, TASK_QUEUE, fakes.activities as Partial<Activities>);
  return worker.runUntil(body);
}

describe('postpay', () => {
  it('ships at once, and is paid before the due date without a credit hold', async () => {
    const input = orderInput('postpay');
    const fakes = createFakes({ calendar, client: env.client });
    await withWorker(fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forOrder(input.orderNumber));
      expect(fakes.calls.archives).toBeGreaterThanOrEqual(1); // shipped before anything was paid
      await numberInvoice(env, invoice.workflowId, 'СЧ-3001', await today());
      await env.sleep('1 day');
      await pay(env, invoice, invoice.amountKopecks);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed', invoiceNumber: 'СЧ-3001' });
      expect(fakes.books.creditHold).toBe(false);
      await recordHistory('order-postpay-paid', handle);
    });
  });

  it('goes overdue 3 banking days after 29 December, past the New Year holidays, and payment lifts the credit hold', async () => {
    const input = orderInput('postpay');
    const fakes = createFakes({ calendar, client: env.client });
    await withWorker(fakes, async () => {
      const year = nextDecember29(await now());
      await sleepUntil(`${year}-12-29T07:00:00Z`);
      const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forOrder(input.orderNumber));
      await numberInvoice(env, invoice.workflowId, 'СЧ-3002', `${year}-12-29`);
      const invoiceHandle = env.client.workflow.getHandle(invoice.workflowId);
      // The New Year holidays are off: the third banking day after 29 December falls well into
      // January (for 2026: 30 December, then 31 December to 10 January off, so 12 January).
      await env.sleep('1 hour');
      const dueDate = (await invoiceHandle.query(invoiceStateQuery)).dueDate!;
      expect(dueDate).toBe(calendar.addBankingDays(`${year}-12-29`, 3));
      expect(dueDate > `${year + 1}-01-08`).toBe(true);
      if (year === 2026) expect(dueDate).toBe('2027-01-12');
      await sleepUntil(`${dueDate}T20:00:00Z`); // 23:00 MSK on the due date
      expect(fakes.books.creditHold).toBe(false);
      expect((await invoiceHandle.query(invoiceStateQuery)).status).toBe('issued');
      await sleepUntil(`${dueDate}T21:30:00Z`); // 00:30 MSK the next day
      expect(fakes.books.creditHold).toBe(true);
      expect((await invoiceHandle.query(invoiceStateQuery)).status).toBe('overdue');
      expect((await handle.query(orderProgressQuery)).status).toBe('shipped');
      await pay(env, invoice, invoice.amountKopecks);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed' });
      expect(fakes.books.creditHold).toBe(false);
      expect(invoice.status).toBe('paid');
      await recordHistory('order-postpay-overdue-new-year', handle);
      await recordHistory('invoice-postpay-overdue-then-paid', invoiceHandle);
    });
  });
});

describe('monthly accumulation', () => {
  it('bills each order in the Moscow month it shipped: 23:59:59 on the last day of a month in it, 00:00:00 in the next', async () => {
    // "November" and "December" stand for the month closing next and the one after it.
    const { month, lastDay, nextMonth, nextFirstDay } = monthClose(await now());
    const november = orderInput('monthly', 'dealer-m');
    const december = orderInput('monthly', 'dealer-m');
    const fakes = createFakes({
      calendar,
      client: env.client,
      taskQueue: TASK_QUEUE,
      shippedAt: { [november.orderNumber]: `${lastDay}T20:59:59Z`, [december.orderNumber]: `${lastDay}T21:00:00Z` },
      amounts: { [invoiceWorkflowId.forStatement('dealer-m', month)]: 250_000 },
    });
    await withWorker(fakes, async () => {
      for (const input of [november, december]) {
        const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
        // Waited for by polling: awaiting the result would let time skip to the statements' close.
        await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : null));
        expect((await handle.query(orderProgressQuery)).status).toBe('shipped');
      }
      expect(fakes.calls.joined.map((j) => j.month)).toEqual([month, nextMonth]);
      // Rights pass on delivery, whatever the billing: each order has its own act.
      expect(fakes.calls.acts).toEqual([november.orderId, december.orderId]);
      const novStatement = env.client.workflow.getHandle(dealerStatementWorkflowId('dealer-m', month));
      const decStatement = env.client.workflow.getHandle(dealerStatementWorkflowId('dealer-m', nextMonth));
      expect(await novStatement.query(dealerStatementQuery)).toMatchObject({ orderNumbers: [november.orderNumber], status: 'collecting' });
      expect(await decStatement.query(dealerStatementQuery)).toMatchObject({ orderNumbers: [december.orderNumber], status: 'collecting' });

      // Still November in Moscow: nothing is invoiced yet.
      await sleepUntil(`${lastDay}T20:59:00Z`);
      expect(fakes.books.invoices.size).toBe(0);
      // After the month's close (midnight MSK plus the grace hour) one consolidated invoice appears.
      await sleepUntil(`${lastDay}T22:01:00Z`);
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forStatement('dealer-m', month));
      expect(invoice.amountKopecks).toBe(250_000);
      expect(fakes.books.invoices.size).toBe(1);
      await numberInvoice(env, invoice.workflowId, 'СФ-1101', nextFirstDay);
      await pay(env, invoice, 250_000);
      // Polled by query, not awaited: awaiting a result lets the test server skip time, which
      // would run December's statement to its own close.
      const closed = await eventually(async () => {
        const state = await novStatement.query(dealerStatementQuery);
        return state.status === 'paid' ? state : null;
      });
      expect(closed).toMatchObject({ invoiceNumber: 'СФ-1101', orderNumbers: [november.orderNumber] });
      expect(fakes.calls.completedStatements).toEqual([`dealer-m/${month}`]);
      expect(await decStatement.query(dealerStatementQuery)).toMatchObject({ status: 'collecting', orderNumbers: [december.orderNumber] });
      await decStatement.terminate('test over');
      await recordHistory('dealer-statement-monthly-close', novStatement);
      await recordHistory('invoice-monthly-paid', env.client.workflow.getHandle(invoice.workflowId));
      await recordHistory('order-monthly-shipped', env.client.workflow.getHandle(orderWorkflowId(november.orderNumber)));
    });
  });
});

describe('prepay', () => {
  it('waits for payment, then fulfils and ships', async () => {
    const input = orderInput('prepay');
    const fakes = createFakes({ calendar, client: env.client });
    await withWorker(fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forOrder(input.orderNumber));
      await numberInvoice(env, invoice.workflowId, 'СЧ-2001', await today());
      await env.sleep('2 days');
      expect(fakes.calls.placed).toEqual([]);
      expect((await handle.query(orderProgressQuery)).status).toBe('awaiting_payment');
      // A partial payment keeps the invoice open with the remainder.
      await pay(env, invoice, 40_000);
      await env.sleep('1 hour');
      expect(await env.client.workflow.getHandle(invoice.workflowId).query(invoiceStateQuery)).toMatchObject({ status: 'partially_paid', paidKopecks: 40_000 });
      expect(fakes.calls.placed).toEqual([]);
      await pay(env, invoice, 60_000);
      const result = await resultOf(handle.workflowId);
      expect(result).toMatchObject({ status: 'completed', invoiceNumber: 'СЧ-2001' });
      expect(fakes.calls.placed).toEqual(['KASP']);
      expect(invoice.status).toBe('paid');
      expect(fakes.calls.statuses).toEqual(['awaiting_payment', 'fulfilling', 'keys_received', 'shipped', 'completed']);
      // The archive is packed when the keys arrive, and again with the act once 1C numbered it.
      expect(fakes.calls.acts).toEqual([input.orderId]);
      expect(fakes.calls.archives).toBe(2);
      await recordHistory('order-prepay-paid', handle);
      await recordHistory('invoice-prepay-partial-then-paid', env.client.workflow.getHandle(invoice.workflowId));
    });
  });

  it('cancels the order when the invoice expires unpaid after 5 banking days', async () => {
    const input = orderInput('prepay');
    const fakes = createFakes({ calendar, client: env.client });
    await withWorker(fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forOrder(input.orderNumber));
      const issuedOn = await today();
      await numberInvoice(env, invoice.workflowId, 'СЧ-2002', issuedOn);
      const lastDay = calendar.addBankingDays(issuedOn, 5);
      // Valid through the whole fifth banking day (Moscow), expired at the next midnight.
      await sleepUntil(`${lastDay}T20:30:00Z`);
      expect(invoice.status).toBe('issued');
      await sleepUntil(`${lastDay}T21:05:00Z`);
      const result = await resultOf(handle.workflowId);
      expect(result).toMatchObject({ status: 'cancelled', archiveDocumentId: null });
      expect(invoice.status).toBe('expired');
      expect(fakes.calls.cancelled).toEqual([input.orderId]);
      // The dealer is told by e-mail, once.
      expect(fakes.calls.cancellationMails).toEqual([input.orderId]);
      expect(fakes.calls.placed).toEqual([]);
      // Why, as a code with the invoice's number: the page words it.
      const last = (await handle.query(orderProgressQuery)).timeline.at(-1);
      expect(last).toMatchObject({ step: 'cancelled', reason: { code: 'invoice_expired', invoiceNumber: 'СЧ-2002' } });
      expect(last?.detail).toBeUndefined();
      await recordHistory('order-prepay-expired', handle);
      await recordHistory('invoice-prepay-expired', env.client.workflow.getHandle(invoice.workflowId));
    });
  });
});

describe('1C numbering', () => {
  it('asks staff to look at the exchange when 1C has not numbered an invoice for a day, and still takes the number', async () => {
    const input = orderInput('prepay');
    const fakes = createFakes({ calendar, client: env.client });
    await withWorker(fakes, async () => {
      const handle = await env.client.workflow.start(order, { taskQueue: TASK_QUEUE, workflowId: orderWorkflowId(input.orderNumber), args: [input] });
      const invoice = await waitForInvoice(fakes.books, invoiceWorkflowId.forOrder(input.orderNumber));
      await env.sleep('23 hours');
      expect(fakes.calls.unnumbered).toEqual([]);
      await env.sleep('2 hours');
      expect(fakes.calls.unnumbered).toEqual([invoice.id]);
      await numberInvoice(env, invoice.workflowId, 'СЧ-4001', await today());
      await env.sleep('1 hour');
      expect(await env.client.workflow.getHandle(invoice.workflowId).query(invoiceStateQuery)).toMatchObject({ status: 'issued', number: 'СЧ-4001' });
      await pay(env, invoice, invoice.amountKopecks);
      expect(await resultOf(handle.workflowId)).toMatchObject({ status: 'completed' });
    });
  });
});
