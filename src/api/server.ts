import { Client, Connection } from '@temporalio/client';
import { connectDb } from '../../db/client';
import { loadConfig } from '../config';
import { createLocalBlobStore } from '../infra/blob-store';
import { createKeyCipher } from '../infra/key-cipher';
import { loadProductionCalendar } from '../infra/production-calendar';
import { buildApp } from './app';

// Configuration from the environment only: a missing secret stops the process here, in every
// environment. Development secrets are `npm start`'s to generate and pass in (scripts/start.ts).
const config = loadConfig(process.env);
const handle = connectDb(config.DATABASE_URL);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const app = await buildApp({
  db: handle.db,
  temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
  blobStore: createLocalBlobStore(config.SID_BLOB_DIR),
  keyCipher: createKeyCipher(config.SID_KEY_ENCRYPTION_KEY),
  calendar: await loadProductionCalendar(),
  prepayValidityBankingDays: config.SID_PREPAY_VALIDITY_BANKING_DAYS,
  usdMarkupBasisPoints: config.SID_USD_MARKUP_BASIS_POINTS,
  maxRateAgeBankingDays: config.SID_MAX_RATE_AGE_BANKING_DAYS,
  secureCookies: config.SID_COOKIE_SECURE,
  temporalUiUrl: config.TEMPORAL_UI_URL,
  namespace: config.TEMPORAL_NAMESPACE,
  logger: true,
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
