import { z } from 'zod';
import { DEALER_ROLES } from '../../domain/accounts';
import { ru } from '../../locale/ru';
import { refuseBidiControls } from '../name-text';

const t = ru.registration;
const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? t.required : t.notText) })
    .trim()
    .min(1, t.required)
    .max(max, t.tooLong(max));

export { DEALER_ROLES };
const dealerRole = z.enum(DEALER_ROLES, { error: 'роль: dealer_user (пользователь) или dealer_admin (администратор)' });

/** A dealer admin adds a user; the user sets a password through the invitation link. */
export const inviteUserSchema = z.object({
  login: z
    .string({ error: (issue) => (issue.input === undefined ? t.required : t.notText) })
    .trim()
    .regex(/^[A-Za-z0-9._@-]{3,100}$/, t.login)
    .transform((v) => v.toLowerCase()),
  fullName: refuseBidiControls(text(200)),
  email: text(200)
    .pipe(z.email(t.email))
    .transform((v) => v.toLowerCase()),
  role: dealerRole,
});
export type InviteUserRequest = z.infer<typeof inviteUserSchema>;

export const changeRoleSchema = z.object({ role: dealerRole });

export const createApiKeySchema = z.object({ name: refuseBidiControls(text(100)) });

/** Path parameters that are ids: anything else is simply not found. */
export const uuidParam = z.uuid();
