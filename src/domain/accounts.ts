/** Who may act in SID: the roles of its users. */
export const USER_ROLES = ['dealer_user', 'dealer_admin', 'staff', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles a dealer's own users have (a dealer admin manages them). */
export const DEALER_ROLES = ['dealer_user', 'dealer_admin'] as const satisfies readonly UserRole[];
export type DealerRole = (typeof DEALER_ROLES)[number];

export const STAFF_ROLES = ['staff', 'admin'] as const satisfies readonly UserRole[];
