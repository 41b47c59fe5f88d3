import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { inArray, sql } from 'drizzle-orm';
import { connectDb } from '../../db/client';
import { dealers } from '../../db/schema';
import { ensureDatabase, runMigrations } from '../../db/migrate';
import { seed } from '../../db/seed';
import { startDovecot } from '../../scripts/lib/dovecot';
import { freePort } from '../../scripts/lib/free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    keyEncryptionKey: string;
    vendorApiToken: string;
    onecClient: { id: string; secret: string };
    /** The run's own dovecot: any address is a mailbox, all with this password. */
    mail: { imapPort: number; lmtpPort: number; password: string };
  }
}

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * One database per test run, migrated and seeded with the demo catalog, dropped at the end.
 * Secrets are made up for the run: nothing in the tests depends on a developer's .data/.
 */
export default async function setup(project: TestProject) {
  const name = `sid_test_${Date.now()}_${process.pid}`;
  const url = `${SERVER_URL}/${name}`;
  const keyEncryptionKey = randomBytes(32).toString('base64');
  const vendorApiToken = randomBytes(16).toString('hex');
  const onecClient = { id: 'test-1c', secret: randomBytes(32).toString('hex') };
  await ensureDatabase(url);
  await runMigrations(url);
  const handle = connectDb(url, { max: 1 });
  try {
    // The simulator's URL is set per test file, where the simulator runs.
    await seed(handle.db, { vendorApiUrl: 'http://127.0.0.1:9', vendorApiToken, keyEncryptionKey, onecClient });
    // Every test file of the run orders as the demo dealers, and orders on credit stay owed (no
    // 1C pays them here): a limit a hundred times the demo's keeps one file from using up another's.
    await handle.db.update(dealers).set({ creditLimitKopecks: sql`${dealers.creditLimitKopecks} * 100` }).where(inArray(dealers.settlementScheme, ['postpay', 'monthly']));
  } finally {
    await handle.close();
  }
  project.provide('databaseUrl', url);
  project.provide('keyEncryptionKey', keyEncryptionKey);
  project.provide('vendorApiToken', vendorApiToken);
  project.provide('onecClient', onecClient);

  // Short path: dovecot's sockets live under it.
  const mailDir = mkdtempSync(join(tmpdir(), 'sid-mail-'));
  const dovecot = await startDovecot({ dir: mailDir, imapPort: await freePort(), lmtpPort: await freePort(), password: randomBytes(12).toString('hex') });
  project.provide('mail', { imapPort: dovecot.imap.port, lmtpPort: dovecot.lmtp.port, password: dovecot.password });

  return async () => {
    await dovecot.stop();
    rmSync(mailDir, { recursive: true, force: true });
    const admin = postgres(`${SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}
