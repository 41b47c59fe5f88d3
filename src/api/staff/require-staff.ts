import type { FastifyRequest } from 'fastify';
import { ru } from '../../locale/ru';
import { requireUser, type Principal } from '../auth';
import { isStaff } from '../../usecases/dealer-scope';
import { HttpError } from '../errors';

export function requireStaff(request: FastifyRequest): Principal {
  const principal = requireUser(request);
  if (!isStaff(principal)) throw new HttpError(403, 'STAFF_ONLY', ru.auth.staffOnly);
  return principal;
}
