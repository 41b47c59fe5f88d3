import { z } from 'zod';
import { INVOICE_PURPOSES, INVOICE_STATUSES } from '../../domain/invoice';
import { ORDER_STATUSES, SETTLEMENT_SCHEMES } from '../../domain/order';
import { isoDate, kopecks, timestamp } from '../common.schemas';

export const listInvoicesSchema = z.object({
  status: z.enum(INVOICE_STATUSES).optional().meta({ example: 'overdue' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const invoiceSchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable().meta({ description: 'Given by 1C; null until then' }),
    date: isoDate.nullable(),
    purpose: z.enum(INVOICE_PURPOSES),
    orderNumber: z.string().nullable(),
    statementMonth: z.string().nullable(),
    amountKopecks: kopecks,
    paidKopecks: kopecks,
    remainingKopecks: kopecks,
    dueDate: isoDate.nullable(),
    status: z.enum(INVOICE_STATUSES),
    pdf: z.string().nullable(),
  })
  .meta({ id: 'Invoice' });

export const invoicePageSchema = z.object({ items: z.array(invoiceSchema), page: z.number().int(), pageSize: z.number().int() });

/** The figures the top bar shows a dealer's user beside its company's name. */
export const dealerSummarySchema = z
  .object({
    dealer: z.object({ id: z.string(), shortName: z.string() }),
    settlementScheme: z.enum(SETTLEMENT_SCHEMES).nullable(),
    balanceDate: isoDate.meta({ description: 'Today (Moscow): the day the balance is of' }),
    balanceKopecks: kopecks.meta({ description: 'The balance by the books, as GET /api/invoices/summary gives it; negative: an advance' }),
    creditLimitKopecks: kopecks,
    creditLeftKopecks: kopecks
      .nullable()
      .meta({ description: 'Postpay and monthly dealers: the limit less what the credit check counts, never below zero; null for prepay' }),
    overdueKopecks: kopecks,
    overdueInvoices: z.number().int().meta({ description: 'How many of the dealer’s invoices are overdue' }),
    unpaidInvoicesKopecks: kopecks.meta({ description: 'What the dealer’s issued invoices still ask for, overdue or not (as the balance page’s figure)' }),
  })
  .meta({ id: 'DealerSummary' });

export const balanceSchema = z
  .object({
    settlementScheme: z.enum(SETTLEMENT_SCHEMES).nullable(),
    creditLimitKopecks: kopecks,
    creditHold: z.boolean(),
    balanceDate: isoDate.meta({ description: 'Today (Moscow): the day the balance is of' }),
    balanceKopecks: kopecks.meta({ description: 'The balance by the books (the reconciliation statement’s closing balance today); negative: an advance' }),
    unshippedCreditKopecks: kopecks.meta({ description: 'Credit orders not yet under a 1C-numbered act' }),
    outstandingCreditKopecks: kopecks.meta({ description: 'What the credit check counts against the limit' }),
    unpaidInvoicesKopecks: kopecks,
    overdueKopecks: kopecks,
    statementSoFar: z
      .object({
        month: z.string(),
        closesAt: z.string().meta({ format: 'date-time' }),
        orderCount: z.number().int(),
        grossKopecks: kopecks,
        orders: z.array(z.object({ orderNumber: z.string(), shippedAt: timestamp.nullable(), grossKopecks: kopecks, status: z.enum(ORDER_STATUSES) })),
      })
      .nullable()
      .meta({ description: 'Monthly dealers: this Moscow month’s orders, billed by one invoice when it closes' }),
  })
  .meta({ id: 'Balance' });

export const invoiceIdParams = z.object({ id: z.string().max(100).meta({ description: 'Invoice id', example: '00000000-0000-4000-8000-000000000003' }) });
