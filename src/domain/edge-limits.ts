/**
 * How much the public and machine endpoints take from one client (issue 19). Pure numbers, so that
 * the configuration (src/config.ts), the API and the login throttle share one set of defaults.
 */

/**
 * How many wrong passwords a login may take before it has to wait, and how long. Failures are
 * counted per login *and client address*, so that a stranger's guesses make only the stranger wait:
 * the real user, from an address they logged in from before, is not held back. A much higher
 * count over every address stops guessing spread over many addresses; addresses the login
 * succeeded from lately are exempt from it. Each wait after the first is twice the one before.
 */
export interface LoginThrottleLimits {
  /** Wrong passwords for one login from one address before the first wait. */
  failuresPerAddress: number;
  /** Wrong passwords for one login from all untrusted addresses together before the first wait. */
  failuresPerAccount: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleLimits = { failuresPerAddress: 5, failuresPerAccount: 50, firstDelaySeconds: 60, maxDelaySeconds: 60 * 60 };

/**
 * Requests per client address that the public and machine endpoints take, each route counted on
 * its own (src/api/rate-limits.ts).
 */
export interface RateLimits {
  /** Login and reading back a rejected application (both check a password), per minute. */
  loginPerMinute: number;
  /** Registration and re-application, password-reset requests and confirmations, per hour. */
  formsPerHour: number;
  /** The registration page's live requisite check (debounced as the applicant types), per minute. */
  requisiteChecksPerMinute: number;
  /** 1C exchange calls and vendor callbacks, per minute. */
  machinePerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { loginPerMinute: 30, formsPerHour: 30, requisiteChecksPerMinute: 120, machinePerMinute: 600 };
