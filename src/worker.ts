import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import { pino, type Logger } from 'pino';
import { connectDb } from '../db/client';
import { createActivities, type ActivityDeps } from './activities';
import { loadConfig } from './config';
import { createConfiguredBlobStore } from './infra/blob-store';
import { loadProductionCalendar } from './infra/production-calendar';
import { loadSupplier } from './infra/supplier';
import { createKeyCipher } from './infra/key-cipher';
import { createMailer, mailboxFromUrl } from './infra/mail';
import { ensureCbrRatesSchedule } from './workflows/rates/exchange-rates.schedule';
import { ensureBikDirectorySchedule } from './workflows/requisites/bik-directory.schedule';
import { ORDER_TASK_QUEUE } from './workflows/orders/order.contract';
import { ensureVendorMailboxSchedule, ensureVendorMailboxWatch } from './workflows/mail/vendor-mailbox.schedule';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export async function createSidWorker(options: {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
  /** Workflows kept in memory between tasks; the SDK's default is sized from the heap. */
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? ORDER_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.deps),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
}

const pinoLevels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Before any connection: the SDK's and the activities' log lines go to pino as JSON (an order's
 * lines carry its `orderNumber`, src/infra/order-log.ts), and the SDK's metrics to Prometheus.
 */
function installRuntime(metricsAddress: string): Logger {
  const logger = pino({ base: { process: 'sid-worker' } });
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => logger[pinoLevels[level]](meta ?? {}, message)),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
  return logger;
}

/**
 * The workflow code bundled at build time: SID_WORKFLOW_BUNDLE, or the bundle scripts/build.ts
 * writes beside the compiled worker (dist/server/workflow-bundle.js). Without one (the worker run
 * from its TypeScript source by `npm start`), the SDK bundles src/workflows at start-up.
 */
export function prebuiltWorkflowBundle(env: NodeJS.ProcessEnv, moduleUrl = import.meta.url): string | undefined {
  if (env.SID_WORKFLOW_BUNDLE) {
    if (!existsSync(env.SID_WORKFLOW_BUNDLE)) throw new Error(`SID_WORKFLOW_BUNDLE: no file at ${env.SID_WORKFLOW_BUNDLE}`);
    return env.SID_WORKFLOW_BUNDLE;
  }
  const beside = fileURLToPath(new URL('./workflow-bundle.js', moduleUrl));
  if (existsSync(beside)) return beside;
  // Compiled JavaScript has no workflow sources beside it to bundle.
  if (moduleUrl.endsWith('.js')) throw new Error(`no workflow bundle at ${beside}: build the server with \`npm run build\` (scripts/build.ts)`);
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // From the environment only: `npm start` passes development secrets; anything else must set them.
  const config = loadConfig(process.env);
  const logger = installRuntime(config.SID_WORKER_METRICS_ADDRESS);
  const workflowBundlePath = prebuiltWorkflowBundle(process.env);
  if (!config.SID_VENDOR_MAILBOX_URL) throw new Error('SID_VENDOR_MAILBOX_URL is required: the mailbox vendors reply to (imap://user:password@host:port/INBOX)');
  const mailer = createMailer(config.SID_MAIL_URL, config.SID_MAIL_FROM);
  const handle = connectDb(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createSidWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : {}),
    ...(config.SID_WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.SID_WORKER_MAX_CACHED_WORKFLOWS } : {}),
    deps: {
      db: handle.db,
      blobStore: createConfiguredBlobStore(config, handle.db, createKeyCipher(config.SID_KEY_ENCRYPTION_KEY)),
      keyCipher: createKeyCipher(config.SID_KEY_ENCRYPTION_KEY),
      calendar: await loadProductionCalendar(),
      supplier: await loadSupplier(),
      cbrUrl: config.SID_CBR_URL,
      bikUrl: config.SID_BIK_URL,
      temporal: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
      publicUrl: config.SID_PUBLIC_URL,
      mail: {
        mailer,
        vendorMailbox: mailboxFromUrl(config.SID_VENDOR_MAILBOX_URL),
        attachmentLimitBytes: config.SID_MAIL_ATTACHMENT_LIMIT_BYTES,
      },
    },
  });
  const scheduler = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  await ensureCbrRatesSchedule(scheduler);
  await ensureBikDirectorySchedule(scheduler);
  await ensureVendorMailboxSchedule(scheduler, config.SID_VENDOR_MAILBOX_POLL_SECONDS);
  if (config.SID_VENDOR_MAILBOX_IDLE) await ensureVendorMailboxWatch(scheduler);
  logger.info({ taskQueue: ORDER_TASK_QUEUE, workflowBundle: workflowBundlePath ?? 'bundled at start-up from src/workflows' }, 'worker ready');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
  mailer.close();
  await connection.close();
  await clientConnection.close();
  await handle.close();
}
