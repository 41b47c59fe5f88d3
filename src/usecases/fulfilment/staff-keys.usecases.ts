/**
 * Keys staff type in for an order line: of a vendor without an API, or of an API vendor's lines
 * staff took over. Stored encrypted, recognised by fingerprint (entering a key again adds
 * nothing), never more than the line's quantity; audited. Waking the fulfilment is the caller's.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { licenseKeys, orderLines, orders, vendorOrders, vendors } from '../../../db/schema';
import type { KeyCipher } from '../../infra/key-cipher';
import { ru } from '../../locale/ru';
import { audit } from '../audit/audit.usecases';
import { UseCaseError } from '../errors';
import type { StaffActor } from '../principal';

export async function enterKeysByStaff(db: Db, keyCipher: KeyCipher, actor: StaffActor, orderNumber: string, lineNo: number, keys: string[]) {
  const [line] = await db
    .select({ line: orderLines, vendorCode: vendors.code, adapterKind: vendors.adapterKind, orderStatus: orders.status, vendorOrderStatus: vendorOrders.status })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
    .leftJoin(vendorOrders, and(eq(vendorOrders.orderId, orderLines.orderId), eq(vendorOrders.vendorId, orderLines.vendorId)))
    .where(and(eq(orders.orderNumber, orderNumber), eq(orderLines.lineNo, lineNo)));
  if (!line) throw new UseCaseError(404, 'LINE_NOT_FOUND', ru.staff.lineNotFound(orderNumber, lineNo));
  // API vendors deliver by themselves, unless staff switched the lines to manual entry.
  if (line.adapterKind === 'api' && line.vendorOrderStatus !== 'manual') throw new UseCaseError(409, 'NOT_MANUAL', ru.staff.notManual(line.vendorCode));
  if (line.orderStatus === 'cancelled' || line.orderStatus === 'failed') throw new UseCaseError(409, 'ORDER_CLOSED', ru.staff.orderClosed(orderNumber));
  // Keys already stored for the line are recognised by fingerprint: entering them again adds nothing.
  const storedRows = await db.select({ fingerprint: licenseKeys.keyFingerprint }).from(licenseKeys).where(eq(licenseKeys.orderLineId, line.line.id));
  const known = new Set(storedRows.map((r) => r.fingerprint));
  const fresh = [...new Set(keys)].filter((key) => !known.has(keyCipher.fingerprint(key)));
  const stored = storedRows.length;
  if (stored + fresh.length > line.line.quantity) {
    const message = ru.staff.tooManyKeys(line.line.quantity, stored, fresh.length);
    throw new UseCaseError(422, 'TOO_MANY_KEYS', message, [{ field: 'keys', message }]);
  }
  const inserted = fresh.length
    ? await db
        .insert(licenseKeys)
        .values(fresh.map((key) => ({ orderLineId: line.line.id, keyEncrypted: keyCipher.encrypt(key), keyFingerprint: keyCipher.fingerprint(key), source: 'staff' })))
        .onConflictDoNothing()
        .returning({ id: licenseKeys.id })
    : [];
  await audit(db, { actorUserId: actor.userId, action: 'keys.entered', subjectType: 'order', subjectId: orderNumber, details: { lineNo, keys: inserted.length }, ip: actor.ip });
  return { vendorCode: line.vendorCode, lineNo, added: inserted.length, duplicates: keys.length - inserted.length, stored: stored + inserted.length, quantity: line.line.quantity };
}
