import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';
import type { BankingCalendar } from '../../src/domain/banking-calendar';
import { approvalReminderAt } from '../../src/domain/dealers/onboarding';
import { moscowDateOf, moscowMonthOf } from '../../src/domain/moscow-time';
import type { OrderStatus } from '../../src/domain/order';
import { invoiceDue } from '../../src/domain/settlement';
import { joinStatementWorkflow } from '../../src/activities/billing/statement.activities';
import { invoiceNumberAssignedSignal, invoicePaymentsChangedSignal, type InvoiceStatus } from '../../src/workflows/billing/invoice.contract';
import { actNumberAssignedSignal } from '../../src/workflows/orders/order.contract';
import type { DealerDecision } from '../../src/workflows/accounts/onboarding.contract';

/**
 * Activities replaced at the activity boundary for time-skipping workflow tests: an in-memory
 * vendor and an in-memory set of books. Due dates still come from the real production calendar.
 */
export interface FakeVendor {
  /** How many times the vendor says "processing" before the keys are issued. */
  processingPolls: number;
  /** Transient failures (5xx) before the first successful read. */
  outages?: number;
  reject?: string;
}

export interface FakeInvoice {
  id: string;
  workflowId: string;
  dealerId: string;
  amountKopecks: number;
  paidKopecks: number;
  status: InvoiceStatus;
  number: string | null;
  dueDate: string | null;
}

