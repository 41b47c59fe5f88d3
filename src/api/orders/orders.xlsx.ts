/**
 * «Мои заказы» as an Excel workbook: the orders the list shows with its filters, newest first —
 * number, Moscow date, status in words, the end customer, the PartNumbers ordered and the sums in
 * roubles as numbers (Excel adds them up). Staff get the dealer of each order too.
 */
import type { Minor } from '../../domain/money';
import { moscowDateOf } from '../../domain/moscow-time';
import { writeXlsx, type XlsxRow } from '../../infra/xlsx-writer';
import { ru } from '../../locale/ru';
import { ORDER_STATUS_TEXT } from '../../locale/shared.ru';

const t = ru.exports;

/** The most orders one export holds: a list filtered to more than this should be narrowed. */
export const MAX_EXPORTED_ORDERS = 10_000;

export interface ExportedOrder {
  orderNumber: string;
  createdAt: Date;
  status: string;
  dealerName: string;
  endUser: unknown;
  partNumbers: string[];
  netKopecks: Minor;
  vatKopecks: Minor;
  grossKopecks: Minor;
}

function endUserOf(value: unknown): { name: string | null; inn: string | null } {
  if (!value || typeof value !== 'object') return { name: null, inn: null };
  const { name, inn } = value as { name?: unknown; inn?: unknown };
  return { name: typeof name === 'string' && name.trim() ? name : null, inn: typeof inn === 'string' && inn.trim() ? inn : null };
}

export function renderOrdersXlsx(orders: readonly ExportedOrder[], { withDealer }: { withDealer: boolean }): Buffer {
  const headers: string[] = [...t.ordersHeaders];
  if (withDealer) headers.splice(1, 0, t.dealerHeader);
  const rows: XlsxRow[] = [{ cells: headers, bold: true }];
  for (const o of orders) {
    const endUser = endUserOf(o.endUser);
    const cells = [
      o.orderNumber,
      moscowDateOf(o.createdAt).split('-').reverse().join('.'),
      ORDER_STATUS_TEXT[o.status] ?? o.status,
      endUser.name,
      endUser.inn,
      o.partNumbers.join(', '),
      { kopecks: o.netKopecks },
      { kopecks: o.vatKopecks },
      { kopecks: o.grossKopecks },
    ];
    if (withDealer) cells.splice(1, 0, o.dealerName);
    rows.push({ cells });
  }
  const widths = [14, 12, 24, 36, 14, 36, 18, 14, 18];
  if (withDealer) widths.splice(1, 0, 28);
  return writeXlsx({ name: t.ordersSheet, rows, columnWidths: widths });
}
