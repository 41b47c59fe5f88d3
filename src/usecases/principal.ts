import type { UserRole } from '../domain/accounts';

export type Role = UserRole;

/** Who is calling: a person with a session, or a dealer's system with an API key. */
export interface Principal {
  userId: string;
  login: string;
  role: Role;
  dealerId: string | null;
  /**
   * Set when a dealer's own system called with an API key (`Authorization: Bearer sid_…`) rather
   * than a person with a session; `userId` is then the dealer admin who created the key.
   */
  apiKeyId?: string;
}

/** A staff member acting through a use case: who, for the audit log, and from which address. */
export interface StaffActor {
  userId: string;
  ip: string;
}
