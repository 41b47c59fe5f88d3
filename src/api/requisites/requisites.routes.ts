import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import { checkRequisites } from '../../domain/requisites';
import { ru } from '../../locale/ru';
import { checkBankInDirectory } from '../../usecases/requisites/bik-directory.usecases';
import { requisitesContracts } from './requisites.schemas';

export function registerRequisitesRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  // No login: prospective dealers check their requisites while they fill in the registration form.
  app.withTypeProvider<ZodTypeProvider>().post('/api/requisites/check', { schema: requisitesContracts.check }, async (request) => {
    const checked = checkRequisites(request.body, ru.requisites);
    const bik = request.body.bik?.trim();
    // The directory speaks only of a well-formed BIK; what it says is a warning, never a refusal.
    if (!bik || checked.errors.some((e) => e.field === 'bik')) return checked;
    const directory = await checkBankInDirectory(db, bik, request.body.correspondentAccount?.trim() || undefined, ru.bikDirectory);
    return { ...checked, warnings: [...checked.warnings, ...directory.warnings], bank: directory.bank };
  });
}
