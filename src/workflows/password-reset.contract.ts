/** The password-reset workflow's contract. */
export const passwordResetWorkflowId = (requestId: string) => `password-reset-${requestId}`;

export interface PasswordResetInput {
  /** One form submission (a random UUID from the API). */
  requestId: string;
  /** What the person typed: their login or their e-mail address. */
  login: string;
}

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** Letters per account per hour: a form submitted in a loop must not flood someone's mailbox. */
export const PASSWORD_RESETS_PER_HOUR = 3;
