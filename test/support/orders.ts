import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dealers, orderLines, orderNumberSeq, orders, products, vendors } from '../../db/schema';
import { formatOrderNumber } from '../../src/domain/order';

/**
 * An order written straight into the books, for tests about what happens after submit (mail
 * ingestion, staff matching). Prices are nominal; part numbers may be the vendor's own SKUs.
 */
export async function insertOrder(
  db: Db,
  input: { vendorCode: string; lines: Array<{ quantity: number; partNumber?: string }>; status?: 'fulfilling' | 'shipped' | 'cancelled'; dealerId?: string },
): Promise<{ orderId: string; orderNumber: string; lineIds: string[] }> {
  const [vendor] = await db.select().from(vendors).where(eq(vendors.code, input.vendorCode));
  const [product] = await db.select().from(products).where(eq(products.vendorId, vendor!.id)).limit(1);
  // The demo postpay dealer unless the test brings its own (tests register other postpay dealers,
  // whose mailboxes nobody reads); a test whose workflow must not meet other files' webhook
  // endpoints on the demo dealer brings its own.
  const [dealer] = input.dealerId ? [{ id: input.dealerId }] : await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.email, 'postpay@demo.sid'));
  const [{ next }] = (await db.execute(sql`select nextval(${orderNumberSeq.seqName}) as next`)) as unknown as [{ next: string }];
  const orderNumber = formatOrderNumber(Number(next));
  const [order] = await db
    .insert(orders)
    .values({
      orderNumber,
      dealerId: dealer!.id,
      settlementScheme: 'postpay',
      status: input.status ?? 'fulfilling',
      usdRate: '90.0000',
      usdRateDate: '2026-11-27',
      netKopecks: 100,
      vatKopecks: 0,
      grossKopecks: 100,
      grossCents: 1,
    })
    .returning({ id: orders.id });
  const lines = await db
    .insert(orderLines)
    .values(
      input.lines.map((l, i) => ({
        orderId: order!.id,
        lineNo: i + 1,
        productId: product!.id,
        vendorId: vendor!.id,
        partNumber: l.partNumber ?? product!.partNumber,
        productName: product!.name,
        quantity: l.quantity,
        listPriceMinor: 100,
        currency: 'RUB' as const,
        priceRule: 'test',
        unitPriceKopecks: 100,
        netKopecks: 100 * l.quantity,
        vatBasisPoints: 0,
        vatMode: 'exempt' as const,
        vatKopecks: 0,
        grossKopecks: 100 * l.quantity,
        grossCents: l.quantity,
      })),
    )
    .returning({ id: orderLines.id });
  return { orderId: order!.id, orderNumber, lineIds: lines.map((l) => l.id) };
}
