import { describe, expect, it } from 'vitest';
import { orderWaiting, readWorkflowWait, type WorkflowWait } from '../../src/domain/order-waiting';

const none = { vendors: [], invoiceNumber: null, dueDate: null, text: null };

describe('what an order waits for, from the text older runs and rows hold', () => {
  it('waits for 1C’s invoice, not for payment, while the invoice has no number', () => {
    expect(orderWaiting('оплата счёта', [], null)).toEqual({ ...none, code: 'invoice_number' });
    expect(orderWaiting('оплата счёта', [], { number: null, dueDate: null, status: 'awaiting_number' })).toEqual({ ...none, code: 'invoice_number' });
  });

  it('waits for payment of a numbered invoice, with its number and due date', () => {
    // orderWaiting is pure and only passes the due date through: a fixed date, never compared with today.
    expect(orderWaiting('оплата счёта', [], { number: 'СЧ-1', dueDate: '2026-03-19', status: 'issued' })).toEqual({ ...none, code: 'payment', invoiceNumber: 'СЧ-1', dueDate: '2026-03-19' });
  });

  it('a paid postpay order waits only for its act, and for nothing once the act is issued', () => {
    const paid = { number: 'СЧ-1', dueDate: '2026-03-19', status: 'paid' as const };
    expect(orderWaiting('оплата счёта', [{ step: 'shipped' }], paid)).toEqual({ ...none, code: 'act_number' });
    expect(orderWaiting('оплата счёта', [{ step: 'act_issued', detail: 'А-1' }], paid)).toBeNull();
  });

  it('lists only the vendors whose keys have not arrived, as codes', () => {
    const timeline = [{ step: 'sent_to_vendor', detail: 'MSFT' }, { step: 'sent_to_vendor', detail: 'KASP' }, { step: 'keys_received', detail: 'KASP' }];
    expect(orderWaiting('ключи от MSFT, KASP', timeline, null)).toEqual({ ...none, code: 'vendor_keys', vendors: ['MSFT'] });
  });

  it('knows the workflow’s other waits, keeps the words of an unknown one, and says nothing when nothing is awaited', () => {
    expect(orderWaiting('номер акта от 1С', [], null)?.code).toBe('act_number');
    expect(orderWaiting('решение сотрудника по лицензионным правилам', [], null)?.code).toBe('staff_decision');
    expect(orderWaiting('разбор сотрудником', [], null)?.code).toBe('staff_review');
    expect(orderWaiting('что-то новое', [], null)).toEqual({ ...none, code: 'other', text: 'что-то новое' });
    expect(orderWaiting(null, [], null)).toBeNull();
  });
});

describe('what an order waits for, from the codes the workflow holds now', () => {
  it('reads the same as the old texts', () => {
    const olds = ['оплата счёта', 'ключи от MSFT, KASP', 'номер акта от 1С', 'решение сотрудника по лицензионным правилам', 'разбор сотрудником'];
    const news: WorkflowWait[] = [{ code: 'payment' }, { code: 'vendor_keys', vendors: ['MSFT', 'KASP'] }, { code: 'act_number' }, { code: 'staff_decision' }, { code: 'staff_review' }];
    olds.forEach((old, i) => expect(readWorkflowWait(news[i]!)).toEqual(readWorkflowWait(old)));
    expect(readWorkflowWait({ code: 'act_number' })).toEqual({ code: 'act_number' });
    expect(readWorkflowWait('ключи от MSFT, KASP')).toEqual({ code: 'vendor_keys', vendors: ['MSFT', 'KASP'] });
    expect(readWorkflowWait('что-то новое')).toEqual({ code: 'other', text: 'что-то новое' });
    expect(readWorkflowWait(null)).toBeNull();
  });

  it('splits payment into 1C’s number and the money by the invoice, as for the old text', () => {
    // As above: the due date is only passed through, never compared with today, so it may be fixed.
    expect(orderWaiting({ code: 'payment' }, [], null)).toEqual({ ...none, code: 'invoice_number' });
    expect(orderWaiting({ code: 'payment' }, [], { number: 'СЧ-1', dueDate: '2026-03-19', status: 'issued' })).toEqual({ ...none, code: 'payment', invoiceNumber: 'СЧ-1', dueDate: '2026-03-19' });
    const paid = { number: 'СЧ-1', dueDate: '2026-03-19', status: 'paid' as const };
    expect(orderWaiting({ code: 'payment' }, [{ step: 'shipped' }], paid)).toEqual({ ...none, code: 'act_number' });
    expect(orderWaiting({ code: 'payment' }, [{ step: 'act_issued', detail: 'А-1' }], paid)).toBeNull();
  });

  it('lists only the vendors whose keys have not arrived, and words nothing itself', () => {
    const timeline = [{ step: 'sent_to_vendor', detail: 'MSFT' }, { step: 'sent_to_vendor', detail: 'KASP' }, { step: 'keys_received', detail: 'KASP' }];
    expect(orderWaiting({ code: 'vendor_keys', vendors: ['MSFT', 'KASP'] }, timeline, null)).toEqual({ ...none, code: 'vendor_keys', vendors: ['MSFT'] });
    expect(orderWaiting({ code: 'staff_decision' }, [], null)).toEqual({ ...none, code: 'staff_decision' });
    expect(orderWaiting({ code: 'staff_review' }, [], null)).toEqual({ ...none, code: 'staff_review' });
  });

  it('takes a code it does not know as other rather than failing the page', () => {
    // A row written by a newer worker during a rolling deploy, read by an older API.
    expect(orderWaiting({ code: 'vendor_approval' } as never, [], null)).toEqual({ ...none, code: 'other', text: 'vendor_approval' });
  });
});
