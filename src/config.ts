import { z } from 'zod';
import { DEFAULT_LOGIN_THROTTLE, DEFAULT_RATE_LIMITS } from './domain/edge-limits';
import { parseOutboundAllowList } from './infra/outbound-address';

/**
 * Configuration comes only from the environment. Secrets have no defaults here:
 * `npm start` generates development secrets under .data/ and passes them in.
 */
const base64Key = z
  .string({ error: 'is required (32 random bytes, base64)' })
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64');

const schema = z.object({
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/sid'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_UI_URL: z.string().default('http://127.0.0.1:8233'),
  PORT: z.coerce.number().int().default(3000),
  HOST: z.string().default('127.0.0.1'),
  SID_KEY_ENCRYPTION_KEY: base64Key,
  /**
   * Where key archives, documents and mail originals are kept (src/infra/blob-store.ts): 'postgres'
   * (the `blobs` table; every replica reaches it) or 'local' (files under SID_BLOB_DIR: one machine
   * only, the worker and the API must share the folder).
   */
  SID_BLOB_STORE: z.enum(['postgres', 'local']).default('postgres'),
  /** The local store's folder; with 'postgres', blobs found here are copied into the table by `npm start` / `npm run blobs:migrate`. */
  SID_BLOB_DIR: z.string().default('.data/blobs'),
  /** The largest blob the PostgreSQL store takes (plaintext bytes; bytea holds at most 1 GB). */
  SID_BLOB_MAX_BYTES: z.coerce.number().int().min(1).max(512 * 1024 * 1024).default(50 * 1024 * 1024),
  /** Banking days an unpaid prepay invoice stays valid before the order is cancelled. */
  SID_PREPAY_VALIDITY_BANKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  SID_CBR_URL: z.url().default('https://www.cbr.ru/scripts/XML_daily.asp'),
  /** The Central Bank's BIK directory: a zip holding the ED807 XML (loaded by the `bik-directory` schedule). */
  SID_BIK_URL: z.url().default('https://www.cbr.ru/s/newbik'),
  /** Markup over the Central Bank's USD rate for dealer prices, in basis points (150 = 1.5%). */
  SID_USD_MARKUP_BASIS_POINTS: z.coerce.number().int().min(0).max(5000).default(0),
  /**
   * Orders may be placed on a USD rate at most this many banking days behind the Central Bank's
   * rate for today (a staff task is raised as soon as it is behind at all).
   */
  SID_MAX_RATE_AGE_BANKING_DAYS: z.coerce.number().int().min(0).max(60).default(1),
  /** Where people and vendors reach SID: links in letters, vendor callback URLs. */
  SID_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  /** Outgoing mail: smtp://user:pass@host:587, smtps://…, or lmtp://host:port (the local dovecot in development). */
  SID_MAIL_URL: z.string().default('lmtp://127.0.0.1:2424'),
  SID_MAIL_FROM: z.string().default('SID <orders@sid.local>'),
  /** The orders mailbox where vendors reply: imap(s)://user:password@host:port/INBOX. Required by the worker. */
  SID_VENDOR_MAILBOX_URL: z.string().optional(),
  /** How often the vendor mailbox is read (a Temporal Schedule). */
  SID_VENDOR_MAILBOX_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Watch the vendor mailbox with IMAP IDLE (replies read within seconds); the schedule above stays as the safety net. */
  SID_VENDOR_MAILBOX_IDLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** A key archive larger than this goes to the dealer as a link instead of an attachment. */
  SID_MAIL_ATTACHMENT_LIMIT_BYTES: z.coerce.number().int().min(0).default(10 * 1024 * 1024),
  /**
   * Where the worker serves the Temporal SDK's metrics for Prometheus (host:port, path /metrics);
   * empty turns them off. The API's own metrics are at the API's /metrics.
   */
  SID_WORKER_METRICS_ADDRESS: z.string().default('127.0.0.1:9464'),
  /**
   * The API's /metrics answers only `Authorization: Bearer <this>` (at least 16 characters);
   * unset, /metrics is off. The worker's SDK metrics listen on their own internal address.
   */
  SID_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Workflows the worker keeps in memory between tasks. The SDK's own default is sized from the
   * heap (some 2,300 on this machine: 1.3 GB of worker memory at the month-end close; 300 took
   * 800 MB, 100 650 MB); most of SID's workflows wait days between tasks, and one evicted is
   * replayed from its short history when it wakes. Keep it at least the worker's concurrent
   * workflow tasks (the SDK lowers those to it).
   */
  SID_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  // --- Edge security (issue 19) ---
  /**
   * Which proxies' X-Forwarded-For the API believes for the client address that rate limits and
   * login throttling count by: 'true' (any: only behind a proxy that sets it), or a comma-separated
   * list of addresses/CIDRs. Empty: none, the connection's own address counts.
   */
  SID_TRUST_PROXY: z.string().default(''),
  /** Per client address and route (src/api/rate-limits.ts). */
  SID_RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.loginPerMinute),
  SID_RATE_LIMIT_FORMS_PER_HOUR: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.formsPerHour),
  SID_RATE_LIMIT_REQUISITE_CHECKS_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.requisiteChecksPerMinute),
  SID_RATE_LIMIT_MACHINE_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.machinePerMinute),
  /** How long a client may take to send a whole request, body included; and how long a connection may stay silent. */
  SID_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  SID_CONNECTION_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Wrong passwords per login and address, and per login over all untrusted addresses, before waits begin (login-throttle.usecases.ts). */
  SID_LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_LOGIN_THROTTLE.failuresPerAddress),
  SID_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(DEFAULT_LOGIN_THROTTLE.failuresPerAccount),
  /**
   * The session cookie's Secure flag. Unset: on whenever NODE_ENV=production or SID_PUBLIC_URL is
   * https (see loadConfig); 'false' only for a production-mode run on plain http you mean to have.
   */
  SID_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  NODE_ENV: z.string().optional(),
  /**
   * Development only: host:port pairs (comma-separated) that outbound requests (webhooks, vendor
   * APIs) may reach although they are not public addresses, over plain http too. `npm start` puts
   * the vendor simulator here. Refused with NODE_ENV=production. See src/infra/outbound-address.ts.
   */
  SID_OUTBOUND_ALLOW: z.string().optional(),
});

export type Config = Omit<z.infer<typeof schema>, 'SID_COOKIE_SECURE'> & { SID_COOKIE_SECURE: boolean };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`SID configuration is incomplete:\n${problems}`);
  }
  try {
    parseOutboundAllowList(parsed.data.SID_OUTBOUND_ALLOW, env);
  } catch (err) {
    throw new Error(`SID configuration is incomplete:\n  SID_OUTBOUND_ALLOW: ${(err as Error).message}`);
  }
  const { SID_COOKIE_SECURE: secure, ...config } = parsed.data;
  return { ...config, SID_COOKIE_SECURE: secure === undefined ? config.NODE_ENV === 'production' || config.SID_PUBLIC_URL.startsWith('https:') : secure === 'true' };
}
