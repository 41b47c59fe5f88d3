import { z } from 'zod';
import { ru } from '../../locale/ru';
import { errors } from '../common.schemas';

const t = ru.passwordReset;

/** Asking for a link: the login (the answer is the same whether it exists). */
const requestSchema = z.object({ login: z.string({ error: ru.registration.required }).trim().min(1, ru.registration.required).max(200, ru.registration.tooLong(200)) });
/** Spending the link: its token and the new password. */
const confirmSchema = z.object({
  token: z.string({ error: t.invalidToken }).trim().min(1, t.invalidToken).max(200, t.invalidToken),
  password: z.string({ error: ru.registration.required }).max(1000, ru.registration.tooLong(1000)),
});
export const passwordResetContracts = {
  request: { body: requestSchema, response: { 202: z.object({ message: z.string() }), ...errors(503) } },
  confirm: { body: confirmSchema, response: { 200: z.object({ message: z.string(), login: z.string() }), ...errors(410, 422) } },
};
