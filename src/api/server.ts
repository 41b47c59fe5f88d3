import { Client, Connection } from '@temporalio/client';
import { connectDb } from '../../db/client';
import { loadConfig } from '../config';
import { createConfiguredBlobStore } from '../infra/blob-store';
import { createKeyCipher } from '../infra/key-cipher';
import { loadProductionCalendar } from '../infra/production-calendar';
import { DEFAULT_LOGIN_THROTTLE } from '../domain/edge-limits';
import { buildApp } from './app';

// Configuration from the environment only: a missing secret stops the process here, in every
// environment. Development secrets are `npm start`'s to generate and pass in (scripts/start.ts).
const config = loadConfig(process.env);
const handle = connectDb(config.DATABASE_URL);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const app = await buildApp({
  db: handle.db,
  temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
  blobStore: createConfiguredBlobStore(config, handle.db, createKeyCipher(config.SID_KEY_ENCRYPTION_KEY)),
  keyCipher: createKeyCipher(config.SID_KEY_ENCRYPTION_KEY),
  calendar: await loadProductionCalendar(),
  prepayValidityBankingDays: config.SID_PREPAY_VALIDITY_BANKING_DAYS,
  usdMarkupBasisPoints: config.SID_USD_MARKUP_BASIS_POINTS,
  maxRateAgeBankingDays: config.SID_MAX_RATE_AGE_BANKING_DAYS,
  secureCookies: config.SID_COOKIE_SECURE,
  temporalUiUrl: config.TEMPORAL_UI_URL,
  namespace: config.TEMPORAL_NAMESPACE,
  metricsToken: config.SID_METRICS_TOKEN,
  logger: true,
  https: config.SID_PUBLIC_URL.startsWith('https:'),
  requestTimeoutMs: config.SID_REQUEST_TIMEOUT_SECONDS * 1000,
  connectionTimeoutMs: config.SID_CONNECTION_IDLE_TIMEOUT_SECONDS * 1000,
  trustProxy: config.SID_TRUST_PROXY === 'true' ? true : config.SID_TRUST_PROXY || false,
  rateLimits: {
    loginPerMinute: config.SID_RATE_LIMIT_LOGIN_PER_MINUTE,
    formsPerHour: config.SID_RATE_LIMIT_FORMS_PER_HOUR,
    requisiteChecksPerMinute: config.SID_RATE_LIMIT_REQUISITE_CHECKS_PER_MINUTE,
    machinePerMinute: config.SID_RATE_LIMIT_MACHINE_PER_MINUTE,
  },
  loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, failuresPerAddress: config.SID_LOGIN_FAILURES_PER_ADDRESS, failuresPerAccount: config.SID_LOGIN_FAILURES_PER_ACCOUNT },
});
await app.listen({ host: config.HOST, port: config.PORT });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await connection.close();
    await handle.close();
    process.exit(0);
  });
}
