import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { apiKeys, dealers, users } from '../../../db/schema';
import { tokenHash } from '../../infra/tokens';
import { ru } from '../../locale/ru';
import type { Principal } from '../principal';
import { audit } from '../audit/audit.usecases';
import { apiKeyScope } from '../dealer-scope';
import { UseCaseError } from '../errors';
import type { Managing } from './dealer-users.usecases';
import { isUuid } from '../../domain/ids';

/**
 * A dealer's API key: `sid_<prefix>_<secret>`. The prefix (8 characters) is stored and shown in
 * lists so a dealer can tell its keys apart; of the whole key only its SHA-256 is kept, so the key
 * is shown once, when created, and a database dump cannot be replayed against the API.
 */
const KEY_SHAPE = /^sid_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function newApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = Array.from(randomBytes(8), (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('');
  const key = `sid_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: tokenHash(key) };
}

/** The key an `Authorization: Bearer …` header carries; undefined when the header is not a bearer one. */
export function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1]! : undefined;
}

/** Writes last_used_at at most once a minute: a busy integration should not write on every request. */
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

/**
 * Whom a key acts for: its dealer, with a dealer user's rights (ordering, reading its orders and
 * invoices) and never an admin's. Null for an unknown or revoked key, or a dealer no longer approved.
 */
export async function apiKeyPrincipal(db: Db, key: string): Promise<Principal | null> {
  const match = KEY_SHAPE.exec(key);
  if (!match) return null;
  const [row] = await db
    .select({ id: apiKeys.id, dealerId: apiKeys.dealerId, prefix: apiKeys.prefix, createdByUserId: apiKeys.createdByUserId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(dealers, eq(dealers.id, apiKeys.dealerId))
    // A key acts as the admin who made it: while that user is disabled, so is the key (as with a suspended dealer).
    .innerJoin(users, and(eq(users.id, apiKeys.createdByUserId), eq(users.dealerId, apiKeys.dealerId), isNull(users.disabledAt)))
    .where(and(eq(apiKeys.keyHash, tokenHash(key)), isNull(apiKeys.revokedAt), eq(dealers.status, 'approved'), isNull(dealers.suspendedAt)));
  if (!row || !row.createdByUserId) return null;
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < Date.now() - 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} < now() - ${LAST_USED_RESOLUTION}`)));
  }
  return { userId: row.createdByUserId, login: `api-key:${row.prefix}`, role: 'dealer_user', dealerId: row.dealerId, apiKeyId: row.id };
}

/** One audit row per state-changing request made with a key, naming the key. */
export async function recordApiKeyRequest(db: Db, principal: Principal, request: { method: string; route: string; statusCode: number; ip: string }): Promise<void> {
  await audit(db, {
    actorUserId: principal.userId,
    action: 'api_key.request',
    subjectType: 'api_key',
    subjectId: principal.apiKeyId ?? null,
    details: { apiKeyId: principal.apiKeyId, dealerId: principal.dealerId, method: request.method, route: request.route, statusCode: request.statusCode },
    ip: request.ip,
  });
}

// ---- A dealer's keys, as its admins (and staff) manage them --------------------------------------

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdBy: users.login,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The managed dealer's keys (never the keys themselves), newest first; through `apiKeyScope`. */
export const listApiKeys = (db: Db, m: Managing, where?: SQL) =>
  db
    .select(keyColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(and(apiKeyScope(m.principal, m.dealerId), where))
    .orderBy(desc(apiKeys.createdAt));

async function findApiKey(db: Db, m: Managing, keyId: string) {
  const [found] = isUuid(keyId) ? await listApiKeys(db, m, eq(apiKeys.id, keyId)) : [];
  if (!found) throw new UseCaseError(404, 'API_KEY_NOT_FOUND', ru.accounts.apiKeyNotFound);
  return found;
}

/** A new key for the managed dealer: the key itself is in this answer only. */
export async function createApiKey(db: Db, m: Managing, name: string) {
  const { key, prefix, keyHash } = newApiKey();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(apiKeys).values({ dealerId: m.dealerId, name, keyHash, prefix, createdByUserId: m.principal.userId }).returning({ id: apiKeys.id });
    await audit(tx, { actorUserId: m.principal.userId, action: 'api_key.created', subjectType: 'api_key', subjectId: row!.id, details: { dealerId: m.dealerId, name, prefix }, ip: m.ip });
    return row!.id;
  });
  return { apiKey: await findApiKey(db, m, id), key };
}

/** Requests with a revoked key get 401 from now on. Revoking twice is the same revocation: the first time stands. */
export async function revokeApiKey(db: Db, m: Managing, keyId: string) {
  const found = await findApiKey(db, m, keyId);
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, found.id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked) await audit(tx, { actorUserId: m.principal.userId, action: 'api_key.revoked', subjectType: 'api_key', subjectId: found.id, details: { dealerId: m.dealerId, prefix: found.prefix }, ip: m.ip });
  });
  return { apiKey: await findApiKey(db, m, found.id) };
}
