import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import type { BankingCalendar } from '../domain/banking-calendar';
import type { BlobStore } from '../infra/blob-store';
import type { KeyCipher } from '../infra/key-cipher';
import { ru } from '../locale/ru';
import { registerApiKeyRoutes } from './accounts/api-keys.routes';
import { registerDealerUserRoutes } from './accounts/dealer-users.routes';
import { registerAuth } from './auth';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerCatalogRoutes } from './catalog/catalog.routes';
import { registerRegistrationRoutes } from './dealers/registration.routes';
import { registerStaffDealerRoutes } from './dealers/staff-dealers.routes';
import { registerContracts } from './contracts';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './errors';
import { registerInputGuard } from './input-guard';
import { DEFAULT_RATE_LIMITS, registerRateLimits } from './rate-limits';
import { registerSecurityHeaders } from './security-headers';
import type { LoginThrottleLimits, RateLimits } from '../domain/edge-limits';
import { registerHealthRoutes } from './health.routes';
import { registerMetricsRoutes } from './metrics.routes';
import { registerInvoiceRoutes } from './billing/invoices.routes';
import { registerReconciliationRoutes } from './documents/reconciliation.routes';
import { registerOrderLogging } from './order-logging';
import { registerOpenApi } from './openapi/openapi.routes';
import { onecRoutes } from './billing/onec.routes';
import { registerOrderApprovalRoutes } from './orders/order-approval.routes';
import { createOrderStarter } from './orders/order-starter';
import { registerOrderRoutes } from './orders/orders.routes';
import { quickOrderRoutes } from './orders/quick-order.routes';
import { registerKeyRedeliveryRoutes } from './orders/key-redelivery.routes';
import { registerLicenseRoutes } from './licenses/licenses.routes';
import { registerOrderTemplateRoutes } from './order-templates/order-templates.routes';
import { registerCartRoutes } from './carts/carts.routes';
import { registerQuoteRoutes } from './quotes/quotes.routes';
import { registerPasswordResetRoutes } from './accounts/password-reset.routes';
import { registerRequisitesRoutes } from './requisites/requisites.routes';
import { registerFulfilmentRoutes } from './fulfilment/staff-fulfilment.routes';
import { registerPolicyHoldRoutes } from './orders/policy-hold.routes';
import { registerStaffOrderHistoryRoutes } from './orders/staff-order-history.routes';
import { staffPriceListRoutes } from './pricing/price-lists.routes';
import { registerStaffPricingRuleRoutes } from './pricing/price-rules.routes';
import { registerStaffRoutes } from './staff/staff.routes';
import { registerStaffSearchRoutes } from './staff/staff-search.routes';
import { registerVendorMailRoutes } from './mail/vendor-mail.routes';
import { registerStaffVendorRoutes } from './vendors/staff-vendors.routes';
import { vendorCallbackRoutes } from './vendors/callback.routes';
import { registerWebhookRoutes } from './webhooks/webhooks.routes';

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
  /** How many banking days behind the Central Bank's current rate orders may still be placed (default 1). */
  maxRateAgeBankingDays?: number;
  logger?: boolean;
  /** The bearer token a Prometheus scraper sends for /metrics (SID_METRICS_TOKEN); absent: /metrics is off. */
  metricsToken?: string | undefined;
  /** How often the API starts orders recorded while Temporal could not be reached (default 15 s; 0: never). */
  orderStarterIntervalMs?: number;
  /** Requests per address on public and machine routes (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Wrong passwords per login and address before waits begin (default DEFAULT_LOGIN_THROTTLE). */
  loginThrottle?: LoginThrottleLimits;
  /** Fastify's trustProxy: whose X-Forwarded-For names the client address (config SID_TRUST_PROXY). */
  trustProxy?: boolean | string;
  /** SID is reached over https (SID_PUBLIC_URL): HSTS and upgrade-insecure-requests are sent. */
  https?: boolean;
  /** How long a client may take to send a whole request, body included (default 120 s; config SID_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs?: number;
  /** How long a connection may stay silent (default 60 s; config SID_CONNECTION_IDLE_TIMEOUT_SECONDS). */
  connectionTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 60_000;

