import { z } from 'zod';
import { DEALER_ROLES, USER_ROLES } from '../../domain/accounts';
import { emailAddress, timestamp } from '../common.schemas';
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
    .pipe(emailAddress(t.email))
    .transform((v) => v.toLowerCase()),
  role: dealerRole,
});
export type InviteUserRequest = z.infer<typeof inviteUserSchema>;

export const changeRoleSchema = z.object({ role: dealerRole });

export const createApiKeySchema = z.object({ name: refuseBidiControls(text(100)) });

/** Path parameters that are ids: anything else is simply not found. */
export const uuidParam = z.uuid();

// ---- Answers -------------------------------------------------------------------------------------

export const dealerUserSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    role: z.enum(USER_ROLES),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
    passwordSet: z.boolean().meta({ description: 'False while the invitation link is unused' }),
  })
  .meta({ id: 'DealerUser' });

export const invitationSchema = z.object({ sent: z.boolean(), message: z.string() }).meta({ id: 'Invitation' });
export const userAnswerSchema = z.object({ user: dealerUserSchema });
export const invitedUserSchema = z.object({ user: dealerUserSchema, invitation: invitationSchema });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The 8 characters after `sid_`, to tell keys apart' }),
    createdBy: z.string().nullable().meta({ description: 'Login of the admin who created it' }),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable().meta({ description: 'Updated at most once a minute' }),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export const apiKeyAnswerSchema = z.object({ apiKey: apiKeySchema });
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string().meta({ pattern: '^sid_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$', description: 'The key itself: in this answer only' }) });

export const userIdParams = z.object({ userId: z.string().max(100).meta({ description: 'A user of the dealer', example: '00000000-0000-4000-8000-000000000001' }) });
export const keyIdParams = z.object({ keyId: z.string().max(100).meta({ description: 'An API key of the dealer', example: '00000000-0000-4000-8000-000000000002' }) });

/** The principal behind a request, as GET /api/auth/me and login answer it. */
export const principalSchema = z
  .object({
    userId: z.uuid(),
    login: z.string(),
    role: z.enum(USER_ROLES),
    dealerId: z.uuid().nullable(),
    fullName: z.string().nullable().optional(),
    apiKeyId: z.uuid().optional().meta({ description: 'Present when an API key authenticated the request' }),
  })
  .meta({ id: 'Principal' });
