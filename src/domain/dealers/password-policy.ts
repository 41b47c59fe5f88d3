/**
 * What a password must be, checked by the API on registration and reset (and by the browser as
 * the user types). Length is what protects an argon2id hash; composition rules mostly make people
 * write passwords down (NIST SP 800-63B, 5.1.1.2), so there are none beyond refusing the obvious.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Argon2 hashes any length, but a megabyte-long "password" is a way to burn server time. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password will not do, as a code with its numbers; src/locale/shared.ru.ts words it. */
export type PasswordProblem =
  | { code: 'tooShort'; length: number; min: number }
  | { code: 'tooLong'; max: number }
  | { code: 'sameAsLogin' }
  | { code: 'oneCharacter' };

/** The first problem with the password; undefined when it will do. */
export function passwordProblem(password: string, context: { login?: string; email?: string } = {}): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return { code: 'tooShort', length, min: MIN_PASSWORD_LENGTH };
  if (length > MAX_PASSWORD_LENGTH) return { code: 'tooLong', max: MAX_PASSWORD_LENGTH };
  const lowered = password.toLowerCase();
  if ([context.login, context.email].some((known) => known && known.trim().toLowerCase() === lowered)) return { code: 'sameAsLogin' };
  if (new Set(lowered).size === 1) return { code: 'oneCharacter' };
  return undefined;
}
