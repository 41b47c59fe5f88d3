import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkRequisites } from '../../domain/requisites';
import { ru } from '../../locale/ru';
import { requisitesContracts } from './requisites.schemas';

export function registerRequisitesRoutes(app: FastifyInstance): void {
  // No login: prospective dealers check their requisites while they fill in the registration form.
  app.withTypeProvider<ZodTypeProvider>().post('/api/requisites/check', { schema: requisitesContracts.check }, async (request) => checkRequisites(request.body, ru.requisites));
}
