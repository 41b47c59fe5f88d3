import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkRequisites } from '../../domain/requisites';
import { ru } from '../../locale/ru';
import { parseWith } from '../errors';

const t = ru.requisites;
// Generous bounds: a mistyped requisite should get a message saying what is wrong, not a 400;
// a legal form may be written out in full.
const text = (max: number) => z.string({ error: t.notText }).max(max, t.tooLong(max)).nullish();

const checkSchema = z.object({
  legalForm: text(100),
  inn: text(40),
  kpp: text(40),
  ogrn: text(40),
  bik: text(40),
  correspondentAccount: text(40),
  settlementAccount: text(40),
});

export function registerRequisitesRoutes(app: FastifyInstance): void {
  // No login: prospective dealers check their requisites while they fill in the registration form.
  app.post('/api/requisites/check', async (request) => checkRequisites(parseWith(checkSchema, request.body), t));
}
