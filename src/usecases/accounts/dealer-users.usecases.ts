import { and, asc, eq, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { sessions, users } from '../../../db/schema';
import { isUniqueViolation } from '../../infra/pg-errors';
import { ru } from '../../locale/ru';
import type { Principal } from '../principal';
import { UNSET_PASSWORD_HASH } from './credentials.usecases';
import { managedDealerId, userScope } from '../dealer-scope';
import { findDealer } from '../dealers/dealers.repository';
import { UseCaseError } from '../errors';
import type { InviteUserRequest } from '../../api/accounts/account.schemas';
import type { AuditAction } from '../../domain/audit';
import { audit } from '../audit/audit.usecases';

const t = ru.accounts;

/** Who acts on which dealer's users: the actor and the dealer it manages (see dealer-scope.ts). */
export interface Managing {
  principal: Principal;
  dealerId: string;
  ip: string;
}

const userColumns = {
  id: users.id,
  login: users.login,
  fullName: users.fullName,
  email: users.email,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  passwordHash: users.passwordHash,
};
type UserRow = Pick<typeof users.$inferSelect, keyof typeof userColumns>;

/** A user as the API shows it: never the password hash, only whether a password was set. */
const present = ({ passwordHash, ...user }: UserRow) => ({ ...user, passwordSet: passwordHash !== UNSET_PASSWORD_HASH });
export type DealerUser = ReturnType<typeof present>;

export async function listDealerUsers(db: Db, m: Managing): Promise<DealerUser[]> {
  const rows = await db.select(userColumns).from(users).where(userScope(m.principal, m.dealerId)).orderBy(asc(users.createdAt), asc(users.login));
  return rows.map(present);
}

/** An audit entry about one of the managed dealer's users. */
const auditUser = (tx: Db | Tx, m: Managing, action: AuditAction, userId: string, details: Record<string, unknown> = {}) =>
  audit(tx, { actorUserId: m.principal.userId, action, subjectType: 'user', subjectId: userId, details: { dealerId: m.dealerId, ...details }, ip: m.ip });

/** Adds the user with no usable password; the caller mails the invitation. */
export async function inviteDealerUser(db: Db, m: Managing, body: InviteUserRequest): Promise<DealerUser> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ dealerId: m.dealerId, login: body.login, passwordHash: UNSET_PASSWORD_HASH, role: body.role, fullName: body.fullName, email: body.email })
        .returning(userColumns);
      await auditUser(tx, m, 'dealer_user.invited', row!.id, { login: body.login, role: body.role });
      return present(row!);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new UseCaseError(409, 'LOGIN_TAKEN', t.loginTaken(body.login), [{ field: 'login', message: ru.registration.loginTaken(body.login) }]);
  }
}

/**
 * Runs a change to one of the dealer's users with the dealer's admins locked, so that two admins
 * switching each other off at once cannot leave the dealer with none. The user and the admins are
 * locked in one statement, in id order: two changes to different users of one dealer then queue
 * behind each other instead of each holding the row the other waits for (a deadlock).
 */
async function changeUser(db: Db, m: Managing, userId: string, change: (tx: Tx, user: UserRow, otherActiveAdmins: number) => Promise<void>): Promise<DealerUser> {
  return db.transaction(async (tx) => {
    const locked = await tx
      .select(userColumns)
      .from(users)
      .where(and(userScope(m.principal, m.dealerId), or(eq(users.id, userId), eq(users.role, 'dealer_admin'))))
      .orderBy(asc(users.id))
      .for('update');
    const user = locked.find((row) => row.id === userId);
    // Another dealer's user is as unknown as a made-up id.
    if (!user) throw new UseCaseError(404, 'USER_NOT_FOUND', t.userNotFound);
    const otherActiveAdmins = locked.filter((row) => row.id !== userId && row.role === 'dealer_admin' && !row.disabledAt).length;
    await change(tx, user, otherActiveAdmins);
    const [after] = await tx.select(userColumns).from(users).where(eq(users.id, userId));
    return present(after!);
  });
}

/** The changes that would leave the dealer without a working admin, or lock the actor out of its own rights. */
function guardAdminLoss(m: Managing, user: UserRow, otherActiveAdmins: number): void {
  if (user.id === m.principal.userId) throw new UseCaseError(409, 'CANNOT_CHANGE_SELF', t.notSelf);
  if (user.role === 'dealer_admin' && !user.disabledAt && otherActiveAdmins === 0) throw new UseCaseError(409, 'LAST_ADMIN', t.lastAdmin);
}

export function changeDealerUserRole(db: Db, m: Managing, userId: string, role: 'dealer_user' | 'dealer_admin'): Promise<DealerUser> {
  return changeUser(db, m, userId, async (tx, user, otherActiveAdmins) => {
    if (user.role === role) return;
    if (role !== 'dealer_admin') guardAdminLoss(m, user, otherActiveAdmins);
    await tx.update(users).set({ role }).where(eq(users.id, user.id));
    await auditUser(tx, m, 'dealer_user.role_changed', user.id, { from: user.role, to: role });
  });
}

/** Switches a user off (no login, every session ended) or on again; the row stays for the audit trail. */
export function setDealerUserDisabled(db: Db, m: Managing, userId: string, disabled: boolean): Promise<DealerUser> {
  return changeUser(db, m, userId, async (tx, user, otherActiveAdmins) => {
    if (Boolean(user.disabledAt) === disabled) return;
    if (disabled) guardAdminLoss(m, user, otherActiveAdmins);
    await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, user.id));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await auditUser(tx, m, disabled ? 'dealer_user.disabled' : 'dealer_user.enabled', user.id);
  });
}

/** The invitee of a still-open invitation, for mailing it again. */
export async function invitee(db: Db, m: Managing, userId: string): Promise<DealerUser> {
  const [user] = await db.select(userColumns).from(users).where(and(eq(users.id, userId), userScope(m.principal, m.dealerId)));
  if (!user) throw new UseCaseError(404, 'USER_NOT_FOUND', t.userNotFound);
  if (user.passwordHash !== UNSET_PASSWORD_HASH || user.disabledAt) throw new UseCaseError(409, 'INVITATION_NOT_OPEN', t.invitationNotOpen);
  return present(user);
}

export const recordInvitationMailed = (db: Db, m: Managing, userId: string, requestId: string) => auditUser(db, m, 'dealer_user.invitation_mailed', userId, { requestId });

/** Staff managing the users of the dealer they name (a path id that is not one names none): the dealer must exist. */
export async function managingForStaff(db: Db, principal: Principal, dealerId: string | null, ip: string): Promise<Managing> {
  const dealer = dealerId ? await findDealer(db, dealerId) : undefined;
  const managed = dealer && managedDealerId(principal, dealer.id);
  if (!managed) throw new UseCaseError(404, 'DEALER_NOT_FOUND', t.dealerNotFound);
  return { principal, dealerId: managed, ip };
}
