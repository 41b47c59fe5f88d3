/**
 * Where a page of orders ends, for keyset paging: the last row's creation time and id, opaque to
 * the client. Orders are listed newest first by (created_at, id), so the next page is every order
 * strictly before that pair, which the (dealer_id, created_at) index finds without counting the
 * rows in between, however deep the page.
 */
export interface OrderCursor {
  /** As PostgreSQL prints a timestamptz: microseconds kept (a JS Date would drop them and skip rows). */
  createdAt: string;
  id: string;
}

export const encodeOrderCursor = (cursor: OrderCursor): string => Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export function decodeOrderCursor(text: string): OrderCursor | null {
  const [createdAt, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !createdAt || !id || !UUID.test(id) || !TIMESTAMP.test(createdAt)) return null;
  return { createdAt, id };
}
