/**
 * One SID worker in a process of its own, for tests that kill a worker (SIGKILL) in the middle of
 * an activity and start another. The same activities and workflow code as src/worker.ts; the test
 * bundles the workflow code once and passes the file, so a worker is up in a second or two.
 *
 * Environment: DATABASE_URL, SID_KEY_ENCRYPTION_KEY, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * SID_BLOB_STORE and SID_BLOB_DIR (as src/worker.ts: PostgreSQL unless 'local'), SID_PUBLIC_URL, SID_MAIL_URL, SID_WORKFLOW_BUNDLE (the bundled workflow code). Prints
 * "worker ready" once it is about to poll.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectDb } from '../../db/client';
import { loadConfig } from '../../src/config';
import { createConfiguredBlobStore } from '../../src/infra/blob-store';
import { createKeyCipher } from '../../src/infra/key-cipher';
import { createMailer } from '../../src/infra/mail';
import { loadProductionCalendar } from '../../src/infra/production-calendar';
import { loadSupplier } from '../../src/infra/supplier';
import { createSidWorker } from '../../src/worker';

const codePath = process.env.SID_WORKFLOW_BUNDLE;
if (!codePath) throw new Error('SID_WORKFLOW_BUNDLE: the path of the bundled workflow code is required');
Runtime.install({ logger: new DefaultLogger(process.env.SID_TEST_LOG === '1' ? 'INFO' : 'ERROR') });

const config = loadConfig();
const handle = connectDb(config.DATABASE_URL, { max: 4 });
const mailer = createMailer(config.SID_MAIL_URL, config.SID_MAIL_FROM);
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await createSidWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  workflowBundle: { codePath },
  deps: {
    db: handle.db,
    blobStore: createConfiguredBlobStore(config, handle.db, createKeyCipher(config.SID_KEY_ENCRYPTION_KEY)),
    keyCipher: createKeyCipher(config.SID_KEY_ENCRYPTION_KEY),
    calendar: await loadProductionCalendar(),
    supplier: await loadSupplier(),
    cbrUrl: 'http://127.0.0.1:9/none',
    temporal: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
    publicUrl: config.SID_PUBLIC_URL,
    // Nothing reads the vendor mailbox here: these tests are about API vendors.
    mail: { mailer, vendorMailbox: null, attachmentLimitBytes: config.SID_MAIL_ATTACHMENT_LIMIT_BYTES },
  },
});
process.stdout.write('worker ready\n');
// SIGTERM shuts the worker down gracefully; the test's SIGKILL is the point.
await worker.run();
mailer.close();
await connection.close();
await clientConnection.close();
await handle.close();