/** The built web app (`npm run build:web`, src/web/vite.config.ts); the sources in src/web are not served. */
const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const requestTimeoutMs = deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    // Refusals made before any hook runs answer in the API's error shape too.
    frameworkErrors,
    clientErrorHandler,
    // A client trickling a body byte by byte must not hold a connection for good: the whole request
    // (the largest is an 8 MB price list) has this long to arrive, and a silent socket is closed.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: deps.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    // Given to Node's server when it is made as well: Node 20 ignores a request timeout set later
    // or one shorter than the headers timeout, and checks them every 30 s unless told otherwise.
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(60_000, requestTimeoutMs),
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 4))),
    },
  });
  registerErrorHandler(app);
  // Before every route and plugin, so that all of them inherit them (input-guard.ts, rate-limits.ts).
  registerInputGuard(app);
  await registerRateLimits(app, deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  await registerSecurityHeaders(app, { https: deps.https ?? false });
  // Before any route: the routes' zod contracts validate, serialise and describe them.
  await registerContracts(app);
  // First, so that it sees every route registered after it (test/api/openapi.test.ts).
  registerOpenApi(app);
  // Root hooks first, so that every route below, plugins included, is measured and tagged.
  registerMetricsRoutes(app, deps);
  registerOrderLogging(app);
  await app.register(cookie);
  registerAuth(app, { db: deps.db, secureCookies: deps.secureCookies, loginThrottle: deps.loginThrottle });
  registerHealthRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  const orderStarter = createOrderStarter(deps);
  registerOrderRoutes(app, { ...deps, orderStarter });
  registerOrderApprovalRoutes(app, { ...deps, orderStarter });
  const starterInterval = deps.orderStarterIntervalMs ?? 15_000;
  if (starterInterval > 0) {
    const timer = setInterval(() => {
      orderStarter.startStranded().then(
        ({ started }) => started.length > 0 && app.log.info({ started }, 'order workflows started late'),
        (err: unknown) => app.log.warn({ err }, 'stranded orders not started yet'),
      );
    }, starterInterval);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  registerRequisitesRoutes(app, deps);
  registerRegistrationRoutes(app, deps);
  registerPasswordResetRoutes(app, deps);
  registerStaffDealerRoutes(app, deps);
  registerInvoiceRoutes(app, deps);
  registerReconciliationRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerStaffSearchRoutes(app, deps);
  registerFulfilmentRoutes(app, deps);
  registerPolicyHoldRoutes(app, deps);
  registerStaffOrderHistoryRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerVendorMailRoutes(app, deps);
  registerStaffVendorRoutes(app, deps);
  registerDealerUserRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerStaffPricingRuleRoutes(app, deps);
  // A plugin: its own error handler words the upload size limit.
  await app.register(staffPriceListRoutes, deps);
  // Quick order and key re-delivery (dealers); quick order is a plugin for its upload size limit.
  await app.register(quickOrderRoutes, deps);
  registerKeyRedeliveryRoutes(app, deps);
  // Delivered licences and their renewal (dealers' "Продления").
  registerLicenseRoutes(app, deps);
  // Dealers' commercial offers (ordered through the same order starter) and saved order templates.
  registerQuoteRoutes(app, { ...deps, orderStarter });
  registerOrderTemplateRoutes(app, deps);
  registerCartRoutes(app, deps);
  await app.register(onecRoutes, { prefix: '/api/1c', ...deps });
  await app.register(vendorCallbackRoutes, { prefix: '/api/vendor-callbacks', ...deps });
  if (existsSync(join(webRoot, 'index.html'))) {
    // Bundles carry a content hash in their names and may be cached for good; index.html may not.
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: 'index.html',
      setHeaders: (res, path) => res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  } else {
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(ru.web.notBuilt));
  }
  return app;
}
