import type { PolicyFix } from '../domain/license-policy/check-policy';

export interface FieldError {
  field: string;
  message: string;
  /** A licence-policy finding's one-click fixes, where it has any. */
  fixes?: PolicyFix[];
}

/**
 * A business rule refused what was asked: a stable code for programs, a message for people, the
 * fields at fault, and the HTTP status the API answers with. An activity that meets one fails
 * without retrying: asking again would be refused again, except for a 503 (something the rule
 * needs, such as today's exchange rate, is not there yet), which `retryable` tells.
 */
export class UseCaseError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }

  /** A 503 names a passing condition: the same request may succeed later. */
  get retryable(): boolean {
    return this.statusCode === 503;
  }
}
