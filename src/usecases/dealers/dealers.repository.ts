import { and, asc, count, desc, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealerGroups, dealers, staffQueue, users, vendors } from '../../../db/schema';
import type { DealerStatus } from '../../domain/dealers/onboarding';
import type { FieldError } from '../errors';

type DealerRow = typeof dealers.$inferSelect;

/** A registration's dealer: INN and KPP as the unique index compares them (an ИП has no KPP). */
export async function findDealerByInnKpp(db: Db, inn: string, kpp: string | null): Promise<{ id: string; status: DealerStatus } | undefined> {
  const [row] = await db
    .select({ id: dealers.id, status: dealers.status })
    .from(dealers)
    .where(and(eq(dealers.inn, inn), sql`coalesce(${dealers.kpp}, '') = ${kpp ?? ''}`));
  return row;
}

export async function loginExists(db: Db, login: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.login, login));
  return row !== undefined;
}

/** Vendor codes (upper-cased, each once) checked against the catalog; unknown ones reported by position. */
export async function checkVendorCodes(db: Db, codes: readonly string[], field: string, unknownMessage: (code: string) => string) {
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  const known = wanted.length
    ? new Set((await db.select({ code: vendors.code }).from(vendors).where(inArray(vendors.code, wanted))).map((v) => v.code))
    : new Set<string>();
  const errors: FieldError[] = [];
  codes.forEach((code, i) => {
    const upper = code.trim().toUpperCase();
    if (!known.has(upper)) errors.push({ field: `${field}.${i}`, message: unknownMessage(upper) });
  });
  return { codes: wanted.filter((c) => known.has(c)), errors };
}

export async function dealerGroupExists(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: dealerGroups.id }).from(dealerGroups).where(eq(dealerGroups.id, id));
  return row !== undefined;
}

export const listDealerGroups = (db: Db) => db.select().from(dealerGroups).orderBy(asc(dealerGroups.name));

/** A dealer as the API shows it: the bank's BIK is `bik`, as on the registration form. */
export function dealerView(d: DealerRow) {
  return {
    id: d.id,
    status: d.status,
    legalForm: d.legalForm,
    fullName: d.fullName,
    shortName: d.shortName,
    inn: d.inn,
    kpp: d.kpp,
    ogrn: d.ogrn,
    legalAddress: d.legalAddress,
    postalAddress: d.postalAddress,
    bik: d.bankBik,
    bankName: d.bankName,
    correspondentAccount: d.correspondentAccount,
    settlementAccount: d.settlementAccount,
    director: d.director,
    contactPerson: d.contactPerson,
    email: d.email,
    phone: d.phone,
    requestedSegments: d.requestedSegments,
    requestedVendors: d.requestedVendors,
    priceGroupId: d.priceGroupId,
    settlementScheme: d.settlementScheme,
    creditLimitKopecks: d.creditLimitKopecks,
    creditHold: d.creditHold,
    contractNumber: d.contractNumber,
    contractDate: d.contractDate,
    segments: d.segments,
    authorizedVendors: d.authorizedVendors,
    createdAt: d.createdAt,
    decidedAt: d.decidedAt,
    rejectionReason: d.rejectionReason,
    suspendedAt: d.suspendedAt,
    suspensionReason: d.suspensionReason,
    applicationRound: d.applicationRound,
  };
}

/** Staff's list: pending applications oldest first (the queue order), any other status newest first. */
export async function listDealers(db: Db, q: { status?: DealerStatus; q?: string; page: number; pageSize: number }) {
  const filters: SQL[] = [];
  if (q.status) filters.push(eq(dealers.status, q.status));
  if (q.q) {
    const text = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const innStart = /^\d+$/.test(q.q) ? like(dealers.inn, `${q.q}%`) : undefined;
    filters.push(or(ilike(dealers.shortName, text), ilike(dealers.fullName, text), innStart)!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: dealers.id,
        status: dealers.status,
        legalForm: dealers.legalForm,
        shortName: dealers.shortName,
        inn: dealers.inn,
        kpp: dealers.kpp,
        requestedSegments: dealers.requestedSegments,
        requestedVendors: dealers.requestedVendors,
        createdAt: dealers.createdAt,
        decidedAt: dealers.decidedAt,
      })
      .from(dealers)
      .where(where)
      .orderBy(q.status === 'pending' ? asc(dealers.createdAt) : desc(dealers.createdAt), asc(dealers.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(dealers).where(where),
  ]);
  return { items: rows, page: q.page, pageSize: q.pageSize, total: total?.n ?? 0 };
}

export async function findDealer(db: Db, id: string): Promise<DealerRow | undefined> {
  const [row] = await db.select().from(dealers).where(eq(dealers.id, id));
  return row;
}

/** A dealer with its users and the staff tasks about it: what the approval page shows. */
export async function dealerDetail(db: Db, dealer: DealerRow) {
  const [dealerUsers, tasks] = await Promise.all([
    db
      .select({ id: users.id, login: users.login, fullName: users.fullName, email: users.email, role: users.role, createdAt: users.createdAt })
      .from(users)
      .where(eq(users.dealerId, dealer.id))
      .orderBy(asc(users.createdAt)),
    db
      .select({ id: staffQueue.id, kind: staffQueue.kind, summary: staffQueue.summary, status: staffQueue.status, createdAt: staffQueue.createdAt, resolvedAt: staffQueue.resolvedAt })
      .from(staffQueue)
      .where(eq(staffQueue.reference, dealer.id))
      .orderBy(asc(staffQueue.createdAt)),
  ]);
  return { ...dealerView(dealer), users: dealerUsers, staffTasks: tasks };
}