export function createFakes(options: {
  vendors?: Record<string, FakeVendor>;
  calendar: BankingCalendar;
  /** What each invoice bills, by workflow id (default 100 000 kopecks). */
  amounts?: Record<string, number>;
  /** When each order shipped (for the monthly statement), by order number. */
  shippedAt?: Record<string, string>;
  client?: Client;
  taskQueue?: string;
  /**
   * 1C answering at once, from inside the activities: numbers every invoice as it is registered
   * and pays it in full as it is issued. Used where a test is about something else, so that time
   * skipping cannot run past an invoice's due date before the test's own signals arrive.
   */
  instantOneC?: boolean;
  /** What the licence policy re-check finds, by order id (default: nothing). */
  policyProblems?: Record<string, string[]>;
}) {
  /** 1C's document date: the test server's today (it skips time), never a literal that passes. */
  const serverToday = () => moscowDateOf(Context.current().info.currentAttemptScheduledTimestampMs);
  const calls = {
    placed: [] as string[],
    policyRechecks: [] as string[],
    polls: {} as Record<string, number>,
    statuses: [] as OrderStatus[],
    archives: 0,
    cancelled: [] as string[],
    joined: [] as Array<{ orderNumber: string; month: string }>,
    completedStatements: [] as string[],
    documents: [] as string[],
    acts: [] as string[],
    manualRequests: [] as string[],
    unnumbered: [] as string[],
    escalations: [] as string[],
    vendorRequests: [] as Array<{ vendorCode: string; attempt: number }>,
    archiveMails: [] as string[],
    actMails: [] as string[],
    cancellationMails: [] as string[],
    /** Dealer onboarding: staff tasks opened and reminded, letters sent, decisions applied. */
    approvalTasks: [] as string[],
    approvalReminders: [] as string[],
    registrationMails: [] as string[],
    decisionMails: [] as Array<{ dealerId: string; status: string }>,
    decisions: [] as Array<{ dealerId: string; decision: DealerDecision }>,
    passwordResetRequests: [] as string[],
    /** Licences: orders whose licences were recorded, reminders and lapse letters (with the test server's clock), lapses. */
    licensesRecorded: [] as string[],
    renewalReminders: [] as Array<{ licenseId: string; daysBefore: number; at: string }>,
    lapseMails: [] as Array<{ licenseId: string; at: string }>,
    lapsed: [] as string[],
    /** The order page's projection, by order id: the newest progress snapshot written, as the real use case keeps it. */
    progress: {} as Record<string, { progress: object; version: number }>,
  };
  const project = (orderId: string, snapshot: { progress: object; version: number } | undefined) => {
    if (snapshot && (calls.progress[orderId]?.version ?? -1) < snapshot.version) calls.progress[orderId] = snapshot;
  };
  /** Dealers' statuses as the fake database holds them (pending until a decision is applied). */
  const dealerStatuses = new Map<string, 'pending' | 'approved' | 'rejected' | 'suspended'>();
  /** Keys staff have entered per order line, for manual vendors. */
  const books = { invoices: new Map<string, FakeInvoice>(), creditHold: false, enteredKeys: new Map<string, number>() };
  const byId = (id: string) => {
    const invoice = books.invoices.get(id);
    if (!invoice) throw new Error(`no invoice ${id}`);
    return invoice;
  };

  const activities: Partial<Activities> = {
    async placeVendorOrder(input) {
      calls.placed.push(input.vendorCode);
      return { vendorOrderId: `VO-${input.vendorCode}` };
    },
    async collectVendorKeys(input) {
      const code = input.vendorOrderId.slice(3);
      const vendor = options.vendors?.[code] ?? { processingPolls: 0 };
      const n = (calls.polls[code] = (calls.polls[code] ?? 0) + 1);
      if (vendor.outages && n <= vendor.outages) throw ApplicationFailure.retryable('vendor answered 503', 'VendorUnavailable');
      if (vendor.reject) throw ApplicationFailure.nonRetryable(vendor.reject, 'VendorRejected');
      if (n <= (vendor.outages ?? 0) + vendor.processingPolls) return { state: 'processing', keyCount: 0 };
      return { state: 'completed', keyCount: input.lines.reduce((s, l) => s + l.quantity, 0) };
    },
    async requestManualKeys(input) {
      calls.manualRequests.push(input.vendorCode);
    },
    async escalateStuckFulfillment(input) {
      calls.escalations.push(input.vendorCode);
    },
    async checkEnteredKeys(input) {
      const keyCount = input.lines.reduce((sum, l) => sum + Math.min(books.enteredKeys.get(l.orderLineId) ?? 0, l.quantity), 0);
      return { complete: input.lines.every((l) => (books.enteredKeys.get(l.orderLineId) ?? 0) >= l.quantity), keyCount };
    },
    async recordOrderStatus(input) {
      calls.statuses.push(input.status);
      project(input.orderId, input.snapshot);
    },
    async recordOrderProgress(input) {
      project(input.orderId, input);
    },
    async recheckOrderPolicy(input) {
      calls.policyRechecks.push(input.orderId);
      project(input.orderId, input.snapshot);
      return { problems: options.policyProblems?.[input.orderId] ?? [] };
    },
    async confirmPolicyHoldDecision() {
      // The real activity checks the decider against the users table (test/api/workflow-inputs.test.ts).
      return { confirmed: true };
    },
    async sendVendorOrderRequest(input) {
      const attempt = calls.vendorRequests.filter((r) => r.vendorCode === input.vendorCode).length + 1;
      calls.vendorRequests.push({ vendorCode: input.vendorCode, attempt });
      return { messageId: `<order.${input.orderNumber}.${input.vendorCode}.${attempt}@sid.test>`, attempt };
    },
    async mailKeyArchive(input) {
      calls.archiveMails.push(input.orderId);
      return { to: 'dealer@example.test', attached: true };
    },
    async mailOrderCancelled(input) {
      calls.cancellationMails.push(input.orderId);
    },
    async mailActDocuments(input) {
      calls.actMails.push(input.orderId);
      return { to: 'dealer@example.test', files: ['act.pdf'] };
    },
    async buildOrderArchive() {
      calls.archives += 1;
      return { documentId: 'doc-1', keyCount: 0, sizeBytes: 100 };
    },
    async cancelOrder(input) {
      calls.cancelled.push(input.orderId);
      project(input.orderId, input.snapshot);
    },
    async registerInvoice(input) {
      const existing = [...books.invoices.values()].find((i) => i.workflowId === input.workflowId);
      if (existing) return { invoiceId: existing.id, amountKopecks: existing.amountKopecks };
      const invoice: FakeInvoice = {
        id: `inv-${books.invoices.size + 1}`,
        workflowId: input.workflowId,
        dealerId: input.dealerId,
        amountKopecks: options.amounts?.[input.workflowId] ?? 100_000,
        paidKopecks: 0,
        status: 'awaiting_number',
        number: null,
        dueDate: null,
      };
      books.invoices.set(invoice.id, invoice);
      if (options.instantOneC) {
        await options.client!.workflow.getHandle(input.workflowId).signal(invoiceNumberAssignedSignal, { number: `СЧ-${invoice.id}`, date: serverToday() });
      }
      return { invoiceId: invoice.id, amountKopecks: invoice.amountKopecks };
    },
    async issueInvoice(input) {
      const invoice = byId(input.invoiceId);
      const { dueDate, overdueAt } = invoiceDue(options.calendar, input.date, input.termBankingDays);
      Object.assign(invoice, { number: input.number, dueDate, status: 'issued' });
      if (options.instantOneC) {
        invoice.paidKopecks = invoice.amountKopecks;
        await options.client!.workflow.getHandle(invoice.workflowId).signal(invoicePaymentsChangedSignal);
      }
      return { dueDate, overdueAt: overdueAt.toISOString(), number: input.number };
    },
    // 1C numbers acts at once here: no test waits on an act.
    async registerAct(input) {
      calls.acts.push(input.orderId);
      await options.client!.workflow.getHandle(input.workflowId).signal(actNumberAssignedSignal, { number: `АКТ-${calls.acts.length}`, date: serverToday() });
      return { actId: `act-${input.orderId}` };
    },
    async issueAct(input) {
      return { documentId: `doc-${input.actId}`, number: input.number };
    },
    async renderInvoiceDocument(input) {
      calls.documents.push(input.invoiceId);
      return { documentId: `doc-${input.invoiceId}`, sizeBytes: 1 };
    },
    async escalateUnnumberedDocument(input) {
      calls.unnumbered.push(input.documentId);
    },
    async readInvoiceBalance(input) {
      const { amountKopecks, paidKopecks } = byId(input.invoiceId);
      return { amountKopecks, paidKopecks };
    },
    async settleInvoice(input) {
      const invoice = byId(input.invoiceId);
      if (invoice.paidKopecks < invoice.amountKopecks) return { settled: false };
      invoice.status = 'paid';
      if (![...books.invoices.values()].some((i) => i.status === 'overdue')) books.creditHold = false;
      return { settled: true };
    },
    async expireInvoice(input) {
      const invoice = byId(input.invoiceId);
      if (invoice.paidKopecks >= invoice.amountKopecks) return { expired: false };
      invoice.status = 'expired';
      return { expired: true };
    },
    async markInvoiceOverdue(input) {
      const invoice = byId(input.invoiceId);
      if (invoice.paidKopecks >= invoice.amountKopecks) return { overdue: false };
      invoice.status = 'overdue';
      books.creditHold = true;
      return { overdue: true };
    },
    async joinMonthlyStatement(input) {
      const shippedAt = options.shippedAt?.[input.orderNumber];
      if (!shippedAt || !options.client) throw new Error(`test gave no shipping time or client for ${input.orderNumber}`);
      const month = moscowMonthOf(new Date(shippedAt));
      calls.joined.push({ orderNumber: input.orderNumber, month });
      await joinStatementWorkflow(options.client, options.taskQueue!, { dealerId: input.dealerId, month, orderNumber: input.orderNumber });
      return { month };
    },
    async completeStatementOrders(input) {
      calls.completedStatements.push(`${input.dealerId}/${input.month}`);
    },
    // The application "arrives" when the workflow schedules the activity: test-server time, which
    // runs ahead of the wall clock once a test has skipped time.
    async openDealerApproval(input) {
      calls.approvalTasks.push(input.dealerId);
      if (!dealerStatuses.has(input.dealerId)) dealerStatuses.set(input.dealerId, 'pending');
      return { remindAt: approvalReminderAt(new Date(Context.current().info.currentAttemptScheduledTimestampMs), options.calendar).toISOString() };
    },
    async mailRegistrationReceived(input) {
      calls.registrationMails.push(input.dealerId);
    },
    async remindStaffOfDealerApproval(input) {
      calls.approvalReminders.push(input.dealerId);
    },
    async applyDealerDecision(input) {
      const target = input.decision.decision === 'approve' ? 'approved' : 'rejected';
      const current = dealerStatuses.get(input.dealerId) ?? 'pending';
      if (current !== 'pending') return { status: current, applied: current === target };
      dealerStatuses.set(input.dealerId, target);
      calls.decisions.push(input);
      return { status: target, applied: true };
    },
    async mailDealerDecision(input) {
      calls.decisionMails.push({ dealerId: input.dealerId, status: dealerStatuses.get(input.dealerId) ?? 'pending' });
    },
    async recordLicenses(input) {
      calls.licensesRecorded.push(input.orderId);
      return { recorded: 0, renewed: 0 };
    },
    // Each letter is stamped with the test server's time when the workflow scheduled it.
    async mailRenewalReminder(input) {
      calls.renewalReminders.push({ ...input, at: new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString() });
    },
    async mailLicenseLapsed(input) {
      calls.lapseMails.push({ ...input, at: new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString() });
    },
    async markLicenseLapsed(input) {
      calls.lapsed.push(input.licenseId);
      return { lapsed: true };
    },
    async mailPasswordResetLinks(input) {
      calls.passwordResetRequests.push(input.login);
      return { mailed: 1 };
    },
  };
  return { activities, calls, books, dealerStatuses };
}
