import { ensureDatabase, runMigrations } from '../db/migrate';
import { connectDb } from '../db/client';
import { seed } from '../db/seed';
import { loadDevSecrets } from './lib/dev-secrets';
import { databaseReachable, DEFAULT_DATABASE_URL } from './lib/database';

const env = loadDevSecrets();
const url = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
if (!(await databaseReachable(url))) {
  console.log(`PostgreSQL at ${new URL(url).host} is not reachable: \`npm start\` will use embedded PGlite under .data/`);
} else {
  await ensureDatabase(url);
  await runMigrations(url);
  const handle = connectDb(url, { max: 1 });
  try {
    const counts = await seed(handle.db, {
      vendorApiUrl: env.VENDOR_SIM_URL ?? 'http://127.0.0.1:3100',
      vendorApiToken: env.VENDOR_SIM_TOKEN!,
      keyEncryptionKey: env.SID_KEY_ENCRYPTION_KEY!,
      onecClient: env.ONEC_DEMO_SECRET ? { id: 'demo-1c', secret: env.ONEC_DEMO_SECRET } : undefined,
    });
    console.log(`database ${new URL(url).pathname.slice(1)} migrated; demo seed: ${counts.vendors} vendors, ${counts.products} products`);
  } catch (err) {
    console.error(`set-up stopped: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}
