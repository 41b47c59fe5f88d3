/** The password-reset workflow's contract. */
export const passwordResetWorkflowId = (requestId: string) => `password-reset-${requestId}`;

export interface PasswordResetInput {
  /** One form submission (a random UUID from the API). */
  requestId: string;
  /** What the person typed: their login or their e-mail address (for an invitation: the new user's login). */
  login: string;
  /**
   * `invitation`: a dealer admin added the user, who sets a first password through the same kind
   * of link, matched by login only, valid longer and worded as an invitation. Absent means `reset`.
   */
  purpose?: 'reset' | 'invitation';
}

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** How long an invitation link works: the invitee may be away for a long weekend. */
export const INVITATION_TTL_MS = 3 * 24 * 60 * 60 * 1000;
/** Letters per account per hour: a form submitted in a loop must not flood someone's mailbox. */
export const PASSWORD_RESETS_PER_HOUR = 3;

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const passwordResetWorkflowType = 'passwordReset';
export type PasswordResetWorkflow = (input: PasswordResetInput) => Promise<{ mailed: number }>;
