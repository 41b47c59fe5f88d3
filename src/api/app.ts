import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import type { BankingCalendar } from '../domain/banking-calendar';
import type { BlobStore } from '../infra/blob-store';
import type { KeyCipher } from '../infra/key-cipher';
import { registerAuth } from './auth';
import { registerCatalogRoutes } from './catalog/catalog.routes';
import { registerErrorHandler } from './errors';
import { registerHealthRoutes } from './health.routes';
import { registerInvoiceRoutes } from './invoices/invoices.routes';
import { onecRoutes } from './onec/onec.routes';
import { registerOrderRoutes } from './orders/orders.routes';
import { registerRequisitesRoutes } from './requisites/requisites.routes';
import { registerFulfilmentRoutes } from './staff/fulfilment.routes';
import { registerStaffRoutes } from './staff/staff.routes';
import { registerVendorMailRoutes } from './staff/vendor-mail.routes';
import { vendorCallbackRoutes } from './vendors/callback.routes';

export interface AppDeps {
  db: Db;
  temporal: Client;
  blobStore: BlobStore;
  secureCookies: boolean;
  keyCipher: KeyCipher;
  calendar: BankingCalendar;
  temporalUiUrl: string;
  namespace: string;
  prepayValidityBankingDays: number;
  usdMarkupBasisPoints: number;
  logger?: boolean;
}

const webRoot = fileURLToPath(new URL('../web', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 1024 * 1024 });
  registerErrorHandler(app);
  await app.register(cookie);
  registerAuth(app, { db: deps.db, secureCookies: deps.secureCookies });
  registerHealthRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerRequisitesRoutes(app);
  registerInvoiceRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerFulfilmentRoutes(app, deps);
  registerVendorMailRoutes(app, deps);
  await app.register(onecRoutes, { prefix: '/api/1c', ...deps });
  await app.register(vendorCallbackRoutes, { prefix: '/api/vendor-callbacks', ...deps });
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: 'index.html' });
  return app;
}
