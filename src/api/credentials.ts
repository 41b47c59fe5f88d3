import { z } from 'zod';
import { ru } from '../locale/ru';
import { HttpError } from './errors';

/** A login and password as every form that asks for them sends them. */
export const credentialsSchema = z.object({ login: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) });

/** The answer to an attempt that has to wait: the same for known and unknown logins. */
export const lockedOut = (check: { minutes: number; retryAfterSeconds: number }) =>
  new HttpError(429, 'LOCKED_OUT', ru.auth.locked(check.minutes), undefined, { 'retry-after': String(check.retryAfterSeconds) });
