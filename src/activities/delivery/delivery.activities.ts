import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { documents, licenseKeys, orderLines, orders, vendorOrders } from '../../../db/schema';
import { orderLog } from '../../infra/order-log';
import { readBlob } from '../../infra/blob-store';
import type { ActivityDeps } from '../deps';
import { fileDocument } from '../../usecases/documents/documents.usecases';
import { actDocumentFileName, buildKeyArchive, type ArchiveLine } from './key-archive';

export const keyArchiveBlobKey = (orderNumber: string) => `orders/${orderNumber}/keys-${orderNumber}.zip`;

export function createDeliveryActivities({ db, blobStore, keyCipher }: ActivityDeps) {
  return {
    /** Packs every key of the order into one zip in the blob store; running it again replaces it with the same content. */
    async buildOrderArchive(input: { orderId: string; orderNumber: string }): Promise<{ documentId: string; keyCount: number; sizeBytes: number }> {
      // The archive is built as the order ships: the shipping time is fixed here, once (the status
      // change to shipped keeps it), and dates every file, so a retry or the rebuild with the act
      // writes the same dates.
      const [order] = await db
        .update(orders)
        .set({ shippedAt: sql`coalesce(${orders.shippedAt}, now())` })
        .where(eq(orders.id, input.orderId))
        .returning({ dealerId: orders.dealerId, shippedAt: orders.shippedAt });
      if (!order) throw new Error(`order ${input.orderNumber} does not exist`);
      const lineRows = await db
        .select({
          id: orderLines.id,
          lineNo: orderLines.lineNo,
          partNumber: orderLines.partNumber,
          productName: orderLines.productName,
          quantity: orderLines.quantity,
          vendorOrderId: vendorOrders.vendorOrderId,
        })
        .from(orderLines)
        .leftJoin(vendorOrders, sql`${vendorOrders.orderId} = ${orderLines.orderId} and ${vendorOrders.vendorId} = ${orderLines.vendorId}`)
        .where(eq(orderLines.orderId, input.orderId))
        .orderBy(asc(orderLines.lineNo));
      const keyRows = await db
        .select({ orderLineId: licenseKeys.orderLineId, keyEncrypted: licenseKeys.keyEncrypted, fileName: licenseKeys.fileName, fileEncrypted: licenseKeys.fileEncrypted })
        .from(licenseKeys)
        .innerJoin(orderLines, eq(orderLines.id, licenseKeys.orderLineId))
        .where(eq(orderLines.orderId, input.orderId))
        .orderBy(asc(licenseKeys.createdAt), asc(licenseKeys.id));

      const lines: ArchiveLine[] = lineRows.map((l) => ({
        lineNo: l.lineNo,
        partNumber: l.partNumber,
        productName: l.productName,
        quantity: l.quantity,
        vendorOrderId: l.vendorOrderId,
        keys: keyRows.filter((k) => k.orderLineId === l.id).map((k) => keyCipher.decrypt(k.keyEncrypted)),
        files: keyRows
          .filter((k) => k.orderLineId === l.id && k.fileEncrypted)
          .map((k) => ({ name: k.fileName ?? 'license.key', content: Buffer.from(keyCipher.decrypt(k.fileEncrypted!), 'base64') })),
      }));
      const short = lines.find((l) => l.keys.length !== l.quantity);
      if (short) throw new Error(`line ${short.lineNo} (${short.partNumber}) has ${short.keys.length} keys of ${short.quantity}`);

      // The act, the УПД's printed form and its ФНС XML, once 1C has numbered the act (a retry after that rebuilds the zip with them).
      const kinds = ['act', 'upd', 'upd_xml'] as const;
      const filed = await db
        .select({ kind: documents.kind, blobKey: documents.blobKey, number: documents.number })
        .from(documents)
        .where(and(eq(documents.orderId, input.orderId), inArray(documents.kind, [...kinds])));
      const attachments = await Promise.all(
        filed
          .sort((a, b) => kinds.indexOf(a.kind as (typeof kinds)[number]) - kinds.indexOf(b.kind as (typeof kinds)[number]))
          .map(async (d) => ({
            name: actDocumentFileName(d),
            content: await readBlob(blobStore, d.blobKey),
          })),
      );
      const act = filed.find((d) => d.kind === 'act');
      const zip = await buildKeyArchive(input.orderNumber, lines, attachments, order.shippedAt!);
      const { documentId } = await fileDocument(db, blobStore, {
        dealerId: order.dealerId,
        orderId: input.orderId,
        kind: 'key_archive',
        blobKey: keyArchiveBlobKey(input.orderNumber),
        contentType: 'application/zip',
        content: zip,
      });
      orderLog(input.orderNumber).info('key archive built', { documentId, keyCount: keyRows.length, sizeBytes: zip.length, withAct: act !== undefined, attachments: attachments.map((a) => a.name) });
      return { documentId, keyCount: keyRows.length, sizeBytes: zip.length };
    },
  };
}
